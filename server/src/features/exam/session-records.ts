import { and, asc, eq, inArray } from 'drizzle-orm';
import type { EndReason } from '@shared/domain.ts';
import { tablesFor } from '../../core/db/owners.ts';
import type { Db } from '../../core/db/store.ts';

/**
 * Sessions and their answers as the features that mark them read them (grading's port, wired in
 * app.ts). Each call takes the caller's handle, so a caller inside a transaction reads through its `tx`.
 */
export const sessionRecords = {
  /** Ids of the part's sessions that ended for one of these reasons, in id order. */
  async endedOfPart(db: Db, sittingPartId: number, endReasons: readonly EndReason[]): Promise<number[]> {
    const { examSessions } = tablesFor(db, 'exam');
    const rows = await db
      .select({ id: examSessions.id })
      .from(examSessions)
      .where(and(eq(examSessions.sittingPartId, sittingPartId), eq(examSessions.status, 'ended'), inArray(examSessions.endReason, [...endReasons])))
      .orderBy(asc(examSessions.id));
    return rows.map((r) => r.id);
  },
  async byIds(db: Db, ids: readonly number[]) {
    if (ids.length === 0) return [];
    const { examSessions } = tablesFor(db, 'exam');
    return db
      .select({ id: examSessions.id, sittingPartId: examSessions.sittingPartId, status: examSessions.status, endReason: examSessions.endReason })
      .from(examSessions)
      .where(inArray(examSessions.id, [...new Set(ids)]));
  },
  async answer(db: Db, sessionId: number, paperItemId: number) {
    const { answers } = tablesFor(db, 'exam');
    const [row] = await db.select({ responseJson: answers.responseJson }).from(answers).where(and(eq(answers.sessionId, sessionId), eq(answers.paperItemId, paperItemId)));
    return row;
  },
};
