import type { Config } from '../config.ts';
import { openPgStore } from './pg-store.ts';
import { openSqliteStore } from './sqlite-store.ts';
import type { Store } from './store.ts';

/** The store the configuration names (DATABASE_URL: PostgreSQL, else SQLite in DATA_DIR), migrated. */
export function openStore(config: Pick<Config, 'database' | 'dbFile'>, opts: { onIdleError?: (err: Error) => void } = {}): Promise<Store> {
  const database = config.database;
  if (database.kind === 'pg') return openPgStore({ url: database.url, poolMax: database.poolMax, onIdleError: opts.onIdleError });
  return Promise.resolve(openSqliteStore(config.dbFile));
}
