import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe } from 'vitest';
import { openPgStore } from '../../server/src/core/db/pg-store.ts';
import { openSqliteStore } from '../../server/src/core/db/sqlite-store.ts';
import type { Dialect, Store } from '../../server/src/core/db/store.ts';
import { createPgDatabase, PG_ADMIN_URL } from './pg-database.ts';

export { createPgDatabase, PG_ADMIN_URL };

/**
 * The store matrix (issue #16). KAOCHANG_STORE chooses which stores data-layer tests run on:
 *   unset   SQLite, and PostgreSQL when it answers (else its tests are skipped with one line saying so)
 *   all     SQLite and PostgreSQL, which must answer (CI: .ci/run sets it)
 *   sqlite  SQLite only;  pg  PostgreSQL only (must answer)
 * PostgreSQL is reached at KAOCHANG_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/test);
 * each test file gets a database of its own, created fresh, migrated, and dropped at the end.
 */
const choice = process.env.KAOCHANG_STORE ?? '';

export type StoreCase = { dialect: Dialect; skip: string | null };

let reachable: Promise<string | null> | undefined;
/** null when PostgreSQL answers, else why not. */
export function pgUnreachable(): Promise<string | null> {
  reachable ??= (async () => {
    const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('select 1');
      return null;
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    } finally {
      await client.end().catch(() => {});
    }
  })();
  return reachable;
}

/** The stores this run covers; a required PostgreSQL that does not answer fails the run. */
export async function storeCases(): Promise<StoreCase[]> {
  if (!['', 'auto', 'all', 'sqlite', 'pg'].includes(choice)) throw new Error(`KAOCHANG_STORE=${choice}: use all, sqlite or pg (or leave it unset)`);
  const cases: StoreCase[] = choice === 'pg' ? [] : [{ dialect: 'sqlite', skip: null }];
  if (choice === 'sqlite') return cases;
  const why = await pgUnreachable();
  if (why && (choice === 'all' || choice === 'pg')) throw new Error(`KAOCHANG_STORE=${choice} needs PostgreSQL at ${PG_ADMIN_URL}: ${why}`);
  cases.push({ dialect: 'pg', skip: why && `PostgreSQL at ${PG_ADMIN_URL} does not answer (${why}); KAOCHANG_STORE=all requires it` });
  return cases;
}

/**
 * `describe` once per store of the run: `await describeStores('audit', (dialect) => { … })`.
 * A PostgreSQL that does not answer (and is not required) shows as one skipped block saying why.
 */
export async function describeStores(name: string, body: (dialect: Dialect) => void, opts: { only?: Dialect } = {}): Promise<void> {
  for (const c of await storeCases()) {
    if (opts.only && c.dialect !== opts.only) continue;
    const title = `${name} [${c.dialect}]`;
    if (c.skip) describe.skip(`${title}: ${c.skip}`, () => body(c.dialect));
    else describe(title, () => body(c.dialect));
  }
}

export type TestStore = { store: Store; dialect: Dialect; close(): Promise<void> } & ({ dialect: 'sqlite'; file: string } | { dialect: 'pg'; url: string });

/** A fresh, migrated store: a temp SQLite file, or a new PostgreSQL database. */
export async function openTestStore(dialect: Dialect): Promise<TestStore> {
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-store-'));
    const file = path.join(dir, 'test.sqlite');
    const store = openSqliteStore(file);
    return {
      dialect,
      file,
      store,
      async close() {
        await store.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const { url, drop } = await createPgDatabase();
  const store = await openPgStore({ url, poolMax: 4 });
  return {
    dialect,
    url,
    store,
    async close() {
      await store.close();
      await drop();
    },
  };
}
