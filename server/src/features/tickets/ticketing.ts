import type { Level } from '@shared/domain.ts';
import type { Ticket } from '@shared/registration.ts';
import { sittingLabel } from '@shared/sitting-label.ts';
import type { Db } from '../../core/db/store.ts';
import { NotFoundError, StateError } from '../../core/errors.ts';
import type { MaybePromise } from '../../core/maybe-promise.ts';
import type { Plans, TicketHeading } from '../planning/plans.ts';
import { allocateSeat, ticketNumber } from '../planning/seating.ts';
import { createCandidateDirectory } from './candidate-directory.ts';
import { seatHolders } from './seat-holders.ts';
import { createTicketsDal } from './tickets-dal.ts';

export type TicketIssue = { examDate: string; planTitle: string; sitting: { id: number; level: number; name: string }; name: string; idNumber: string; passwordHash: string; now: number };
export type IssuedTicket = { candidateId: number; ticketNo: string; room: string; seat: string };

type Awaitable<T> = { [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => MaybePromise<Awaited<R>> : never };

/** What issuing and printing read of planning: made from the caller's transaction, so every read is inside it. */
export type SeatPlans = Awaitable<Pick<Plans, 'lockSitting' | 'sitting' | 'roomsOf' | 'partsOfSitting' | 'ticketHeadings'>>;

/**
 * The auth feature's logins as issuing uses them: a ticket number becomes a candidate's login, so it
 * must not be one already; both calls run in the issuing transaction.
 */
export type TicketLogins = {
  taken(tx: Db, login: string): MaybePromise<boolean>;
  addCandidate(tx: Db, login: { login: string; displayName: string; passwordHash: string; createdAt: number }): MaybePromise<number>;
};

export const noFreeSeat = (p: Pick<TicketIssue, 'planTitle' | 'sitting'>) => {
  const sitting = sittingLabel(p.planTitle, p.sitting.name);
  return new StateError('CONFLICT', `No free seat in ${sitting}: add a room or seats first`, { key: 'registration.noFreeSeat', params: { sitting } });
};

/**
 * Admission tickets: the port tickets hands registration (approval) and planning (roster import)
 * at wiring, and what the exam office prints.
 */
export function createTicketing(deps: { db: Db; plansOf: (db: Db) => SeatPlans; logins: TicketLogins }) {
  const dal = createTicketsDal(deps.db);
  const plans = deps.plansOf(deps.db);

  type Row = NonNullable<Awaited<ReturnType<typeof dal.ticket>>>;
  const toTicket = (t: Row, heading: TicketHeading, parts: Ticket['parts']): Ticket => ({ ...t, ...heading, idNumber: t.idNumber ?? '', level: heading.level as Level, parts });

  /** A sitting's parts as a ticket lists them. */
  const partsOf = async (sittingId: number): Promise<Ticket['parts']> => (await plans.partsOfSitting(sittingId)).map((p) => ({ kind: p.part, durationMinutes: p.durationMinutes }));

  async function ticketOf(candidateId: number | null): Promise<Ticket | null> {
    if (candidateId === null) return null;
    const t = await dal.ticket(candidateId);
    const heading = t && (await plans.ticketHeadings([t.sittingId])).get(t.sittingId);
    return t && heading ? toTicket(t, heading, await partsOf(t.sittingId)) : null;
  }

  return {
    /**
     * Seats a person in a sitting and creates their exam-day login (ticket number as login): shared by
     * approval of an application and by roster import. Runs in the caller's transaction `tx`, and
     * first takes the sitting's row lock: on PostgreSQL, issues into one sitting at once (and room
     * edits, which take it too) wait their turn and then read the seats and numbers given out before
     * them, instead of giving two people one seat or one number.
     */
    async issue(tx: Db, p: TicketIssue): Promise<IssuedTicket> {
      const plans = deps.plansOf(tx);
      const tickets = createTicketsDal(tx);
      await plans.lockSitting(p.sitting.id);
      const seat = allocateSeat(await plans.roomsOf(p.sitting.id), await seatHolders.taken(tx, p.sitting.id));
      if (!seat) throw noFreeSeat(p);
      let seq = ((await createCandidateDirectory(tx).countsBySitting([p.sitting.id])).get(p.sitting.id) ?? 0) + 1;
      while (await deps.logins.taken(tx, ticketNumber(p.examDate, p.sitting.level, p.sitting.id, seq))) seq++;
      const ticketNo = ticketNumber(p.examDate, p.sitting.level, p.sitting.id, seq);
      const userId = await deps.logins.addCandidate(tx, { login: ticketNo, displayName: p.name, passwordHash: p.passwordHash, createdAt: p.now });
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
      const heading = query.sittingId === undefined ? undefined : (await plans.ticketHeadings([query.sittingId])).get(query.sittingId);
      if (query.sittingId === undefined || !heading) throw new NotFoundError('No such sitting', { key: 'ticket.noSitting' });
      // One query for the whole print run (a sitting may seat hundreds), the sitting and its parts once.
      const parts = await partsOf(query.sittingId);
      const tickets = inPlannedRooms(await dal.seatedTickets(query.sittingId, query.room), await plans.roomsOf(query.sittingId)).map((t) => toTicket(t, heading, parts));
      if (tickets.length === 0) throw new NotFoundError(query.room === undefined ? 'This sitting has no candidates yet' : `Room ${query.room} has no candidates in this sitting`, query.room === undefined ? { key: 'ticket.sittingEmpty' } : { key: 'ticket.roomEmpty', params: { room: query.room } });
      return tickets;
    },
  };
}
export type Ticketing = ReturnType<typeof createTicketing>;

const OFF_LIST = 2147483647;
/** Rooms in their planned order (rooms off the list last); the sort is stable, so the seat order within a room stays. */
function inPlannedRooms<T extends { room: string }>(tickets: T[], rooms: readonly { id: number; name: string }[]): T[] {
  const rank = new Map(rooms.map((r) => [r.name, r.id]));
  return tickets.sort((a, b) => (rank.get(a.room) ?? OFF_LIST) - (rank.get(b.room) ?? OFF_LIST));
}
