import { and, asc, eq, sql } from 'drizzle-orm';
import { byteOrder } from '../../core/db/dialect.ts';
import { tablesFor } from '../../core/db/owners.ts';
import type { Db } from '../../core/db/store.ts';
import type { candidates as candidatesTable } from '../../core/db/pg-schema.ts';

/** Data access of admission tickets: the candidate a ticket creates, and what a ticket prints of them (the sitting's part is planning's). */
export function createTicketsDal(db: Db) {
  const { candidates } = tablesFor(db, 'tickets');
  const ticketRows = () =>
    db
      .select({ ticketNo: candidates.ticketNo, name: candidates.name, idNumber: candidates.idNumber, room: candidates.room, seat: candidates.seat, sittingId: candidates.sittingId })
      .from(candidates)
      .$dynamic();
  return {
    async insertCandidate(values: typeof candidatesTable.$inferInsert): Promise<number> {
      const [row] = await db.insert(candidates).values(values).returning({ id: candidates.id });
      return row!.id;
    },
    async ticket(candidateId: number) {
      const [row] = await ticketRows().where(eq(candidates.id, candidateId));
      return row;
    },
    /** A sitting's tickets (or one room's) by room name in byte order, then seat number (the caller puts the rooms in their planned order). */
    async seatedTickets(sittingId: number, room?: string) {
      return ticketRows()
        .where(and(eq(candidates.sittingId, sittingId), room === undefined ? undefined : eq(candidates.room, room)))
        .orderBy(asc(byteOrder(db, candidates.room)), asc(sql`length(${candidates.seat})`), asc(byteOrder(db, candidates.seat)));
    },
    async candidateIdByTicket(ticketNo: string): Promise<number | undefined> {
      const [row] = await db.select({ id: candidates.id }).from(candidates).where(eq(candidates.ticketNo, ticketNo));
      return row?.id;
    },
  };
}
export type TicketsDal = ReturnType<typeof createTicketsDal>;
