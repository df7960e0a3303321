import type { Db } from '../../core/db/connection.ts';
import { createPlanningDal } from './planning-dal.ts';
import { freeSeats } from './seating.ts';

/**
 * What registration and tickets read of plans, sittings and seats (the port planning hands them at
 * wiring, server/src/app.ts): applicants choose among a plan's sittings, a ticket seats its holder.
 */
export function createPlans(db: Db) {
  const dal = createPlanningDal(db);
  return {
    plans: dal.plans,
    plan: dal.plan,
    planLevels: dal.planLevels,
    sittingsOf: dal.sittingsOf,
    sitting: dal.sitting,
    roomsOf: dal.roomsOf,
    seatsTaken: dal.seatsTaken,
    candidateCount: dal.candidateCount,
    freeSeats: (sittingId: number) => freeSeats(dal.roomsOf(sittingId), dal.seatsTaken(sittingId)),
  };
}
export type Plans = ReturnType<typeof createPlans>;
