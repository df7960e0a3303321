import { eq, sql } from 'drizzle-orm';
import { tablesFor } from '../../core/db/owners.ts';
import { prepared } from '../../core/db/prepared.ts';
import type { Db } from '../../core/db/store.ts';

// Every request and socket handshake of a candidate reads it (auth's login lookup): built once per handle.
const byUser = prepared('tickets.candidate_of_user', (db, name) => {
  const { candidates } = tablesFor(db, 'tickets');
  return db
    .select({ id: candidates.id, ticketNo: candidates.ticketNo })
    .from(candidates)
    .where(eq(candidates.userId, sql.placeholder('userId')))
    .prepare(name);
});

/** The candidate behind an exam-day login (one read on the unique user_id index); undefined for any other account. */
export async function candidateOfUser(db: Db, userId: number): Promise<{ id: number; ticketNo: string } | undefined> {
  const [row] = await byUser(db).execute({ userId });
  return row;
}
