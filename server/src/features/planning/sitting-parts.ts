import { asc, eq, inArray, sql } from 'drizzle-orm';
import { forKeyShare, forUpdate } from '../../core/db/dialect.ts';
import { tablesFor } from '../../core/db/owners.ts';
import { prepared } from '../../core/db/prepared.ts';
import type { Db } from '../../core/db/store.ts';
import { createPlanningDal } from './planning-dal.ts';

const p = sql.placeholder;

// Every start reads its part and its sitting's opening time; prepared once per handle (core/db/prepared.ts).
const partWithStart = prepared('planning.part_with_start', (db, name) => {
  const { sittingParts, sittings } = tablesFor(db, 'planning');
  return db
    .select({ part: sittingParts, sittingStartsAt: sittings.startsAt })
    .from(sittingParts)
    .innerJoin(sittings, eq(sittings.id, sittingParts.sittingId))
    .where(eq(sittingParts.id, p('id')))
    .prepare(name);
});
/** The row papers' assignPaper locks FOR UPDATE: a start holding it sees the part's final paper. */
const partHeld = prepared('planning.part_held', (db, name) => {
  const { sittingParts } = tablesFor(db, 'planning');
  return forKeyShare(db, db.select().from(sittingParts).where(eq(sittingParts.id, p('id')))).prepare(name);
});

/**
 * What other features read of sittings and their parts (exam: a part's settings and paper; papers:
 * which part a paper is drawn for; proctor: a sitting's parts, opening and title). Made from any `Db`,
 * so a caller inside a transaction reads (and locks) through its `tx`.
 */
export function createSittingParts(db: Db) {
  const { examPlans, occupations, sittingParts, sittings } = tablesFor(db, 'planning');
  return {
    async partWithStart(id: number) {
      const [row] = await partWithStart(db).execute({ id });
      return row && { ...row.part, sittingStartsAt: row.sittingStartsAt };
    },
    async parts(ids: readonly number[]) {
      return ids.length === 0 ? [] : db.select().from(sittingParts).where(inArray(sittingParts.id, [...ids]));
    },
    async partsOfSitting(sittingId: number) {
      return db.select().from(sittingParts).where(eq(sittingParts.sittingId, sittingId)).orderBy(asc(sittingParts.id));
    },
    /** The part's row, held until the transaction ends (FOR KEY SHARE): no paper is assigned meanwhile. */
    async partHeld(id: number) {
      const [row] = await partHeld(db).execute({ id });
      return row;
    },
    /** The part's row, locked until the transaction ends (FOR UPDATE): assigning its paper. */
    async lockPart(id: number): Promise<boolean> {
      return (await forUpdate(db, db.select({ id: sittingParts.id }).from(sittingParts).where(eq(sittingParts.id, id)))).length === 1;
    },
    async setPaper(id: number, paperId: number): Promise<boolean> {
      return ((await db.update(sittingParts).set({ paperId }).where(eq(sittingParts.id, id))).rowCount ?? 0) === 1;
    },
    /** The part as papers sees it: its kind, level and sitting. */
    async partForPaper(id: number) {
      const [row] = await db
        .select({ part: sittingParts.part, level: sittings.level, sittingName: sittings.name })
        .from(sittingParts)
        .innerJoin(sittings, eq(sittings.id, sittingParts.sittingId))
        .where(eq(sittingParts.id, id));
      return row;
    },
    async sittingWithOccupation(sittingId: number) {
      const [row] = await db
        .select({ sitting: sittings, occupation: occupations })
        .from(sittings)
        .innerJoin(examPlans, eq(examPlans.id, sittings.planId))
        .innerJoin(occupations, eq(occupations.id, examPlans.occupationId))
        .where(eq(sittings.id, sittingId));
      return row;
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
    roomsOf: async (sittingId: number) => createPlanningDal(db).roomsOf(sittingId),
    async sittingExists(id: number): Promise<boolean> {
      const [row] = await db.select({ id: sittings.id }).from(sittings).where(eq(sittings.id, id));
      return row !== undefined;
    },
  };
}
export type SittingParts = ReturnType<typeof createSittingParts>;
