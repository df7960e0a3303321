import { and, asc, eq, isNull } from 'drizzle-orm';
import { tablesFor } from '../../core/db/owners.ts';
import { sittingLabelSql } from '../../core/db/sitting-label.ts';
import type { Db } from '../../core/db/store.ts';

/**
 * Sittings and their parts as results and the review panel read them (issue #16: planning owns the
 * tables, they read through this port, wired in app.ts), and the release mark results sets on a part.
 * A method taking `tx` runs in the caller's transaction.
 */
export function createSittingParts(db: Db) {
  const sittingColumns = (on: Db) => {
    const { examPlans, sittings } = tablesFor(on, 'planning');
    return { id: sittings.id, name: sittings.name, level: sittings.level, startsAt: sittings.startsAt, label: sittingLabelSql({ examPlans, sittings }) };
  };
  const { sittingParts, sittings } = tablesFor(db, 'planning');
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
    async partsOfSitting(sittingId: number) {
      return db.select().from(sittingParts).where(eq(sittingParts.sittingId, sittingId)).orderBy(asc(sittingParts.id));
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
