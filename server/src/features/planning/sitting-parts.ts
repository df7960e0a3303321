import { and, asc, eq, inArray } from 'drizzle-orm';
import type { PartKind } from '@shared/domain.ts';
import { tablesFor } from '../../core/db/owners.ts';
import type { Db } from '../../core/db/store.ts';

/**
 * What other features read of sittings and their parts (grading: the skills parts its tasks are sat
 * in), wired in app.ts. Made from any `Db`, so a caller inside a transaction reads through its `tx`.
 */
export function createSittingParts(db: Db) {
  const { examPlans, sittingParts, sittings } = tablesFor(db, 'planning');
  return {
    async parts(ids: readonly number[]) {
      return ids.length === 0 ? [] : db.select().from(sittingParts).where(inArray(sittingParts.id, [...ids]));
    },
    async partsOfSitting(sittingId: number) {
      return db.select().from(sittingParts).where(eq(sittingParts.sittingId, sittingId)).orderBy(asc(sittingParts.id));
    },
    /** The parts of one kind, by id: every sitting's, or those drawn from these papers. */
    async partsOfKind(part: PartKind, paperIds?: readonly number[]) {
      if (paperIds?.length === 0) return [];
      return db
        .select()
        .from(sittingParts)
        .where(and(eq(sittingParts.part, part), paperIds ? inArray(sittingParts.paperId, [...new Set(paperIds)]) : undefined))
        .orderBy(asc(sittingParts.id));
    },
    /** Sittings with their plan's title (null when the plan is gone), for lists naming them. */
    async sittingsTitled(ids: readonly number[]) {
      if (ids.length === 0) return [];
      return db
        .select({ id: sittings.id, name: sittings.name, startsAt: sittings.startsAt, planTitle: examPlans.title })
        .from(sittings)
        .leftJoin(examPlans, eq(examPlans.id, sittings.planId))
        .where(inArray(sittings.id, [...ids]));
    },
    async sittingExists(id: number): Promise<boolean> {
      const [row] = await db.select({ id: sittings.id }).from(sittings).where(eq(sittings.id, id));
      return row !== undefined;
    },
  };
}
export type SittingParts = ReturnType<typeof createSittingParts>;
