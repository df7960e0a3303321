import { eq } from 'drizzle-orm';
import { accommodationsSchema, NO_ACCOMMODATIONS, type Accommodations } from '@shared/accommodations.ts';
import { tablesFor } from '../../core/db/owners.ts';
import type { Db } from '../../core/db/store.ts';
import type { accommodations } from '../../core/db/pg-schema.ts';
import { idIn } from '../../core/db/dialect.ts';

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
  const { accommodations } = tablesFor(db, 'planning');
  return {
    async row(candidateId: number) {
      const [row] = await db.select().from(accommodations).where(eq(accommodations.candidateId, candidateId));
      return row;
    },
    async rows(candidateIds: readonly number[]) {
      return candidateIds.length === 0 ? [] : db.select().from(accommodations).where(idIn(db, accommodations.candidateId, candidateIds));
    },
    async upsert(candidateId: number, a: Accommodations, at: number, by: number | null) {
      const values = { extraTimeJson: JSON.stringify(a.extraTime), separateRoom: a.separateRoom, largePrint: a.largePrint, screenReader: a.screenReader, other: a.other, updatedAt: at, updatedBy: by };
      await db
        .insert(accommodations)
        .values({ candidateId, ...values })
        .onConflictDoUpdate({ target: accommodations.candidateId, set: values });
    },
  };
}

