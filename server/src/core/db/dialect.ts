import { inArray, sql, type Column, type SQL, type SQLWrapper } from 'drizzle-orm';
import { dialectOf, type Db } from './store.ts';

/**
 * The few places where SQLite and PostgreSQL must be told apart, in one file so data access code
 * never branches on the dialect itself.
 */

type Lockable = { for(strength: 'update', config?: { skipLocked?: true }): unknown };

/**
 * `SELECT … FOR UPDATE [SKIP LOCKED]` on PostgreSQL, where several nodes may select the same rows
 * (every node sweeps due sessions); unchanged on SQLite, where the transaction already holds the
 * database's only write lock. Only inside a transaction.
 */
export function forUpdate<Q extends Lockable>(db: Db, query: Q, opts: { skipLocked?: boolean } = {}): Q {
  if (dialectOf(db) !== 'pg') return query;
  return query.for('update', opts.skipLocked ? { skipLocked: true } : undefined) as Q;
}

type KeyShareable = { for(strength: 'key share'): unknown };

/**
 * `SELECT … FOR KEY SHARE` on PostgreSQL: holds a row against another transaction's `FOR UPDATE`
 * (a finaliser, a paper being assigned) without blocking other sharers or plain updates of its
 * non-key columns. A foreign key check takes the same lock, so a write that inserts a row
 * referencing it pays nothing more. Unchanged on SQLite, like `forUpdate`. Only inside a transaction.
 */
export function forKeyShare<Q extends KeyShareable>(db: Db, query: Q): Q {
  if (dialectOf(db) !== 'pg') return query;
  return query.for('key share') as Q;
}

export type ConstraintKind = 'unique' | 'foreign_key' | 'not_null' | 'check';

const SQLITE_CODES: Record<string, ConstraintKind> = {
  SQLITE_CONSTRAINT_UNIQUE: 'unique',
  SQLITE_CONSTRAINT_PRIMARYKEY: 'unique',
  SQLITE_CONSTRAINT_FOREIGNKEY: 'foreign_key',
  SQLITE_CONSTRAINT_NOTNULL: 'not_null',
  SQLITE_CONSTRAINT_CHECK: 'check',
};
const PG_CODES: Record<string, ConstraintKind> = { '23505': 'unique', '23503': 'foreign_key', '23502': 'not_null', '23514': 'check' };

/**
 * Which constraint a failed statement broke, on either store (drizzle wraps the driver's error in
 * `cause`). Prefer preventing the violation (`onConflictDoNothing`, a conditional update); this is
 * for the race the check before it cannot close, e.g. two nodes taking the same seat at once.
 */
export function constraintViolation(error: unknown): ConstraintKind | undefined {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code !== 'string') continue;
    const kind = SQLITE_CODES[code] ?? PG_CODES[code];
    if (kind) return kind;
  }
  return undefined;
}

// PostgreSQL's text cannot hold a NUL character (SQLite's can): invalid byte sequence, untranslatable character.
const PG_UNSTORABLE_TEXT = new Set(['22021', '22P05']);

/** The value sent cannot be stored as text on this store (a NUL in a login, say): the client's input, not our failure. */
export function unstorableText(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && PG_UNSTORABLE_TEXT.has(code)) return true;
  }
  return false;
}

/**
 * Orders text by its bytes on both stores: SQLite compares text as bytes already, PostgreSQL by the
 * database's collation (en_US puts 'a-2' after 'a10'), so pages of keys would differ between them.
 */
export function byteOrder(db: Db, column: SQLWrapper): SQL {
  return dialectOf(db) === 'pg' ? sql`${column} collate "C"` : sql`${column}`;
}

/** Past this many ids a list goes as one parameter: an ordinary `IN (?, ?, …)` is cheaper for short ones. */
const LONG_LIST = 1000;

/**
 * `column IN ids` for lists of any length. SQLite allows 32,766 parameters in a statement and
 * PostgreSQL 65,535, and a province's sitting may hold more candidates than that: a long list is
 * sent as one parameter (a JSON array on SQLite, an integer array on PostgreSQL). Ids only, which
 * are checked to be integers, so nothing but digits ever goes into the parameter's text.
 */
export function idIn(db: Db, column: Column, ids: readonly number[]): SQL {
  if (ids.length < LONG_LIST) return inArray(column, [...ids]);
  return listIn(db, column, idList(db, ids));
}

/**
 * `column IN` the ids of one parameter, for a statement prepared once (core/db/prepared.ts): its
 * text is the same for a list of any length, so drizzle never builds it again (building an
 * `IN (?, ?, …)` of 500 ids cost a deadline's set more than SQLite took to run it). Execute it
 * with `{ [placeholder]: idList(db, ids) }`.
 */
export function inIdList(db: Db, column: Column, placeholder: string): SQL {
  return listIn(db, column, sql.placeholder(placeholder));
}

/** A list of ids as the one parameter `idIn` and `inIdList` take: checked to be integers, so nothing but digits goes into its text. */
export function idList(db: Db, ids: readonly number[]): string {
  const bad = ids.find((id) => !Number.isSafeInteger(id));
  if (bad !== undefined) throw new Error(`idList: ${String(bad)} is not an integer id`);
  return dialectOf(db) === 'pg' ? `{${ids.join(',')}}` : JSON.stringify(ids);
}

function listIn(db: Db, column: Column, list: unknown): SQL {
  if (dialectOf(db) === 'pg') return sql`${column} = any(${list}::integer[])`;
  return sql`${column} in (select value from json_each(${list}))`;
}
