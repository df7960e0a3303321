import { is, type ExtractTablesWithRelations } from 'drizzle-orm';
import type { NodePgQueryResultHKT } from 'drizzle-orm/node-postgres';
import { PgDatabase, type PgTransaction } from 'drizzle-orm/pg-core';
import * as pgTables from './pg-schema.ts';
import * as sqliteTables from './schema.ts';
import type { StoreHealth } from './store-health.ts';

/**
 * The dialect-neutral, asynchronous data layer (issue #16). Data access code is written once against
 * `Db` and runs on SQLite (better-sqlite3, the embedded default) and on PostgreSQL (node-postgres
 * pool). The rules for writing it are in docs/cluster.md; in short:
 *
 * - `Db` is typed as drizzle's PostgreSQL query builder (so SQLite-only `.get()`, `.all()` and
 *   `.run()` do not compile), and everything is awaited; hot statements go through `prepared()`.
 * - Tables come from `tablesOf(db)`, never from a value import of schema.ts or pg-schema.ts: each
 *   store hands its own dialect's tables, whose row types are identical (schema-parity.ts).
 * - Affected rows: `.returning({ id })` and its length, or `(await db.update(…)).rowCount`; never
 *   SQLite's `changes`.
 * - `db.transaction(async (tx) => …)` and, inside, only `tx`; a nested `tx.transaction` is a
 *   savepoint. A transaction's body awaits nothing but the database (no file or network I/O).
 */

type PgSchema = typeof pgTables;
type PgTx = PgTransaction<NodePgQueryResultHKT, PgSchema, ExtractTablesWithRelations<PgSchema>>;

/** A connection to either store, outside or inside a transaction (`tx` is a `Db` too). */
export type Db = Pick<PgTx, 'select' | 'selectDistinct' | 'insert' | 'update' | 'delete' | '$with' | 'with' | '$count' | 'execute'> & {
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
};

export type Tables = PgSchema;
export type Dialect = 'sqlite' | 'pg';

export interface Store {
  readonly dialect: Dialect;
  readonly db: Db;
  /** Whether the database takes writes and has this release's migrations (for /api/health). */
  health(): Promise<StoreHealth>;
  /** Waits for running transactions, then closes what the store opened. */
  close(): Promise<void>;
}

/** The tables of the store `db` belongs to, typed as PostgreSQL's (the row types are the same). */
export function tablesOf(db: Db): Tables {
  return (dialectOf(db) === 'pg' ? pgTables : sqliteTables) as unknown as Tables;
}

export function dialectOf(db: Db): Dialect {
  return is(db, PgDatabase) ? 'pg' : 'sqlite';
}
