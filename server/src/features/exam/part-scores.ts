import { eq } from 'drizzle-orm';
import { tablesFor } from '../../core/db/owners.ts';
import type { Db, Tables } from '../../core/db/store.ts';

export type PartScoreValues = Omit<Tables['scores']['$inferInsert'], 'id'>;

/**
 * A session's part score as the features that score a part by hand write it (grading's marks, the
 * review panel's through createReviewSessions), wired in app.ts. Made from the caller's `tx`, so a
 * score comes or goes with the marks it is built on, under the caller's locks.
 */
export function createPartScores(tx: Db) {
  const { scores } = tablesFor(tx, 'exam');
  return {
    async has(sessionId: number): Promise<boolean> {
      const [row] = await tx.select({ id: scores.id }).from(scores).where(eq(scores.sessionId, sessionId));
      return row !== undefined;
    },
    /** Deletes the session's score, returning what it was. */
    async take(sessionId: number): Promise<{ score: number; passed: boolean } | undefined> {
      const [row] = await tx.delete(scores).where(eq(scores.sessionId, sessionId)).returning({ score: scores.score, passed: scores.passed });
      return row;
    },
    /** false when the part was scored already (scores.session_id is unique). */
    async insert(values: PartScoreValues): Promise<boolean> {
      return (await tx.insert(scores).values(values).onConflictDoNothing({ target: scores.sessionId }).returning({ id: scores.id })).length === 1;
    },
  };
}
export type PartScores = ReturnType<typeof createPartScores>;
