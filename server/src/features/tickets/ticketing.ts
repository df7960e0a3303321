import type { Level } from '@shared/domain.ts';
import type { Ticket } from '@shared/registration.ts';
import { sittingLabel } from '@shared/sitting-label.ts';
import type { Db } from '../../core/db/store.ts';
import { NotFoundError, StateError } from '../../core/errors.ts';
import type { Plans } from '../planning/plans.ts';
import { allocateSeat, ticketNumber } from '../planning/seating.ts';
import { createTicketsDal } from './tickets-dal.ts';

export type TicketIssue = { examDate: string; planTitle: string; sitting: { id: number; level: number; name: string }; name: string; idNumber: string; passwordHash: string; now: number };
export type IssuedTicket = { candidateId: number; ticketNo: string; room: string; seat: string };

/** What issuing reads of planning: made from the caller's transaction, so every read is inside it. */
export type SeatPlans = Pick<Plans, 'lockSitting' | 'sitting' | 'roomsOf' | 'seatsTaken' | 'candidateCount'>;

export const noFreeSeat = (p: Pick<TicketIssue, 'planTitle' | 'sitting'>) => {
  const sitting = sittingLabel(p.planTitle, p.sitting.name);
  return new StateError('CONFLICT', `No free seat in ${sitting}: add a room or seats first`, { key: 'registration.noFreeSeat', params: { sitting } });
};

/**
 * Admission tickets: the port tickets hands registration (approval) and planning (roster import)
 * at wiring, and what the exam office prints.
 */
export function createTicketing(deps: { db: Db; plansOf: (db: Db) => SeatPlans }) {
  const dal = createTicketsDal(deps.db);

  type Row = NonNullable<Awaited<ReturnType<typeof dal.ticket>>>;
  const toTicket = (t: Row, parts: Ticket['parts']): Ticket => ({ ...t, idNumber: t.idNumber ?? '', level: t.level as Level, parts });

  async function ticketOf(candidateId: number | null): Promise<Ticket | null> {
    if (candidateId === null) return null;
    const t = await dal.ticket(candidateId);
    return t ? toTicket(t, await dal.partsOf(t.sittingId)) : null;
  }

  return {
    /**
     * Seats a person in a sitting and creates their exam-day login (ticket number as login): shared by
     * approval of an application and by roster import. Runs in the caller's transaction `tx`, and
     * first takes the sitting's row lock: on PostgreSQL, issues into one sitting at once (and room
     * edits, which take it too) wait their turn and then read the seats and numbers given out before
     * them, instead of giving two people one seat or one number.
     */
    async issue(
      tx: Db,
      p: TicketIssue,
      /** The auth feature's check: a ticket number becomes a login, so it must not be one already. */
      loginTaken: (tx: Db, login: string) => Promise<boolean>,
    ): Promise<IssuedTicket> {
      const plans = deps.plansOf(tx);
      const tickets = createTicketsDal(tx);
      await plans.lockSitting(p.sitting.id);
      const seat = allocateSeat(await plans.roomsOf(p.sitting.id), await plans.seatsTaken(p.sitting.id));
      if (!seat) throw noFreeSeat(p);
      let seq = (await plans.candidateCount(p.sitting.id)) + 1;
      while (await loginTaken(tx, ticketNumber(p.examDate, p.sitting.level, p.sitting.id, seq))) seq++;
      const ticketNo = ticketNumber(p.examDate, p.sitting.level, p.sitting.id, seq);
      const userId = await tickets.insertCandidateUser({ role: 'candidate', login: ticketNo, displayName: p.name, passwordHash: p.passwordHash, createdAt: p.now });
      const candidateId = await tickets.insertCandidate({ userId, sittingId: p.sitting.id, ticketNo, name: p.name, idNumber: p.idNumber, room: seat.room, seat: seat.seat });
      return { candidateId, ticketNo, ...seat };
    },

    /** The ticket of a candidate, null before one is issued (or when the candidate is gone). */
    ticketOf,

    /** Tickets for the exam office to print: one candidate by ticket number, or a sitting (one room of it). */
    async ticketsFor(query: { ticketNo?: string; sittingId?: number; room?: string }): Promise<Ticket[]> {
      if (query.ticketNo !== undefined) {
        const ticket = await ticketOf((await dal.candidateIdByTicket(query.ticketNo)) ?? null);
        if (!ticket) throw new NotFoundError(`No candidate holds admission ticket ${query.ticketNo}`, { key: 'ticket.noHolder', params: { ticketNo: query.ticketNo } });
        return [ticket];
      }
      if (query.sittingId === undefined || !(await deps.plansOf(deps.db).sitting(query.sittingId))) throw new NotFoundError('No such sitting', { key: 'ticket.noSitting' });
      // One query for the whole print run (a sitting may seat hundreds), the parts once.
      const parts = await dal.partsOf(query.sittingId);
      const tickets = (await dal.seatedTickets(query.sittingId, query.room)).map((t) => toTicket(t, parts));
      if (tickets.length === 0) throw new NotFoundError(query.room === undefined ? 'This sitting has no candidates yet' : `Room ${query.room} has no candidates in this sitting`, query.room === undefined ? { key: 'ticket.sittingEmpty' } : { key: 'ticket.roomEmpty', params: { room: query.room } });
      return tickets;
    },
  };
}
export type Ticketing = ReturnType<typeof createTicketing>;
