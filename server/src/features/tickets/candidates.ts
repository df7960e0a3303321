import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import { tablesFor } from '../../core/db/owners.ts';
import { prepared } from '../../core/db/prepared.ts';
import type { Db } from '../../core/db/store.ts';
import { candidateLocks } from './candidate-locks.ts';
import { idIn, idList, inIdList } from '../../core/db/dialect.ts';

const p = sql.placeholder;

// Every start, login, request and socket handshake of a candidate reads their row by login; prepared once per handle.
const byUser = prepared('tickets.candidate_by_user', (db, name) => {
  const { candidates } = tablesFor(db, 'tickets');
  return db.select().from(candidates).where(eq(candidates.userId, p('userId'))).prepare(name);
});
// Every session ended tells its candidate's login: thousands at one deadline.
const userIdOf = prepared('tickets.user_of_candidate', (db, name) => {
  const { candidates } = tablesFor(db, 'tickets');
  return db.select({ userId: candidates.userId }).from(candidates).where(eq(candidates.id, p('id'))).prepare(name);
});

// Every set of sessions ended at a deadline tells its candidates' logins: one list of hundreds of ids.
const userIdsOfList = prepared('tickets.user_ids_of_candidates', (db, name) => {
  const { candidates } = tablesFor(db, 'tickets');
  return db.select({ id: candidates.id, userId: candidates.userId }).from(candidates).where(inIdList(db, candidates.id, 'ids')).prepare(name);
});

/**
 * Every read other features make of candidates (issue #16, wired in app.ts and reporting-ports.ts):
 * by login (exam, auth, proctor), by ids, of a sitting or a room, by ticket numbers, counts (results,
 * the review panel, the audit log's names, planning, ticketing). Made from any `Db`: inside a
 * transaction, pass its `tx`. The row locks are candidate-locks.ts, seating reads and writes
 * seat-holders.ts.
 */
export function createCandidates(db: Db) {
  const { candidates } = tablesFor(db, 'tickets');
  const listed = { id: candidates.id, sittingId: candidates.sittingId, ticketNo: candidates.ticketNo, name: candidates.name, idNumber: candidates.idNumber };
  const ref = { id: candidates.id, userId: candidates.userId, sittingId: candidates.sittingId, room: candidates.room, seat: candidates.seat, name: candidates.name, ticketNo: candidates.ticketNo };
  return {
    async ofUser(userId: number) {
      const [row] = await byUser(db).execute({ userId });
      return row;
    },
    /** By logins, in one query (the exam's starts arriving together). */
    async ofUsers(userIds: readonly number[]) {
      return userIds.length === 0 ? [] : db.select().from(candidates).where(idIn(db, candidates.userId, [...new Set(userIds)]));
    },
    /** Locks the candidate's row until the transaction ends: what one candidate does on two nodes takes turns. */
    async lock(id: number): Promise<void> {
      await candidateLocks.lock(db, id);
    },
    async userIdOf(id: number): Promise<number | undefined> {
      const [row] = await userIdOf(db).execute({ id });
      return row?.userId;
    },
    async userIdsOf(ids: readonly number[]): Promise<Map<number, number>> {
      if (ids.length === 0) return new Map();
      const rows = await userIdsOfList(db).execute({ ids: idList(db, [...new Set(ids)]) });
      return new Map(rows.map((r) => [r.id, r.userId]));
    },
    async refs(ids: readonly number[]) {
      return ids.length === 0 ? [] : db.select(ref).from(candidates).where(idIn(db, candidates.id, ids));
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
    /** By ticket number. */
    async ofSitting(sittingId: number) {
      return db.select(listed).from(candidates).where(eq(candidates.sittingId, sittingId)).orderBy(asc(candidates.ticketNo));
    },
    async byIds(ids: readonly number[]) {
      return ids.length === 0 ? [] : db.select(listed).from(candidates).where(idIn(db, candidates.id, [...new Set(ids)]));
    },
    async byTicketNos(ticketNos: readonly string[]) {
      return ticketNos.length === 0 ? [] : db.select(listed).from(candidates).where(inArray(candidates.ticketNo, [...new Set(ticketNos)]));
    },
    /** Candidates seated per sitting (sittings without any are left out). */
    async countsBySitting(sittingIds: readonly number[]): Promise<Map<number, number>> {
      if (sittingIds.length === 0) return new Map();
      const rows = await db.select({ sittingId: candidates.sittingId, n: count() }).from(candidates).where(inArray(candidates.sittingId, [...sittingIds])).groupBy(candidates.sittingId);
      return new Map(rows.map((r) => [r.sittingId, r.n]));
    },
  };
}
export type Candidates = ReturnType<typeof createCandidates>;
