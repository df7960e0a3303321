import { eq } from 'drizzle-orm';
import type { PartKind } from '@shared/domain.ts';
import { forUpdate } from '../../core/db/dialect.ts';
import { tablesOf, type Db } from '../../core/db/store.ts';

/** The part a paper is drawn for, as the papers feature sees it. */
export type PartForPaper = { part: PartKind; level: number; sittingName: string };

/**
 * The exam feature's port for the papers feature, on the async data layer (issue #16; exam itself
 * is not converted yet): which part a paper is drawn for, whether the part's paper is already in
 * use (a candidate started), and setting it. Assigning is conditional: it locks the part's row
 * and refuses once a session of the part exists, so the check and the change cannot be split by a
 * start on another connection (exam's start is to lock the same row when it moves to this layer).
 */
export type PartPapers = {
  part(sittingPartId: number): Promise<PartForPaper | undefined>;
  paperInUse(sittingPartId: number): Promise<boolean>;
  /** Pass the caller's transaction; false (nothing changed) when a candidate has started the part. */
  assignPaper(tx: Db, sittingPartId: number, paperId: number): Promise<boolean>;
};

export function createPartPapers(db: Db): PartPapers {
  const inUse = async (d: Db, sittingPartId: number) => {
    const { examSessions } = tablesOf(d);
    const [row] = await d.select({ id: examSessions.id }).from(examSessions).where(eq(examSessions.sittingPartId, sittingPartId)).limit(1);
    return row !== undefined;
  };
  return {
    async part(sittingPartId) {
      const { sittingParts, sittings } = tablesOf(db);
      const [row] = await db
        .select({ part: sittingParts.part, level: sittings.level, sittingName: sittings.name })
        .from(sittingParts)
        .innerJoin(sittings, eq(sittings.id, sittingParts.sittingId))
        .where(eq(sittingParts.id, sittingPartId));
      return row as PartForPaper | undefined;
    },
    paperInUse: (sittingPartId) => inUse(db, sittingPartId),
    async assignPaper(tx, sittingPartId, paperId) {
      const { sittingParts } = tablesOf(tx);
      await forUpdate(tx, tx.select({ id: sittingParts.id }).from(sittingParts).where(eq(sittingParts.id, sittingPartId)));
      if (await inUse(tx, sittingPartId)) return false;
      return ((await tx.update(sittingParts).set({ paperId }).where(eq(sittingParts.id, sittingPartId))).rowCount ?? 0) === 1;
    },
  };
}
