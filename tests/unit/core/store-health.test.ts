import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { knownMigrations } from '../../../server/src/core/db/migrations.ts';
import { projectPaths } from '../../../server/src/core/paths.ts';
import { pgHealth, sqliteHealth } from '../../../server/src/core/db/store-health.ts';
import { createPgDatabase, describeStores, openTestStore, type TestStore } from '../../helpers/stores.ts';

/** What /api/health reports of the database, on either store (issue #16: a node on PostgreSQL has a health check too). */
await describeStores('store health', (dialect) => {
  let t: TestStore;
  beforeAll(async () => (t = await openTestStore(dialect)));
  afterAll(() => t.close());

  it('says a freshly migrated store takes writes and has every migration of this release', async () => {
    const known = knownMigrations(dialect === 'pg' ? projectPaths.migrationsPg : projectPaths.migrations);
    expect(await t.store.health()).toEqual({
      database: { ok: true, writable: true },
      migrations: { ok: true, applied: known.length, known: known.length, latest: known.at(-1)!.tag },
    });
  });
});

await describeStores(
  'store health on PostgreSQL when it cannot take writes',
  () => {
    let db: { url: string; drop: () => Promise<void> };
    beforeAll(async () => (db = await createPgDatabase()));
    afterAll(() => db.drop());

    it('reports read-only sessions and a database without our migrations', async () => {
      const pool = new pg.Pool({ connectionString: db.url, options: '-c default_transaction_read_only=on', max: 1 });
      try {
        const h = await pgHealth(pool);
        expect(h.database).toEqual({ ok: false, writable: false, error: 'read-only sessions' });
        expect(h.migrations).toMatchObject({ ok: false, applied: 0 });
      } finally {
        await pool.end();
      }
    });

    it('reports a server that does not answer, without throwing', async () => {
      const pool = new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:1/none', connectionTimeoutMillis: 2000, max: 1 });
      try {
        const h = await pgHealth(pool);
        expect(h.database.ok).toBe(false);
        expect(h.database.error).toMatch(/ECONNREFUSED|connect/);
        expect(h.migrations.ok).toBe(false);
      } finally {
        await pool.end();
      }
    });
  },
  { only: 'pg' },
);

it('reports a SQLite file opened read-only', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-health-'));
  const file = path.join(dir, 'x.sqlite');
  new Database(file).close();
  const ro = new Database(file, { readonly: true });
  try {
    expect(sqliteHealth(ro).database).toEqual({ ok: false, writable: false, error: 'opened read-only' });
  } finally {
    ro.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
