import { count, eq } from 'drizzle-orm';
import type { PartKind } from '@shared/domain.ts';
import type { Db } from '../../core/db/connection.ts';
import { examSessions, sittingParts, sittings } from '../../core/db/schema.ts';

/** The part a paper is drawn for, as the papers feature sees it. */
export type PartForPaper = { part: PartKind; level: number; sittingName: string };

/**
 * The exam feature's port for the papers feature: which part a paper is drawn for, whether the
 * part's paper is already in use (a candidate started), and setting it.
 */
export type PartPapers = {
  part(sittingPartId: number): PartForPaper | undefined;
  paperInUse(sittingPartId: number): boolean;
  /** Pass the caller's transaction, so the change commits with its audit entry. */
  assignPaper(tx: Pick<Db, 'update'>, sittingPartId: number, paperId: number): void;
};

export function createPartPapers(db: Db): PartPapers {
  return {
    part(sittingPartId) {
      return db
        .select({ part: sittingParts.part, level: sittings.level, sittingName: sittings.name })
        .from(sittingParts)
        .innerJoin(sittings, eq(sittings.id, sittingParts.sittingId))
        .where(eq(sittingParts.id, sittingPartId))
        .get();
    },
    paperInUse(sittingPartId) {
      return (db.select({ n: count() }).from(examSessions).where(eq(examSessions.sittingPartId, sittingPartId)).get()?.n ?? 0) > 0;
    },
    assignPaper(tx, sittingPartId, paperId) {
      tx.update(sittingParts).set({ paperId }).where(eq(sittingParts.id, sittingPartId)).run();
    },
  };
}
