import { and, eq } from 'drizzle-orm';
import { forUpdate } from '../../core/db/dialect.ts';
import { tablesFor } from '../../core/db/owners.ts';
import type { Db } from '../../core/db/store.ts';
import { createPartScores, type PartScoreValues } from './part-scores.ts';

/**
 * The sessions of a review part (综合评审), which its panel's chair starts and ends and its members
 * score: issue #16, exam owns sessions and scores, the review feature runs them through this port
 * (wired in app.ts). Every write takes the caller's transaction.
 */
export function createReviewSessions(db: Db) {
  return {
    async sessionOf(candidateId: number, sittingPartId: number) {
      const { examSessions } = tablesFor(db, 'exam');
      const [row] = await db.select().from(examSessions).where(and(eq(examSessions.candidateId, candidateId), eq(examSessions.sittingPartId, sittingPartId)));
      return row;
    },
    /** The session, locked until the transaction ends (FOR UPDATE on PostgreSQL). */
    async lock(tx: Db, sessionId: number) {
      const { examSessions } = tablesFor(tx, 'exam');
      const [row] = await forUpdate(tx, tx.select().from(examSessions).where(eq(examSessions.id, sessionId)));
      return row;
    },
    /** Starts an untimed session; undefined when the candidate has one already (the unique candidate/part index decides). */
    async start(tx: Db, candidateId: number, sittingPartId: number, now: number) {
      const { examSessions } = tablesFor(tx, 'exam');
      // No deadline: the exam deadline scheduler must not try to machine-score a review.
      const [row] = await tx.insert(examSessions).values({ candidateId, sittingPartId, status: 'in_progress', startedAt: now }).onConflictDoNothing().returning();
      return row;
    },
    /** Ends a running session; false when it was not running (any more). */
    async end(tx: Db, sessionId: number, now: number, endReason: 'submitted' | 'absent'): Promise<boolean> {
      const { examSessions } = tablesFor(tx, 'exam');
      const ended = await tx
        .update(examSessions)
        .set({ status: 'ended', endedAt: now, endReason })
        .where(and(eq(examSessions.id, sessionId), eq(examSessions.status, 'in_progress')))
        .returning({ id: examSessions.id });
      return ended.length === 1;
    },
    /** false when the part was scored already (scores.session_id is unique). */
    insertScore: (tx: Db, values: PartScoreValues): Promise<boolean> => createPartScores(tx).insert(values),
    hasScore: (tx: Db, sessionId: number): Promise<boolean> => createPartScores(tx).has(sessionId),
  };
}
export type ReviewSessions = ReturnType<typeof createReviewSessions>;
