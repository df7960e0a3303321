import { sql } from 'drizzle-orm';
import { prepared } from './prepared.ts';
import { tablesOf, type Db, type Tables } from './store.ts';

/** Statement sizes, largest first: n rows take one statement per bit set in n (at most 8 for a batch of 500). */
const SIZES = [256, 128, 64, 32, 16, 8, 4, 2, 1];

/**
 * Rows inserted a few statements at a time instead of one each, through statements prepared once per
 * handle: a batch of hundreds (a group commit's audit entries, a deadline's scores) costs one
 * statement per power of two in its count (500 rows: 6; on PostgreSQL one round trip each), and
 * drizzle never rebuilds the SQL text, which for a multi-row insert costs more than SQLite takes to
 * run it. Why only nine sizes: drizzle builds one at about 0.1 ms a row (200 rows: 24 ms of a
 * blocked event loop), so a statement per exact count, as SQLite once had, stalled a fresh node at
 * each new batch size in its first storms. Rows go in the order given, so generated ids grow in
 * that order. `name` is the statements' prefix (`feature.statement`).
 */
export function multiRowInsert<T extends keyof Tables, C extends string & keyof Tables[T]['$inferInsert']>(name: string, table: T, columns: readonly C[]) {
  // Each row's placeholder names, made once: built per row and column on every call they cost a deadline's set more than its scoring.
  const names = Array.from({ length: SIZES[0]! }, (_, i) => columns.map((c) => `${c}${i}`));
  // Built at its first use, each kept for the process.
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
      const size = SIZES.find((n) => n <= left)!;
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
