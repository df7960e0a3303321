import { and, asc, eq, sql } from 'drizzle-orm';
import { byteOrder } from '../../core/db/dialect.ts';
import { tablesOf, type Db } from '../../core/db/store.ts';
import type { candidates as candidatesTable, users as usersTable } from '../../core/db/pg-schema.ts';

/** Data access of admission tickets: the candidate and login a ticket creates, and what a ticket prints. */
export function createTicketsDal(db: Db) {
  const { candidates, examPlans, occupations, rooms, sittingParts, sittings, users } = tablesOf(db);
  /** What a ticket prints of its candidate, sitting, plan and occupation. */
  const ticketRows = () =>
    db
      .select({
        ticketNo: candidates.ticketNo,
        name: candidates.name,
        idNumber: candidates.idNumber,
        room: candidates.room,
        seat: candidates.seat,
        sittingId: sittings.id,
        sittingName: sittings.name,
        level: sittings.level,
        startsAt: sittings.startsAt,
        planTitle: examPlans.title,
        occupationCode: occupations.code,
        occupationName: occupations.nameZh,
      })
      .from(candidates)
      .innerJoin(sittings, eq(sittings.id, candidates.sittingId))
      .innerJoin(examPlans, eq(examPlans.id, sittings.planId))
      .innerJoin(occupations, eq(occupations.id, examPlans.occupationId))
      .$dynamic();
  return {
    async insertCandidateUser(values: typeof usersTable.$inferInsert): Promise<number> {
      const [row] = await db.insert(users).values(values).returning({ id: users.id });
      return row!.id;
    },
    async insertCandidate(values: typeof candidatesTable.$inferInsert): Promise<number> {
      const [row] = await db.insert(candidates).values(values).returning({ id: candidates.id });
      return row!.id;
    },
    async ticket(candidateId: number) {
      const [row] = await ticketRows().where(eq(candidates.id, candidateId));
      return row;
    },
    /** A sitting's tickets (or one room's) in seating order: rooms as planned, then seat number. */
    async seatedTickets(sittingId: number, room?: string) {
      return ticketRows()
        .leftJoin(rooms, and(eq(rooms.sittingId, candidates.sittingId), eq(rooms.name, candidates.room)))
        .where(and(eq(candidates.sittingId, sittingId), room === undefined ? undefined : eq(candidates.room, room)))
        // Rooms off the list last (an id above any real one), in byte order of their names as on SQLite.
        .orderBy(asc(sql`coalesce(${rooms.id}, 2147483647)`), asc(byteOrder(db, candidates.room)), asc(sql`length(${candidates.seat})`), asc(byteOrder(db, candidates.seat)));
    },
    async candidateIdByTicket(ticketNo: string): Promise<number | undefined> {
      const [row] = await db.select({ id: candidates.id }).from(candidates).where(eq(candidates.ticketNo, ticketNo));
      return row?.id;
    },
    async partsOf(sittingId: number) {
      return db.select({ kind: sittingParts.part, durationMinutes: sittingParts.durationMinutes }).from(sittingParts).where(eq(sittingParts.sittingId, sittingId)).orderBy(asc(sittingParts.id));
    },
  };
}
export type TicketsDal = ReturnType<typeof createTicketsDal>;
