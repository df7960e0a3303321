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

