import { eq } from 'drizzle-orm';
import type { PartKind } from '@shared/domain.ts';
import { tablesFor } from '../../core/db/owners.ts';
import type { Db } from '../../core/db/store.ts';
import type { ExamOwners } from './ports.ts';

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

/** `planning`: the parts are planning's rows; exam knows whether a session of one exists. */
export function createPartPapers(db: Db, planning: ExamOwners['planning']): PartPapers {
  const inUse = async (d: Db, sittingPartId: number) => {
    const { examSessions } = tablesFor(d, 'exam');
    const [row] = await d.select({ id: examSessions.id }).from(examSessions).where(eq(examSessions.sittingPartId, sittingPartId)).limit(1);
    return row !== undefined;
  };
  return {
    async part(sittingPartId) {
      return (await planning(db).partForPaper(sittingPartId)) as PartForPaper | undefined;
    },
    paperInUse: (sittingPartId) => inUse(db, sittingPartId),
    async assignPaper(tx, sittingPartId, paperId) {
      const parts = planning(tx);
      await parts.lockPart(sittingPartId);
      if (await inUse(tx, sittingPartId)) return false;
      return parts.setPaper(sittingPartId, paperId);
    },
  };
}
