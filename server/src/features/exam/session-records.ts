import { and, asc, eq, inArray } from 'drizzle-orm';
import type { EndReason } from '@shared/domain.ts';
import { tablesFor } from '../../core/db/owners.ts';
import type { Db } from '../../core/db/store.ts';

/**
 * Sessions and their answers as a feature that marks them reads them (grading), wired in app.ts.
 * Made from any `Db`, so a caller inside a transaction reads through its `tx`.
 */
export function createSessionRecords(db: Db) {
  const { answers, examSessions } = tablesFor(db, 'exam');
  return {
    /** Ids of the part's sessions that ended for one of these reasons, in id order. */
    async endedOfPart(sittingPartId: number, endReasons: readonly EndReason[]): Promise<number[]> {
      const rows = await db
        .select({ id: examSessions.id })
        .from(examSessions)
        .where(and(eq(examSessions.sittingPartId, sittingPartId), eq(examSessions.status, 'ended'), inArray(examSessions.endReason, [...endReasons])))
        .orderBy(asc(examSessions.id));
      return rows.map((r) => r.id);
    },
    async session(id: number) {
      const [row] = await db
        .select({ id: examSessions.id, sittingPartId: examSessions.sittingPartId, status: examSessions.status, endReason: examSessions.endReason })
        .from(examSessions)
        .where(eq(examSessions.id, id));
      return row;
    },
    async answer(sessionId: number, paperItemId: number) {
      const [row] = await db.select({ responseJson: answers.responseJson }).from(answers).where(and(eq(answers.sessionId, sessionId), eq(answers.paperItemId, paperItemId)));
      return row;
    },
  };
}
export type SessionRecords = ReturnType<typeof createSessionRecords>;
