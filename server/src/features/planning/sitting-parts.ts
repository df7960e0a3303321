import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { forKeyShare, forUpdate } from '../../core/db/dialect.ts';
import { tablesFor } from '../../core/db/owners.ts';
import { prepared } from '../../core/db/prepared.ts';
import { sittingLabelSql } from '../../core/db/sitting-label.ts';
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
 * Sittings and their parts as results, the review panel, exam, papers and the proctor console read
 * them (issue #16: planning owns the tables, they read through this port, wired in app.ts), the
 * release mark results sets on a part, and the paper papers assigns to it. A method taking `tx` runs
 * in the caller's transaction; so does every method when the port is made from a `tx`.
 */
export function createSittingParts(db: Db) {
  const sittingColumns = (on: Db) => {
    const { examPlans, sittings } = tablesFor(on, 'planning');
    return { id: sittings.id, name: sittings.name, level: sittings.level, startsAt: sittings.startsAt, label: sittingLabelSql({ examPlans, sittings }) };
  };
  const { examPlans, occupations, sittingParts, sittings } = tablesFor(db, 'planning');
  return {
    /** Every part with its sitting, by sitting then part. */
    async partsWithSittings() {
      return db.select({ part: sittingParts, sitting: sittingColumns(db) }).from(sittingParts).innerJoin(sittings, eq(sittings.id, sittingParts.sittingId)).orderBy(asc(sittings.id), asc(sittingParts.id));
    },
    async partWithSitting(id: number) {
      const [row] = await db.select({ part: sittingParts, sitting: sittingColumns(db) }).from(sittingParts).innerJoin(sittings, eq(sittings.id, sittingParts.sittingId)).where(eq(sittingParts.id, id));
      return row;
    },
    async part(id: number) {
      const [row] = await db.select().from(sittingParts).where(eq(sittingParts.id, id));
      return row;
    },
    /** The sitting, with `label`: named with its plan, as every list names it. */
    async sitting(id: number) {
      const [row] = await db.select(sittingColumns(db)).from(sittings).where(eq(sittings.id, id));
      return row;
    },
    /** Sittings by id, each with its `label`. */
    async sittings(ids: readonly number[]) {
      return ids.length === 0 ? [] : db.select(sittingColumns(db)).from(sittings).where(inArray(sittings.id, [...new Set(ids)]));
    },
    async sittingExists(id: number): Promise<boolean> {
      const [row] = await db.select({ id: sittings.id }).from(sittings).where(eq(sittings.id, id));
      return row !== undefined;
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
    roomsOf: async (sittingId: number) => createPlanningDal(db).roomsOf(sittingId),
    async partsOfSitting(sittingId: number) {
      return db.select().from(sittingParts).where(eq(sittingParts.sittingId, sittingId)).orderBy(asc(sittingParts.id));
    },
    async parts(ids: readonly number[]) {
      return ids.length === 0 ? [] : db.select().from(sittingParts).where(inArray(sittingParts.id, [...new Set(ids)]));
    },
    /** The part with its sitting's opening (a start reads both at once). */
    async partWithStart(id: number) {
      const [row] = await partWithStart(db).execute({ id });
      return row && { ...row.part, sittingStartsAt: row.sittingStartsAt };
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
    async partsUsingPaper(tx: Db, paperId: number) {
      const { sittingParts } = tablesFor(tx, 'planning');
      return tx.select().from(sittingParts).where(eq(sittingParts.paperId, paperId)).orderBy(asc(sittingParts.id));
    },
    /** Conditional on not released yet: of two admins releasing at once, one gets true. */
    async releasePart(tx: Db, partId: number, at: number): Promise<boolean> {
      const { sittingParts } = tablesFor(tx, 'planning');
      return (await tx.update(sittingParts).set({ resultsReleasedAt: at }).where(and(eq(sittingParts.id, partId), isNull(sittingParts.resultsReleasedAt)))).rowCount === 1;
    },
    /** The ids of the parts this call released (those released already are left as they are). */
    async releaseSitting(tx: Db, sittingId: number, at: number): Promise<number[]> {
      const { sittingParts } = tablesFor(tx, 'planning');
      const rows = await tx
        .update(sittingParts)
        .set({ resultsReleasedAt: at })
        .where(and(eq(sittingParts.sittingId, sittingId), isNull(sittingParts.resultsReleasedAt)))
        .returning({ id: sittingParts.id });
      return rows.map((r) => r.id);
    },
  };
}
export type SittingParts = ReturnType<typeof createSittingParts>;
