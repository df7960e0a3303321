import { sql } from 'drizzle-orm';
import type { Db } from '../../server/src/core/db/store.ts';

/** Sessions of this PostgreSQL database waiting on a lock (a race test's sign that a request is held). */
export async function lockWaiters(db: Db): Promise<number> {
  const res = (await db.execute(sql`select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`)) as unknown as { rows: { n: string }[] };
  return Number(res.rows[0]?.n ?? 0);
}

/** Waits (at most 5 s) until `n` requests are either waiting on a row lock or answered (PostgreSQL only). */
export async function waitForBlockedOrAnswered(db: Db, n: number, answered: () => number): Promise<void> {
  const until = Date.now() + 5000;
  while (Date.now() < until && (await lockWaiters(db)) + answered() < n) await new Promise((r) => setTimeout(r, 20));
}
