import { and, count, eq, inArray, sql } from 'drizzle-orm';
import { forUpdate } from '../../core/db/dialect.ts';
import { tablesFor } from '../../core/db/owners.ts';
import { prepared } from '../../core/db/prepared.ts';
import type { Db } from '../../core/db/store.ts';

const p = sql.placeholder;

// Every start and every page of a candidate reads their row by login; prepared once per handle.
const byUser = prepared('tickets.candidate_by_user', (db, name) => {
  const { candidates } = tablesFor(db, 'tickets');
  return db.select().from(candidates).where(eq(candidates.userId, p('userId'))).prepare(name);
});
// Every session ended tells its candidate's login: thousands at one deadline.
const userIdOf = prepared('tickets.user_of_candidate', (db, name) => {
  const { candidates } = tablesFor(db, 'tickets');
  return db.select({ userId: candidates.userId }).from(candidates).where(eq(candidates.id, p('id'))).prepare(name);
});
const locked = prepared('tickets.candidate_locked', (db, name) => {
  const { candidates } = tablesFor(db, 'tickets');
  return forUpdate(db, db.select({ id: candidates.id }).from(candidates).where(eq(candidates.id, p('id')))).prepare(name);
});

/**
 * What other features read of candidates (exam: whose session it is; proctor: who sits in a room).
 * Made from any `Db`: inside a transaction, pass its `tx` (the lock holds until it ends).
 */
export function createCandidates(db: Db) {
  const { candidates } = tablesFor(db, 'tickets');
  const ref = { id: candidates.id, userId: candidates.userId, sittingId: candidates.sittingId, room: candidates.room, seat: candidates.seat, name: candidates.name, ticketNo: candidates.ticketNo };
  return {
    async ofUser(userId: number) {
      const [row] = await byUser(db).execute({ userId });
      return row;
    },
    /** Locks the candidate's row until the transaction ends: what one candidate does on two nodes takes turns. */
    async lock(id: number): Promise<void> {
      await locked(db).execute({ id });
    },
    async userIdOf(id: number): Promise<number | undefined> {
      const [row] = await userIdOf(db).execute({ id });
      return row?.userId;
    },
    async refs(ids: readonly number[]) {
      return ids.length === 0 ? [] : db.select(ref).from(candidates).where(inArray(candidates.id, [...ids]));
    },
    async inRoom(sittingId: number, room: string) {
      return db.select(ref).from(candidates).where(and(eq(candidates.sittingId, sittingId), eq(candidates.room, room)));
    },
    async userIdsOfSitting(sittingId: number): Promise<number[]> {
      return (await db.select({ userId: candidates.userId }).from(candidates).where(eq(candidates.sittingId, sittingId))).map((r) => r.userId);
    },
    /** Rooms that hold candidates and how many, of these sittings (every sitting when null). */
    async seatedRooms(sittingIds: readonly number[] | null): Promise<{ sittingId: number; room: string; candidates: number }[]> {
      if (sittingIds?.length === 0) return [];
      return db
        .select({ sittingId: candidates.sittingId, room: candidates.room, candidates: count() })
        .from(candidates)
        .where(sittingIds === null ? undefined : inArray(candidates.sittingId, [...sittingIds]))
        .groupBy(candidates.sittingId, candidates.room);
    },
  };
}
export type Candidates = ReturnType<typeof createCandidates>;
