import { eq, inArray } from 'drizzle-orm';
import { tablesFor } from '../../core/db/owners.ts';
import type { Db } from '../../core/db/store.ts';
import { createPlanningDal } from './planning-dal.ts';
import type { Seats } from './ports.ts';
import { freeSeats } from './seating.ts';
import { createSittingParts } from './sitting-parts.ts';

/**
 * What registration and tickets read of plans, sittings and seats (the port planning hands them at
 * wiring, server/src/app.ts): applicants choose among a plan's sittings, a ticket seats its holder
 * and prints its sitting. Made from any `Db`, so a caller inside a transaction reads through its
 * `tx`; `lockSitting` is the turn every seating change of a sitting takes (see tickets' `issue`).
 */
export function createPlans(db: Db, seats: Pick<Seats, 'taken'>) {
  const dal = createPlanningDal(db);
  return {
    plans: dal.plans,
    plan: dal.plan,
    planLevels: dal.planLevels,
    sittingsOf: dal.sittingsOf,
    sitting: dal.sitting,
    lockSitting: dal.lockSitting,
    roomsOf: dal.roomsOf,
    freeSeats: async (sittingId: number) => freeSeats(await dal.roomsOf(sittingId), await seats.taken(db, sittingId)),
    /** A sitting's parts, by id (a ticket lists them). */
    partsOfSitting: createSittingParts(db).partsOfSitting,
    /** What a ticket prints of its sitting, plan and occupation, by sitting id. */
    async ticketHeadings(sittingIds: readonly number[]) {
      if (sittingIds.length === 0) return new Map<number, TicketHeading>();
      const { examPlans, occupations, sittings } = tablesFor(db, 'planning');
      const rows: TicketHeading[] = await db
        .select({ sittingId: sittings.id, sittingName: sittings.name, level: sittings.level, startsAt: sittings.startsAt, planTitle: examPlans.title, occupationCode: occupations.code, occupationName: occupations.nameZh })
        .from(sittings)
        .innerJoin(examPlans, eq(examPlans.id, sittings.planId))
        .innerJoin(occupations, eq(occupations.id, examPlans.occupationId))
        .where(inArray(sittings.id, [...new Set(sittingIds)]));
      return new Map(rows.map((r) => [r.sittingId, r]));
    },
  };
}
export type Plans = ReturnType<typeof createPlans>;
export type TicketHeading = { sittingId: number; sittingName: string; level: number; startsAt: number; planTitle: string; occupationCode: string; occupationName: string };
