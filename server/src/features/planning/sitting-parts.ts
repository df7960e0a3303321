import { and, asc, eq, inArray } from 'drizzle-orm';
import type { PartKind } from '@shared/domain.ts';
import { tablesFor } from '../../core/db/owners.ts';
import { sittingLabelSql } from '../../core/db/sitting-label.ts';
import type { Db } from '../../core/db/store.ts';

/**
 * Sitting parts and sitting names as other features read them (grading's port, wired in app.ts).
 * Each call takes the caller's handle, so a caller inside a transaction reads through its `tx`.
 */
export const sittingPartRows = {
  async byIds(db: Db, ids: readonly number[]) {
    if (ids.length === 0) return [];
    const { sittingParts } = tablesFor(db, 'planning');
    return db
      .select()
      .from(sittingParts)
      .where(inArray(sittingParts.id, [...new Set(ids)]))
      .orderBy(asc(sittingParts.id));
  },
  /** The parts of one kind, by id: every sitting's, or only those drawn from these papers or held in these sittings. */
  async ofKind(db: Db, part: PartKind, of: { paperIds?: readonly number[]; sittingIds?: readonly number[] } = {}) {
    if (of.paperIds?.length === 0 || of.sittingIds?.length === 0) return [];
    const { sittingParts } = tablesFor(db, 'planning');
    return db
      .select()
      .from(sittingParts)
      .where(
        and(
          eq(sittingParts.part, part),
          of.paperIds ? inArray(sittingParts.paperId, [...new Set(of.paperIds)]) : undefined,
          of.sittingIds ? inArray(sittingParts.sittingId, [...new Set(of.sittingIds)]) : undefined,
        ),
      )
      .orderBy(asc(sittingParts.id));
  },
  /** Each sitting's name with its plan's (shared/sitting-label.ts), by sitting id. */
  async sittingLabels(db: Db, sittingIds: readonly number[]): Promise<Map<number, string>> {
    if (sittingIds.length === 0) return new Map();
    const { examPlans, sittings } = tablesFor(db, 'planning');
    const rows = await db
      .select({ id: sittings.id, label: sittingLabelSql({ examPlans, sittings }) })
      .from(sittings)
      .where(inArray(sittings.id, [...new Set(sittingIds)]));
    return new Map(rows.map((r) => [r.id, r.label]));
  },
};
