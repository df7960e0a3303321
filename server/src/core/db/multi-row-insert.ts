import { sql } from 'drizzle-orm';
import { prepared } from './prepared.ts';
import { dialectOf, tablesOf, type Db, type Tables } from './store.ts';

/** PostgreSQL's statement sizes, largest first: n rows take about log(n) statements (SQLite: one per 256). */
const SIZES = [256, 64, 16, 4, 1];

/**
 * Rows inserted a few statements at a time instead of one each, through statements prepared once per
 * handle: a batch of hundreds (a group commit's audit entries, a deadline's scores) costs one
 * statement per 256 rows (on PostgreSQL, one round trip: a deadline's set of 500 sent 39
 * statements with 64 rows at most, 27 with 256), and drizzle never rebuilds the SQL text,
 * which for a multi-row insert costs more than SQLite takes to run it. Rows go in the order given,
 * so generated ids grow in that order. `name` is the statements' prefix (`feature.statement`).
 */
export function multiRowInsert<T extends keyof Tables, C extends string & keyof Tables[T]['$inferInsert']>(name: string, table: T, columns: readonly C[]) {
  // Each row's placeholder names, made once: built per row and column on every call they cost a deadline's set more than its scoring.
  const names = Array.from({ length: SIZES[0]! }, (_, i) => columns.map((c) => `${c}${i}`));
  // Built at its first use: on SQLite any count up to the largest, each kept for the process.
  const bySize = new Map<number, ReturnType<typeof statementOf>>();
  const statementOf = (rows: number) =>
    prepared(`${name}_${rows}`, (db, statementName) => {
      const values = Array.from({ length: rows }, (_, i) => Object.fromEntries(columns.map((c, k) => [c, sql.placeholder(names[i]![k]!)])));
      // The placeholders stand for every column named; the table's own types check the values handed in.
      return db.insert(tablesOf(db)[table]).values(values as never).prepare(statementName);
    });
  const sized = (rows: number) => {
    let statement = bySize.get(rows);
    if (!statement) bySize.set(rows, (statement = statementOf(rows)));
    return statement;
  };
  return async (db: Db, rows: readonly Pick<Tables[T]['$inferInsert'], C>[]): Promise<void> => {
    let at = 0;
    while (at < rows.length) {
      const left = rows.length - at;
      // SQLite prepares a statement in microseconds, in process: one of the exact count (a group commit's
      // batch, one statement). PostgreSQL parses each name once per pooled connection: a few sizes only.
      const size = dialectOf(db) === 'pg' ? SIZES.find((n) => n <= left)! : Math.min(left, SIZES[0]!);
      const statement = sized(size);
      const values: Record<string, unknown> = {};
      for (let i = 0; i < size; i++) {
        const row = rows[at + i]!;
        const named = names[i]!;
        for (let k = 0; k < columns.length; k++) values[named[k]!] = row[columns[k]!];
      }
      await statement(db).execute(values);
      at += size;
    }
  };
}
