import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../core/db/connection.ts';
import { candidates, examPlans, examSessions, rooms, sittingParts, sittings } from '../../core/db/schema.ts';

/** Data access of plans, sittings, their parts and rooms (room edits and seat moves are rooms-dal.ts). */
export function createPlanningDal(db: Db) {
  return {
    plans() {
      return db.select().from(examPlans).orderBy(desc(examPlans.registrationDeadline)).all();
    },
    plan(id: number) {
      return db.select().from(examPlans).where(eq(examPlans.id, id)).get();
    },
    planLevels(planId: number): number[] {
      return db.selectDistinct({ level: sittings.level }).from(sittings).where(eq(sittings.planId, planId)).orderBy(desc(sittings.level)).all().map((r) => r.level);
    },
    sittingsOf(planId: number, level: number) {
      return db.select().from(sittings).where(and(eq(sittings.planId, planId), eq(sittings.level, level))).orderBy(asc(sittings.startsAt), asc(sittings.id)).all();
    },
    sitting(id: number) {
      return db.select().from(sittings).where(eq(sittings.id, id)).get();
    },
    roomsOf(sittingId: number) {
      return db.select().from(rooms).where(eq(rooms.sittingId, sittingId)).orderBy(asc(rooms.id)).all();
    },
    seatsTaken(sittingId: number) {
      return db.select({ room: candidates.room, seat: candidates.seat }).from(candidates).where(eq(candidates.sittingId, sittingId)).all();
    },
    candidateCount(sittingId: number): number {
      return db.get<{ n: number }>(sql`select count(*) as n from ${candidates} where ${candidates.sittingId} = ${sittingId}`)?.n ?? 0;
    },
    planCandidates(planId: number) {
      return db
        .select({ id: candidates.id, name: candidates.name, idNumber: candidates.idNumber, ticketNo: candidates.ticketNo })
        .from(candidates)
        .innerJoin(sittings, eq(sittings.id, candidates.sittingId))
        .where(eq(sittings.planId, planId))
        .all();
    },
    sittingPart(id: number) {
      return db.select().from(sittingParts).where(eq(sittingParts.id, id)).get();
    },
    partSettings(sittingId: number) {
      return db
        .select({ id: sittingParts.id, kind: sittingParts.part, durationMinutes: sittingParts.durationMinutes, passScore: sittingParts.passScore, paperId: sittingParts.paperId })
        .from(sittingParts)
        .where(eq(sittingParts.sittingId, sittingId))
        .orderBy(asc(sittingParts.id))
        .all();
    },
    sessionsOfPart(partId: number): number {
      return db.get<{ n: number }>(sql`select count(*) as n from ${examSessions} where ${examSessions.sittingPartId} = ${partId} and ${examSessions.status} != 'not_started'`)?.n ?? 0;
    },
    updatePart(id: number, settings: { durationMinutes: number; passScore: number }) {
      db.update(sittingParts).set(settings).where(eq(sittingParts.id, id)).run();
    },
    insertRoom(values: typeof rooms.$inferInsert): number {
      return db.insert(rooms).values(values).returning({ id: rooms.id }).get().id;
    },
  };
}
export type PlanningDal = ReturnType<typeof createPlanningDal>;
