import { and, asc, count, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import { byteOrder } from '../../core/db/dialect.ts';
import { tablesOf, type Db } from '../../core/db/store.ts';

/** Data access of room edits and seat moves; the callers hold the transaction. */
export function createRoomsDal(db: Db) {
  const { admissions, candidates, examSessions, proctorAssignments, rooms, sittingParts } = tablesOf(db);
  const startedSessions = (where: SQL) => db.select({ n: count() }).from(examSessions).where(and(where, ne(examSessions.status, 'not_started')));
  return {
    async room(id: number) {
      const [row] = await db.select().from(rooms).where(eq(rooms.id, id));
      return row;
    },
    async candidate(id: number) {
      const [row] = await db.select({ id: candidates.id, sittingId: candidates.sittingId, ticketNo: candidates.ticketNo, room: candidates.room, seat: candidates.seat }).from(candidates).where(eq(candidates.id, id));
      return row;
    },
    /** Candidates of a sitting with their seats and whether they have begun any part. */
    async seating(sittingId: number) {
      const rows = await db
        .select({
          id: candidates.id,
          ticketNo: candidates.ticketNo,
          name: candidates.name,
          room: candidates.room,
          seat: candidates.seat,
          // Qualified by hand: drizzle names columns without their table here, and "id" would be the session's.
          // A boolean on PostgreSQL, 0 or 1 on SQLite: Boolean() below reads both.
          started: sql<unknown>`(exists (select 1 from exam_sessions es where es.candidate_id = candidates.id and es.status != 'not_started')
                               or exists (select 1 from admissions ad where ad.candidate_id = candidates.id))`,
        })
        .from(candidates)
        .where(eq(candidates.sittingId, sittingId))
        .orderBy(asc(byteOrder(db, candidates.room)), asc(byteOrder(db, candidates.seat)));
      return rows.map((c) => ({ ...c, started: Boolean(c.started) }));
    },
    /** Exam day has begun for the candidate: a proctor admitted them, or they started a part. */
    async examDayBegun(candidateId: number): Promise<boolean> {
      const [sessions] = await startedSessions(eq(examSessions.candidateId, candidateId));
      const [admitted] = await db.select({ n: count() }).from(admissions).where(eq(admissions.candidateId, candidateId));
      return (sessions?.n ?? 0) + (admitted?.n ?? 0) > 0;
    },
    /** Started sessions and proctor admissions in the sitting: either means exam day is under way. */
    async examDayActivity(sittingId: number): Promise<number> {
      const parts = db.select({ id: sittingParts.id }).from(sittingParts).where(eq(sittingParts.sittingId, sittingId));
      const seated = db.select({ id: candidates.id }).from(candidates).where(eq(candidates.sittingId, sittingId));
      const [sessions] = await startedSessions(inArray(examSessions.sittingPartId, parts));
      const [admitted] = await db.select({ n: count() }).from(admissions).where(inArray(admissions.candidateId, seated));
      return (sessions?.n ?? 0) + (admitted?.n ?? 0);
    },
    /** Room names any candidate or proctor assignment of the sitting is keyed to. */
    async namesInUse(sittingId: number): Promise<string[]> {
      const seated = await db.selectDistinct({ room: candidates.room }).from(candidates).where(eq(candidates.sittingId, sittingId));
      const assigned = await db.selectDistinct({ room: proctorAssignments.room }).from(proctorAssignments).where(eq(proctorAssignments.sittingId, sittingId));
      return [...new Set([...seated, ...assigned].map((r) => r.room))];
    },
    async proctorsOf(sittingId: number, room: string): Promise<number[]> {
      const rows = await db
        .select({ userId: proctorAssignments.userId })
        .from(proctorAssignments)
        .where(and(eq(proctorAssignments.sittingId, sittingId), eq(proctorAssignments.room, room)))
        .orderBy(asc(proctorAssignments.userId));
      return rows.map((r) => r.userId);
    },
    /**
     * Every table that keys by room name follows the new name. Incidents do not: they are an
     * append-only record of where something happened (a trigger forbids updating them).
     */
    async rename(roomId: number, sittingId: number, from: string, to: string) {
      await db.update(rooms).set({ name: to }).where(eq(rooms.id, roomId));
      const moved = await db.update(candidates).set({ room: to }).where(and(eq(candidates.sittingId, sittingId), eq(candidates.room, from)));
      const proctors = await db.update(proctorAssignments).set({ room: to }).where(and(eq(proctorAssignments.sittingId, sittingId), eq(proctorAssignments.room, from)));
      return { candidates: moved.rowCount ?? 0, proctorAssignments: proctors.rowCount ?? 0 };
    },
    async resize(roomId: number, seats: number) {
      await db.update(rooms).set({ seats }).where(eq(rooms.id, roomId));
    },
    /** The room and its proctor assignments (a proctor of an empty room has nobody to watch). */
    async remove(roomId: number, sittingId: number, name: string) {
      await db.delete(proctorAssignments).where(and(eq(proctorAssignments.sittingId, sittingId), eq(proctorAssignments.room, name)));
      await db.delete(rooms).where(eq(rooms.id, roomId));
    },
    async moveCandidate(candidateId: number, room: string, seat: string) {
      await db.update(candidates).set({ room, seat }).where(eq(candidates.id, candidateId));
    },
  };
}
export type RoomsDal = ReturnType<typeof createRoomsDal>;
