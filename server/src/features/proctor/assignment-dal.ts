import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../core/db/connection.ts';
import { proctorAssignments, sittings, users } from '../../core/db/schema.ts';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** SQL of proctor assignments (who proctors which room of a sitting). */
export function createAssignmentDal(db: Db | Tx) {
  return {
    sittingExists(sittingId: number): boolean {
      return db.select({ id: sittings.id }).from(sittings).where(eq(sittings.id, sittingId)).get() !== undefined;
    },
    /** Rooms of the sitting's room list and rooms that hold candidates, with seats and head count. */
    rooms(sittingId: number) {
      return db.all<{ room: string; seats: number | null; candidates: number }>(sql`
        select name as room, max(seats) as seats, sum(n) as candidates from (
          select r.name, r.seats, 0 as n from rooms r where r.sitting_id = ${sittingId}
          union all
          select c.room, null, count(*) from candidates c where c.sitting_id = ${sittingId} group by c.room
        ) group by name order by length(name), name`);
    },
    assignments(sittingId: number) {
      return db
        .select({ room: proctorAssignments.room, userId: proctorAssignments.userId })
        .from(proctorAssignments)
        .where(eq(proctorAssignments.sittingId, sittingId))
        .orderBy(asc(proctorAssignments.room), asc(proctorAssignments.userId))
        .all();
    },
    usersByIds(ids: readonly number[]) {
      return ids.length === 0 ? [] : db.select({ id: users.id, login: users.login, role: users.role, disabledAt: users.disabledAt }).from(users).where(inArray(users.id, [...ids])).all();
    },
    add(sittingId: number, room: string, userId: number) {
      db.insert(proctorAssignments).values({ sittingId, room, userId }).onConflictDoNothing().run();
    },
    remove(sittingId: number, room: string, userId: number) {
      db.delete(proctorAssignments)
        .where(and(eq(proctorAssignments.sittingId, sittingId), eq(proctorAssignments.room, room), eq(proctorAssignments.userId, userId)))
        .run();
    },
  };
}
