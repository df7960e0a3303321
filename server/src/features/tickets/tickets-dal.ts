import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../core/db/connection.ts';
import { candidates, examPlans, occupations, rooms, sittingParts, sittings, users } from '../../core/db/schema.ts';

/** Data access of admission tickets: the candidate and login a ticket creates, and what a ticket prints. */
export function createTicketsDal(db: Db) {
  return {
    insertCandidateUser(values: typeof users.$inferInsert): number {
      return db.insert(users).values(values).returning({ id: users.id }).get().id;
    },
    insertCandidate(values: typeof candidates.$inferInsert): number {
      return db.insert(candidates).values(values).returning({ id: candidates.id }).get().id;
    },
    ticket(candidateId: number) {
      return db
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
        .where(eq(candidates.id, candidateId))
        .get();
    },
    /** A sitting's candidates (or one room's) in seating order: rooms as planned, then seat number. */
    seatedCandidateIds(sittingId: number, room?: string): number[] {
      return db
        .select({ id: candidates.id })
        .from(candidates)
        .leftJoin(rooms, and(eq(rooms.sittingId, candidates.sittingId), eq(rooms.name, candidates.room)))
        .where(and(eq(candidates.sittingId, sittingId), room === undefined ? undefined : eq(candidates.room, room)))
        .orderBy(asc(sql`coalesce(${rooms.id}, 1e9)`), asc(candidates.room), asc(sql`length(${candidates.seat})`), asc(candidates.seat))
        .all()
        .map((r) => r.id);
    },
    candidateIdByTicket(ticketNo: string): number | undefined {
      return db.select({ id: candidates.id }).from(candidates).where(eq(candidates.ticketNo, ticketNo)).get()?.id;
    },
    partsOf(sittingId: number) {
      return db.select({ kind: sittingParts.part, durationMinutes: sittingParts.durationMinutes }).from(sittingParts).where(eq(sittingParts.sittingId, sittingId)).orderBy(asc(sittingParts.id)).all();
    },
  };
}
export type TicketsDal = ReturnType<typeof createTicketsDal>;
