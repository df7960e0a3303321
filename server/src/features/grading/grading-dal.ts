import { and, asc, between, eq, inArray } from 'drizzle-orm';
import { forUpdate } from '../../core/db/dialect.ts';
import { tablesFor } from '../../core/db/owners.ts';
import type { Db, Tables } from '../../core/db/store.ts';
import { newMarkingCode } from './rules.ts';

export type MarkRow = Tables['marks']['$inferSelect'];
export type ClaimRow = Tables['scriptClaims']['$inferSelect'];
export type TaskRow = Tables['gradingTasks']['$inferSelect'];

/**
 * Grading's own tables (tasks, named graders, marking codes, claims, marks) on the async data layer
 * (docs/cluster.md §1). What grading needs of other features' tables comes through its ports
 * (ports.ts), joined in grading-data.ts.
 */
export function createGradingDal(db: Db) {
  const { gradingTaskGraders, gradingTasks, markingCodes, marks, scriptClaims } = tablesFor(db, 'grading');
  return {
    /** The settings of these tasks (paper item id → row); a task without settings is absent. */
    async tasksOf(paperItemIds: readonly number[]): Promise<Map<number, TaskRow>> {
      if (paperItemIds.length === 0) return new Map();
      const rows = await db
        .select()
        .from(gradingTasks)
        .where(inArray(gradingTasks.paperItemId, [...new Set(paperItemIds)]));
      return new Map(rows.map((r) => [r.paperItemId, r]));
    },
    /**
     * Locks the task until the transaction ends on PostgreSQL: marks on it and changes to its
     * settings or graders take turns, so a mark is given under the settings and graders it was
     * checked against, and an administrator's check for marks sees every mark. The lock is on
     * grading's own row (made with the defaults if the task has none, which reads the same as
     * none), not the paper item's: a paper item locked for update would hold up every insert that
     * refers to it (answers, claims) for as long.
     */
    async lockTask(paperItemId: number) {
      await db.insert(gradingTasks).values({ paperItemId }).onConflictDoNothing({ target: gradingTasks.paperItemId });
      await forUpdate(db, db.select({ id: gradingTasks.paperItemId }).from(gradingTasks).where(eq(gradingTasks.paperItemId, paperItemId)));
    },
    /**
     * Locks a session's scripts (its marking code row, which every script has before it can be
     * addressed) until the transaction ends on PostgreSQL: claims, marks and reopens on them take
     * turns, so each sees the others' claims and marks, and the mark resolving the last task sees
     * every other mark (the part is scored once, and not never). Taken after `lockTask`, never before.
     */
    async lockScripts(sessionId: number) {
      await forUpdate(db, db.select({ id: markingCodes.sessionId }).from(markingCodes).where(eq(markingCodes.sessionId, sessionId)));
    },
    /**
     * The marking codes of these sessions (session id → code); a session without one is absent. One
     * range read between the lowest and highest id rather than thousands of bound ids: a part's
     * sessions are mostly contiguous, and codes of other sessions in the range are dropped here.
     */
    async codesOf(sessionIds: readonly number[]): Promise<Map<number, string>> {
      if (sessionIds.length === 0) return new Map();
      const wanted = new Set(sessionIds);
      const rows = await db
        .select()
        .from(markingCodes)
        .where(between(markingCodes.sessionId, Math.min(...wanted), Math.max(...wanted)));
      return new Map(rows.filter((r) => wanted.has(r.sessionId)).map((r) => [r.sessionId, r.code]));
    },
    async sessionIdOfCode(code: string): Promise<number | undefined> {
      const [row] = await db.select({ sessionId: markingCodes.sessionId }).from(markingCodes).where(eq(markingCodes.code, code));
      return row?.sessionId;
    },
    /**
     * Gives every gradable session without one a fresh random code (retried on the rare collision).
     * Two listings at once: the unique session key makes the second insert wait and do nothing, and
     * the code then found is the first one's. Sessions go in id order so two such transactions wait
     * on each other in one direction only (no deadlock on PostgreSQL).
     */
    async assignCodes(sessionIds: readonly number[]) {
      for (const sessionId of [...sessionIds].sort((a, b) => a - b)) {
        for (let attempt = 0; ; attempt += 1) {
          const inserted = await db.insert(markingCodes).values({ sessionId, code: newMarkingCode() }).onConflictDoNothing().returning({ sessionId: markingCodes.sessionId });
          if (inserted.length === 1) break;
          const [has] = await db.select({ sessionId: markingCodes.sessionId }).from(markingCodes).where(eq(markingCodes.sessionId, sessionId));
          if (has) break;
          if (attempt > 20) throw new Error('Could not draw a free marking code');
        }
      }
    },
    async marksOfItem(paperItemId: number) {
      return db.select().from(marks).where(eq(marks.paperItemId, paperItemId));
    },
    async marksOfScript(sessionId: number, paperItemId: number) {
      return db.select().from(marks).where(and(eq(marks.sessionId, sessionId), eq(marks.paperItemId, paperItemId))).orderBy(asc(marks.id));
    },
    async marksOfSession(sessionId: number) {
      return db.select().from(marks).where(eq(marks.sessionId, sessionId)).orderBy(asc(marks.id));
    },
    async insertMark(values: Omit<Tables['marks']['$inferInsert'], 'id'>) {
      await db.insert(marks).values(values);
    },
    /** A reopened mark leaves the marks table; the whole mark stays in the audit log. */
    async deleteMark(id: number): Promise<boolean> {
      return (await db.delete(marks).where(eq(marks.id, id)).returning({ id: marks.id })).length === 1;
    },
    async claimsOfItem(paperItemId: number) {
      return db.select().from(scriptClaims).where(eq(scriptClaims.paperItemId, paperItemId));
    },
    async claimOf(sessionId: number, paperItemId: number) {
      const [row] = await db.select().from(scriptClaims).where(and(eq(scriptClaims.sessionId, sessionId), eq(scriptClaims.paperItemId, paperItemId)));
      return row;
    },
    async putClaim(sessionId: number, paperItemId: number, graderUserId: number, expiresAt: number) {
      await db
        .insert(scriptClaims)
        .values({ sessionId, paperItemId, graderUserId, expiresAt })
        .onConflictDoUpdate({ target: [scriptClaims.sessionId, scriptClaims.paperItemId], set: { graderUserId, expiresAt } });
    },
    async dropClaim(sessionId: number, paperItemId: number) {
      await db.delete(scriptClaims).where(and(eq(scriptClaims.sessionId, sessionId), eq(scriptClaims.paperItemId, paperItemId)));
    },
    /** Drops the claim only while it is this grader's: one taken over since stays with its new holder. */
    async dropOwnClaim(sessionId: number, paperItemId: number, graderUserId: number): Promise<boolean> {
      const gone = await db
        .delete(scriptClaims)
        .where(and(eq(scriptClaims.sessionId, sessionId), eq(scriptClaims.paperItemId, paperItemId), eq(scriptClaims.graderUserId, graderUserId)))
        .returning({ id: scriptClaims.id });
      return gone.length === 1;
    },
    /** Who is named on each task (all tasks, or these), by user id; whether still an active grader is the caller's check. */
    async namedGraderRows(paperItemIds?: readonly number[]) {
      if (paperItemIds !== undefined && paperItemIds.length === 0) return [];
      return db
        .select({ paperItemId: gradingTaskGraders.paperItemId, userId: gradingTaskGraders.userId })
        .from(gradingTaskGraders)
        .where(paperItemIds === undefined ? undefined : inArray(gradingTaskGraders.paperItemId, [...paperItemIds]))
        .orderBy(asc(gradingTaskGraders.userId));
    },
    async setNamedGraders(paperItemId: number, userIds: readonly number[]) {
      await db.delete(gradingTaskGraders).where(eq(gradingTaskGraders.paperItemId, paperItemId));
      if (userIds.length > 0) await db.insert(gradingTaskGraders).values(userIds.map((userId) => ({ paperItemId, userId })));
    },
    async putTask(values: Tables['gradingTasks']['$inferInsert']) {
      await db
        .insert(gradingTasks)
        .values(values)
        .onConflictDoUpdate({ target: gradingTasks.paperItemId, set: { doubleMarking: values.doubleMarking, thresholdPoints: values.thresholdPoints, arbitratorUserId: values.arbitratorUserId } });
    },
  };
}
export type GradingDal = ReturnType<typeof createGradingDal>;
