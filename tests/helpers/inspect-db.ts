import type Database from 'better-sqlite3';
import pg from 'pg';

/**
 * Raw SQL for tests that look into the app's database, on either store: `?` placeholders, rows
 * shaped as SQLite gives them (integers, bigints and booleans as numbers), so one assertion reads
 * the same on both. Only for tests: the product reads through drizzle (docs/cluster.md §1).
 */
export interface DbInspector {
  /** Every row (an empty array for a statement that returns none). */
  query<T = any>(text: string, params?: unknown[]): Promise<T[]>;
  /** The first row, or undefined. */
  one<T = any>(text: string, params?: unknown[]): Promise<T | undefined>;
  close(): Promise<void>;
}

export function sqliteInspector(sqlite: Database.Database): DbInspector {
  // async, so a failing statement rejects as it does on PostgreSQL rather than throwing.
  const query = async <T>(text: string, params: unknown[] = []): Promise<T[]> => {
    const stmt = sqlite.prepare(text);
    if (stmt.reader) return stmt.all(...params) as T[];
    stmt.run(...params);
    return [];
  };
  return { query, one: async (text, params) => (await query<any>(text, params))[0], close: async () => {} };
}

const INT8 = 20;
const NUMERIC = 1700;
const BOOL = 16;

/** A small pool of its own, whose type parsers give SQLite's shapes; the app's pool keeps drizzle's. */
export function pgInspector(url: string): DbInspector {
  const pool = new pg.Pool({
    connectionString: url,
    max: 2,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === INT8 || oid === NUMERIC) return (v: string) => Number(v);
        if (oid === BOOL) return (v: string) => (v === 't' ? 1 : 0);
        return pg.types.getTypeParser(oid, format as 'text');
      }) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection cut when the database is dropped at close: the queries' own rejections are what tests hear.
  pool.on('error', () => {});
  const query = async <T>(text: string, params: unknown[] = []): Promise<T[]> => (await pool.query(numberedPlaceholders(text), params)).rows as T[];
  return { query, one: async (text, params) => (await query<any>(text, params))[0], close: () => pool.end() };
}

/** SQLite's `?` as PostgreSQL's `$1, $2…`, leaving quoted strings and identifiers alone. */
export function numberedPlaceholders(text: string): string {
  let n = 0;
  let quote: string | null = null;
  let out = '';
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '?') {
      out += `$${++n}`;
      continue;
    }
    out += ch;
  }
  return out;
}
