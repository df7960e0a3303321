import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { projectPaths } from '../paths.ts';
import { pgHealth } from './store-health.ts';
import type { Db, Store } from './store.ts';

// From the project root: a path relative to this module would differ between the sources and dist/.
const migrationsFolder = projectPaths.migrationsPg;
// Any constant shared by every node: the nodes of a cluster starting together migrate one at a time.
const MIGRATION_LOCK = 0x6b616f63;

export type PgStoreOptions = {
  url: string;
  poolMax: number;
  /** An idle pooled connection failed (server restart, network): logged, the pool reconnects. */
  onIdleError?: (err: Error) => void;
};

/**
 * Opens a node-postgres pool as a store and migrates the database. Every connection runs with
 * synchronous_commit=on whatever the server's default, so a COMMIT that returned is on the
 * primary's disk: an ack means durable, as on SQLite. A transaction forgotten open is ended by the
 * server after a minute rather than holding its locks for ever.
 */
export async function openPgStore(opts: PgStoreOptions): Promise<Store> {
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.poolMax,
    connectionTimeoutMillis: 10_000,
    application_name: 'kaochang',
    options: '-c synchronous_commit=on -c idle_in_transaction_session_timeout=60000',
  });
  // Without a listener, an idle client's error would crash the process.
  pool.on('error', (err) => opts.onIdleError?.(err));
  try {
    await migrateExclusively(pool);
  } catch (err) {
    await pool.end();
    throw err;
  }
  const db = drizzle(pool);
  Object.assign(db, { transaction: <T>(fn: (tx: Db) => Promise<T>) => transaction(pool, fn) });
  return { dialect: 'pg', db: db as unknown as Db, health: () => pgHealth(pool), close: () => pool.end() };
}

async function migrateExclusively(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await migrate(drizzle(client), { migrationsFolder });
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}

/**
 * One pooled connection per transaction (drizzle's nested `tx.transaction` makes savepoints on it).
 * The connection goes back to the pool unless BEGIN, COMMIT or ROLLBACK failed without an answer
 * from the server, in which case it may be half-open and is destroyed instead.
 */
async function transaction<T>(pool: pg.Pool, fn: (tx: Db) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  const none = Symbol('none');
  let bodyError: unknown = none;
  let broken: Error | undefined;
  // A checked-out client's connection error is an 'error' event; unheard, it would crash the
  // process. The failing query rejects as well, which is how the transaction learns of it.
  const onError = (err: Error) => (broken = err);
  client.on('error', onError);
  try {
    return await drizzle(client).transaction(async (tx) => {
      try {
        return await fn(tx as unknown as Db);
      } catch (error) {
        bodyError = error;
        throw error;
      }
    });
  } catch (error) {
    // drizzle rethrows the body's own error only after a successful ROLLBACK.
    if (error !== bodyError && !isServerAnswer(error)) broken = error instanceof Error ? error : new Error(String(error));
    throw error;
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}

function isServerAnswer(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) if (e instanceof pg.DatabaseError) return true;
  return false;
}
