import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../core/db/connection.ts';
import { admissions, candidates, examSessions, proctorAssignments, rooms } from '../../core/db/schema.ts';

/** Data access of room edits and seat moves; the callers hold the transaction. */
export function createRoomsDal(db: Db) {
  return {
    room(id: number) {
      return db.select().from(rooms).where(eq(rooms.id, id)).get();
    },
    candidate(id: number) {
      return db.select({ id: candidates.id, sittingId: candidates.sittingId, ticketNo: candidates.ticketNo, room: candidates.room, seat: candidates.seat }).from(candidates).where(eq(candidates.id, id)).get();
    },
    /** Candidates of a sitting with their seats and whether they have begun any part. */
    seating(sittingId: number) {
      return db
        .select({
          id: candidates.id,
          ticketNo: candidates.ticketNo,
          name: candidates.name,
          room: candidates.room,
          seat: candidates.seat,
          // Qualified by hand: drizzle names columns without their table here, and "id" would be the session's.
          started: sql<number>`(exists (select 1 from exam_sessions es where es.candidate_id = candidates.id and es.status != 'not_started')
                               or exists (select 1 from admissions ad where ad.candidate_id = candidates.id))`,
        })
        .from(candidates)
        .where(eq(candidates.sittingId, sittingId))
        .orderBy(asc(candidates.room), asc(candidates.seat))
        .all()
        .map((c) => ({ ...c, started: Boolean(c.started) }));
    },
    /** Exam day has begun for the candidate: a proctor admitted them, or they started a part. */
    examDayBegun(candidateId: number): boolean {
      return (
        db.get<{ n: number }>(
          sql`select (select count(*) from ${examSessions} where ${examSessions.candidateId} = ${candidateId} and ${examSessions.status} != 'not_started')
               + (select count(*) from ${admissions} where ${admissions.candidateId} = ${candidateId}) as n`,
        )!.n > 0
      );
    },
    /** Started sessions and proctor admissions in the sitting: either means exam day is under way. */
    examDayActivity(sittingId: number): number {
      return (
        db.get<{ n: number }>(
          sql`select (select count(*) from exam_sessions es join sitting_parts sp on sp.id = es.sitting_part_id where sp.sitting_id = ${sittingId} and es.status != 'not_started')
               + (select count(*) from admissions ad join candidates c on c.id = ad.candidate_id where c.sitting_id = ${sittingId}) as n`,
        )?.n ?? 0
      );
    },
    /** Room names any candidate or proctor assignment of the sitting is keyed to. */
    namesInUse(sittingId: number): string[] {
      return db
        .all<{ room: string }>(sql`select ${candidates.room} as room from ${candidates} where ${candidates.sittingId} = ${sittingId}
              union select ${proctorAssignments.room} from ${proctorAssignments} where ${proctorAssignments.sittingId} = ${sittingId}`)
        .map((r) => r.room);
    },
    proctorsOf(sittingId: number, room: string): number[] {
      return db
        .select({ userId: proctorAssignments.userId })
        .from(proctorAssignments)
        .where(and(eq(proctorAssignments.sittingId, sittingId), eq(proctorAssignments.room, room)))
        .all()
        .map((r) => r.userId);
    },
    /**
     * Every table that keys by room name follows the new name. Incidents do not: they are an
     * append-only record of where something happened (a trigger forbids updating them).
     */
    rename(roomId: number, sittingId: number, from: string, to: string) {
      db.update(rooms).set({ name: to }).where(eq(rooms.id, roomId)).run();
      const moved = db.update(candidates).set({ room: to }).where(and(eq(candidates.sittingId, sittingId), eq(candidates.room, from))).run().changes;
      const proctors = db.update(proctorAssignments).set({ room: to }).where(and(eq(proctorAssignments.sittingId, sittingId), eq(proctorAssignments.room, from))).run().changes;
      return { candidates: moved, proctorAssignments: proctors };
    },
    resize(roomId: number, seats: number) {
      db.update(rooms).set({ seats }).where(eq(rooms.id, roomId)).run();
    },
    /** The room and its proctor assignments (a proctor of an empty room has nobody to watch). */
    remove(roomId: number, sittingId: number, name: string) {
      db.delete(proctorAssignments).where(and(eq(proctorAssignments.sittingId, sittingId), eq(proctorAssignments.room, name))).run();
      db.delete(rooms).where(eq(rooms.id, roomId)).run();
    },
    moveCandidate(candidateId: number, room: string, seat: string) {
      db.update(candidates).set({ room, seat }).where(eq(candidates.id, candidateId)).run();
    },
  };
}
export type RoomsDal = ReturnType<typeof createRoomsDal>;
