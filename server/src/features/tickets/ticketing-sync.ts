import { asc, eq } from 'drizzle-orm';
import type { Level } from '@shared/domain.ts';
import type { Ticket } from '@shared/registration.ts';
import type { Db as SyncDb } from '../../core/db/connection.ts';
import { candidates, examPlans, occupations, sittingParts, sittings, users } from '../../core/db/schema.ts';
import type { PlansSync } from '../planning/plans.ts';
import { allocateSeat, ticketNumber } from '../planning/seating.ts';
import { noFreeSeat, type IssuedTicket, type TicketIssue } from './ticketing.ts';

/**
 * The synchronous twin of `issue` and `ticketOf`, for registration's approval and application view
 * while registration is on the synchronous data layer (issue #16 step 2): the issuing runs inside
 * its SQLite transaction on the same connection. Deleted when registration converts (step 5 at the latest).
 */
export function createTicketingSync(deps: { db: SyncDb; plans: Pick<PlansSync, 'roomsOf' | 'seatsTaken' | 'candidateCount'> }) {
  const { db, plans } = deps;
  return {
    issueSync(p: TicketIssue, loginTaken: (login: string) => boolean): IssuedTicket {
      const seat = allocateSeat(plans.roomsOf(p.sitting.id), plans.seatsTaken(p.sitting.id));
      if (!seat) throw noFreeSeat(p);
      let seq = plans.candidateCount(p.sitting.id) + 1;
      while (loginTaken(ticketNumber(p.examDate, p.sitting.level, p.sitting.id, seq))) seq++;
      const ticketNo = ticketNumber(p.examDate, p.sitting.level, p.sitting.id, seq);
      const userId = db.insert(users).values({ role: 'candidate', login: ticketNo, displayName: p.name, passwordHash: p.passwordHash, createdAt: p.now }).returning({ id: users.id }).get().id;
      const candidateId = db.insert(candidates).values({ userId, sittingId: p.sitting.id, ticketNo, name: p.name, idNumber: p.idNumber, room: seat.room, seat: seat.seat }).returning({ id: candidates.id }).get().id;
      return { candidateId, ticketNo, ...seat };
    },

    ticketOf(candidateId: number | null): Ticket | null {
      if (candidateId === null) return null;
      const t = db
        .select({ ticketNo: candidates.ticketNo, name: candidates.name, idNumber: candidates.idNumber, room: candidates.room, seat: candidates.seat, sittingId: sittings.id, sittingName: sittings.name, level: sittings.level, startsAt: sittings.startsAt, planTitle: examPlans.title, occupationCode: occupations.code, occupationName: occupations.nameZh })
        .from(candidates)
        .innerJoin(sittings, eq(sittings.id, candidates.sittingId))
        .innerJoin(examPlans, eq(examPlans.id, sittings.planId))
        .innerJoin(occupations, eq(occupations.id, examPlans.occupationId))
        .where(eq(candidates.id, candidateId))
        .get();
      if (!t) return null;
      const parts = db.select({ kind: sittingParts.part, durationMinutes: sittingParts.durationMinutes }).from(sittingParts).where(eq(sittingParts.sittingId, t.sittingId)).orderBy(asc(sittingParts.id)).all();
      return { ...t, idNumber: t.idNumber ?? '', level: t.level as Level, parts };
    },
  };
}
export type TicketingSync = ReturnType<typeof createTicketingSync>;
