import type Database from 'better-sqlite3';
import type pg from 'pg';
import { projectPaths } from '../paths.ts';
import { knownMigrations, migrationStatus, statusOf, type MigrationStatus } from './migrations.ts';

/** What /api/health reports of the database, on either store. */
export type StoreHealth = {
  database: { ok: boolean; writable: boolean; error?: string };
  migrations: { ok: boolean; applied: number; known: number; latest: string | null };
};

const migrationsOk = (s: MigrationStatus) => ({ ok: s.current, applied: s.applied, known: s.known, latest: s.latest });
const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * A write lock taken and given back: fails on a read-only file or folder, or a database another
 * process holds locked. It writes nothing, so a probe every few seconds costs no fsync.
 */
export function sqliteHealth(sqlite: Database.Database): StoreHealth {
  return { database: sqliteWritable(sqlite), migrations: migrationsOk(migrationStatus(sqlite)) };
}

function sqliteWritable(sqlite: Database.Database): StoreHealth['database'] {
  if (sqlite.readonly) return { ok: false, writable: false, error: 'opened read-only' };
  try {
    sqlite.exec('BEGIN IMMEDIATE');
    sqlite.exec('ROLLBACK');
    return { ok: true, writable: true };
  } catch (err) {
    if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
    return { ok: false, writable: false, error: message(err) };
  }
}

/**
 * PostgreSQL takes writes when it answers, is the primary (not a standby in recovery) and its
 * sessions are not read-only (e.g. `default_transaction_read_only`, a full disk's emergency setting).
 */
export async function pgHealth(pool: pg.Pool): Promise<StoreHealth> {
  const known = knownMigrations(projectPaths.migrationsPg);
  let database: StoreHealth['database'];
  try {
    const { rows } = await pool.query<{ recovery: boolean; readOnly: string }>(`select pg_is_in_recovery() as recovery, current_setting('transaction_read_only') as "readOnly"`);
    const writable = rows[0]?.recovery === false && rows[0]?.readOnly === 'off';
    database = writable ? { ok: true, writable } : { ok: false, writable, error: rows[0]?.recovery ? 'a standby in recovery' : 'read-only sessions' };
  } catch (err) {
    return { database: { ok: false, writable: false, error: message(err) }, migrations: migrationsOk(statusOf([], known)) };
  }
  try {
    return { database, migrations: migrationsOk(statusOf(await appliedPgMigrations(pool), known)) };
  } catch (err) {
    return { database: { ok: false, writable: database.writable, error: message(err) }, migrations: migrationsOk(statusOf([], known)) };
  }
}

async function appliedPgMigrations(pool: pg.Pool): Promise<number[]> {
  try {
    const { rows } = await pool.query<{ createdAt: string }>(`select created_at as "createdAt" from drizzle.__drizzle_migrations`);
    return rows.map((r) => Number(r.createdAt));
  } catch (err) {
    // Never migrated: drizzle's schema or table is missing.
    if ((err as { code?: string }).code === '42P01' || (err as { code?: string }).code === '3F000') return [];
    throw err;
  }
}
