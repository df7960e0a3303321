import type { Level } from '@shared/domain.ts';
import type { Ticket } from '@shared/registration.ts';
import { sittingLabel } from '@shared/sitting-label.ts';
import type { Db } from '../../core/db/connection.ts';
import { NotFoundError, StateError } from '../../core/errors.ts';
import type { Plans } from '../planning/plans.ts';
import { allocateSeat, ticketNumber } from '../planning/seating.ts';
import { createTicketsDal } from './tickets-dal.ts';

export type TicketIssue = { examDate: string; planTitle: string; sitting: { id: number; level: number; name: string }; name: string; idNumber: string; passwordHash: string; now: number };

/**
 * Admission tickets: the port tickets hands registration (approval) and planning (roster import)
 * at wiring, and what the exam office prints.
 */
export function createTicketing(deps: { db: Db; plans: Pick<Plans, 'sitting' | 'roomsOf' | 'seatsTaken' | 'candidateCount'> }) {
  const dal = createTicketsDal(deps.db);
  const { plans } = deps;

  function ticketOf(candidateId: number | null): Ticket | null {
    if (candidateId === null) return null;
    const t = dal.ticket(candidateId);
    if (!t) return null;
    return { ...t, idNumber: t.idNumber ?? '', level: t.level as Level, parts: dal.partsOf(t.sittingId) };
  }

  return {
    /**
     * Seats a person in a sitting and creates their exam-day login (ticket number as login): shared by
     * approval of an application and by roster import. Call inside a transaction.
     */
    issue(
      p: TicketIssue,
      /** The auth feature's check: a ticket number becomes a login, so it must not be one already. */
      loginTaken: (login: string) => boolean,
    ) {
      const seat = allocateSeat(plans.roomsOf(p.sitting.id), plans.seatsTaken(p.sitting.id));
      if (!seat) {
        const sitting = sittingLabel(p.planTitle, p.sitting.name);
        throw new StateError('CONFLICT', `No free seat in ${sitting}: add a room or seats first`, { key: 'registration.noFreeSeat', params: { sitting } });
      }
      let seq = plans.candidateCount(p.sitting.id) + 1;
      while (loginTaken(ticketNumber(p.examDate, p.sitting.level, p.sitting.id, seq))) seq++;
      const ticketNo = ticketNumber(p.examDate, p.sitting.level, p.sitting.id, seq);
      const userId = dal.insertCandidateUser({ role: 'candidate', login: ticketNo, displayName: p.name, passwordHash: p.passwordHash, createdAt: p.now });
      const candidateId = dal.insertCandidate({ userId, sittingId: p.sitting.id, ticketNo, name: p.name, idNumber: p.idNumber, room: seat.room, seat: seat.seat });
      return { candidateId, ticketNo, ...seat };
    },

    /** The ticket of a candidate, null before one is issued (or when the candidate is gone). */
    ticketOf,

    /** Tickets for the exam office to print: one candidate by ticket number, or a sitting (one room of it). */
    ticketsFor(query: { ticketNo?: string; sittingId?: number; room?: string }): Ticket[] {
      if (query.ticketNo !== undefined) {
        const ticket = ticketOf(dal.candidateIdByTicket(query.ticketNo) ?? null);
        if (!ticket) throw new NotFoundError(`No candidate holds admission ticket ${query.ticketNo}`, { key: 'ticket.noHolder', params: { ticketNo: query.ticketNo } });
        return [ticket];
      }
      if (query.sittingId === undefined || !plans.sitting(query.sittingId)) throw new NotFoundError('No such sitting', { key: 'ticket.noSitting' });
      const tickets = dal.seatedCandidateIds(query.sittingId, query.room).flatMap((id) => ticketOf(id) ?? []);
      if (tickets.length === 0) throw new NotFoundError(query.room === undefined ? 'This sitting has no candidates yet' : `Room ${query.room} has no candidates in this sitting`, query.room === undefined ? { key: 'ticket.sittingEmpty' } : { key: 'ticket.roomEmpty', params: { room: query.room } });
      return tickets;
    },
  };
}
export type Ticketing = ReturnType<typeof createTicketing>;
