import { and, asc, count, desc, eq } from 'drizzle-orm';
import type { Db as SyncDb } from '../../core/db/connection.ts';
import { examPlans, candidates as sqliteCandidates, rooms as sqliteRooms, sittings as sqliteSittings } from '../../core/db/schema.ts';
import type { Db } from '../../core/db/store.ts';
import { createPlanningDal } from './planning-dal.ts';
import { freeSeats } from './seating.ts';

/**
 * What registration and tickets read of plans, sittings and seats (the port planning hands them at
 * wiring, server/src/app.ts): applicants choose among a plan's sittings, a ticket seats its holder.
 * Made from any `Db`, so a caller inside a transaction reads through its `tx`; `lockSitting` is the
 * turn every seating change of a sitting takes (see tickets' `issue`).
 */
export function createPlans(db: Db) {
  const dal = createPlanningDal(db);
  return {
    plans: dal.plans,
    plan: dal.plan,
    planLevels: dal.planLevels,
    sittingsOf: dal.sittingsOf,
    sitting: dal.sitting,
    lockSitting: dal.lockSitting,
    roomsOf: dal.roomsOf,
    seatsTaken: dal.seatsTaken,
    candidateCount: dal.candidateCount,
    freeSeats: async (sittingId: number) => freeSeats(await dal.roomsOf(sittingId), await dal.seatsTaken(sittingId)),
  };
}
export type Plans = ReturnType<typeof createPlans>;

/**
 * The synchronous twin, for registration while it is still on the synchronous data layer (issue
 * #16 step 2): what its application form and approval read. Deleted when registration converts.
 */
export function createPlansSync(db: SyncDb) {
  const roomsOf = (sittingId: number) => db.select().from(sqliteRooms).where(eq(sqliteRooms.sittingId, sittingId)).orderBy(asc(sqliteRooms.id)).all();
  const seatsTaken = (sittingId: number) => db.select({ room: sqliteCandidates.room, seat: sqliteCandidates.seat }).from(sqliteCandidates).where(eq(sqliteCandidates.sittingId, sittingId)).all();
  return {
    plans: () => db.select().from(examPlans).orderBy(desc(examPlans.registrationDeadline), asc(examPlans.id)).all(),
    plan: (id: number) => db.select().from(examPlans).where(eq(examPlans.id, id)).get(),
    planLevels: (planId: number) => [...new Set(db.select({ level: sqliteSittings.level }).from(sqliteSittings).where(eq(sqliteSittings.planId, planId)).orderBy(desc(sqliteSittings.level)).all().map((r) => r.level))],
    sittingsOf: (planId: number, level: number) => db.select().from(sqliteSittings).where(and(eq(sqliteSittings.planId, planId), eq(sqliteSittings.level, level))).orderBy(asc(sqliteSittings.startsAt), asc(sqliteSittings.id)).all(),
    sitting: (id: number) => db.select().from(sqliteSittings).where(eq(sqliteSittings.id, id)).get(),
    roomsOf,
    seatsTaken,
    candidateCount: (sittingId: number) => db.select({ n: count() }).from(sqliteCandidates).where(eq(sqliteCandidates.sittingId, sittingId)).get()?.n ?? 0,
    freeSeats: (sittingId: number) => freeSeats(roomsOf(sittingId), seatsTaken(sittingId)),
  };
}
export type PlansSync = ReturnType<typeof createPlansSync>;
