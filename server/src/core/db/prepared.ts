import type { Db } from './store.ts';

type PreparedQuery = { execute(values?: Record<string, unknown>): Promise<unknown> };

const names = new Set<string>();

/**
 * A hot statement built once per connection handle instead of on every call: drizzle builds the SQL
 * text of a query each time it runs (tens of microseconds for an upsert, more than SQLite takes to
 * execute it). `build` gets the handle and the statement's name and returns
 * `query.prepare(name)` with `sql.placeholder(…)` for the values; call it as
 * `await upsertAnswer(tx).execute({ … })`.
 *
 * On SQLite the root and transaction handles are long-lived, so each statement is built twice in a
 * process's life. On PostgreSQL a transaction's handle lives for one transaction (one group-commit
 * batch), so the statement is built once per batch, and runs as a named prepared statement, parsed
 * once per pooled connection. Names are global to a connection: unique, `feature.statement`.
 */
export function prepared<P extends PreparedQuery>(name: string, build: (db: Db, name: string) => P): (db: Db) => P {
  if (names.has(name)) throw new Error(`prepared statement name ${name} is used twice`);
  names.add(name);
  const cache = new WeakMap<Db, P>();
  return (db) => {
    let query = cache.get(db);
    if (!query) {
      query = build(db, name);
      cache.set(db, query);
    }
    return query;
  };
}
