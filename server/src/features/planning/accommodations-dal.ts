import { eq, inArray } from 'drizzle-orm';
import { accommodationsSchema, NO_ACCOMMODATIONS, type Accommodations } from '@shared/accommodations.ts';
import type { Db } from '../../core/db/connection.ts';
import { accommodations, candidates } from '../../core/db/schema.ts';

type Row = typeof accommodations.$inferSelect;

/** A stored row back to its shape; a row that no longer parses counts as nothing planned rather than failing an exam start. */
export function toAccommodations(row: Row | undefined): Accommodations {
  if (!row) return NO_ACCOMMODATIONS;
  let extraTime: unknown;
  try {
    extraTime = JSON.parse(row.extraTimeJson);
  } catch {
    extraTime = {};
  }
  const parsed = accommodationsSchema.safeParse({
    extraTime: { theory: null, skills: null, ...(extraTime as object) },
    separateRoom: row.separateRoom,
    largePrint: row.largePrint,
    screenReader: row.screenReader,
    other: row.other,
  });
  return parsed.success ? parsed.data : NO_ACCOMMODATIONS;
}

export function createAccommodationsDal(db: Db) {
  return {
    candidateByTicket(ticketNo: string) {
      return db.select({ id: candidates.id, ticketNo: candidates.ticketNo, name: candidates.name, sittingId: candidates.sittingId }).from(candidates).where(eq(candidates.ticketNo, ticketNo)).get();
    },
    row(candidateId: number) {
      return db.select().from(accommodations).where(eq(accommodations.candidateId, candidateId)).get();
    },
    rows(candidateIds: readonly number[]) {
      return candidateIds.length === 0 ? [] : db.select().from(accommodations).where(inArray(accommodations.candidateId, [...candidateIds])).all();
    },
    upsert(candidateId: number, a: Accommodations, at: number, by: number | null) {
      const values = { extraTimeJson: JSON.stringify(a.extraTime), separateRoom: a.separateRoom, largePrint: a.largePrint, screenReader: a.screenReader, other: a.other, updatedAt: at, updatedBy: by };
      db.insert(accommodations)
        .values({ candidateId, ...values })
        .onConflictDoUpdate({ target: accommodations.candidateId, set: values })
        .run();
    },
  };
}
