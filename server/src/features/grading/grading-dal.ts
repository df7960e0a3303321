import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { byteOrder, forUpdate } from '../../core/db/dialect.ts';
import { sittingLabelSql } from '../../core/db/sitting-label.ts';
import { tablesOf, type Db, type Tables } from '../../core/db/store.ts';
import { newMarkingCode } from './rules.ts';

export type MarkRow = Tables['marks']['$inferSelect'];
export type ClaimRow = Tables['scriptClaims']['$inferSelect'];
type SessionRow = Tables['examSessions']['$inferSelect'];

/** Sessions a grader marks: ended normally (violation and absence are not graded). */
const GRADABLE_REASONS = ['submitted', 'deadline', 'force_submitted'] as const;

/**
 * Grading on the async data layer (docs/cluster.md §1). Still reads tables other features own
 * (paper_items, sitting_parts, sittings, exam_sessions, answers, screenshots, users) and writes the
 * part's row in `scores`: see issue #16 step 2.
 */
export function createGradingDal(db: Db) {
  const { answers, examPlans, examSessions, gradingTaskGraders, gradingTasks, markingCodes, marks, paperItems, scores, screenshots, scriptClaims, sittingParts, sittings, users } = tablesOf(db);
  return {
    async skillsItems() {
      return db
        .select({ item: paperItems, sittingPartId: sittingParts.id, sittingName: sittingLabelSql({ examPlans, sittings }), task: gradingTasks })
        .from(paperItems)
        .innerJoin(sittingParts, and(eq(sittingParts.paperId, paperItems.paperId), eq(sittingParts.part, 'skills')))
        .innerJoin(sittings, eq(sittings.id, sittingParts.sittingId))
        .leftJoin(gradingTasks, eq(gradingTasks.paperItemId, paperItems.id))
        .orderBy(asc(sittingParts.id), asc(paperItems.position));
    },
    async skillsItem(paperItemId: number) {
      const [row] = await db
        .select({ item: paperItems, sittingPartId: sittingParts.id, passScore: sittingParts.passScore, task: gradingTasks })
        .from(paperItems)
        .innerJoin(sittingParts, and(eq(sittingParts.paperId, paperItems.paperId), eq(sittingParts.part, 'skills')))
        .leftJoin(gradingTasks, eq(gradingTasks.paperItemId, paperItems.id))
        .where(eq(paperItems.id, paperItemId))
        .orderBy(asc(sittingParts.id))
        .limit(1);
      return row;
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
    async paperItems(paperId: number) {
      return db.select().from(paperItems).where(eq(paperItems.paperId, paperId)).orderBy(asc(paperItems.position));
    },
    async part(id: number) {
      const [row] = await db.select().from(sittingParts).where(eq(sittingParts.id, id));
      return row;
    },
    async gradableSessions(sittingPartId: number) {
      return db
        .select({ id: examSessions.id, code: markingCodes.code })
        .from(examSessions)
        .leftJoin(markingCodes, eq(markingCodes.sessionId, examSessions.id))
        .where(and(eq(examSessions.sittingPartId, sittingPartId), eq(examSessions.status, 'ended'), inArray(examSessions.endReason, [...GRADABLE_REASONS])))
        .orderBy(byteOrder(db, markingCodes.code), asc(examSessions.id));
    },
    async sessionByCode(code: string) {
      const [row] = await db.select({ session: examSessions }).from(markingCodes).innerJoin(examSessions, eq(examSessions.id, markingCodes.sessionId)).where(eq(markingCodes.code, code));
      return row?.session;
    },
    isGradable(session: SessionRow) {
      return session.status === 'ended' && (GRADABLE_REASONS as readonly string[]).includes(session.endReason ?? '');
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
    async answerOf(sessionId: number, paperItemId: number) {
      const [row] = await db.select().from(answers).where(and(eq(answers.sessionId, sessionId), eq(answers.paperItemId, paperItemId)));
      return row;
    },
    async screenshotsOf(sessionId: number, paperItemId: number) {
      return db
        .select()
        .from(screenshots)
        .where(and(eq(screenshots.sessionId, sessionId), eq(screenshots.paperItemId, paperItemId), isNull(screenshots.removedAt)))
        .orderBy(asc(screenshots.uploadedAt), asc(screenshots.id));
    },
    async screenshot(id: number) {
      const [row] = await db.select().from(screenshots).where(eq(screenshots.id, id));
      return row;
    },
    async session(id: number) {
      const [row] = await db.select().from(examSessions).where(eq(examSessions.id, id));
      return row;
    },
    async hasScore(sessionId: number) {
      const [row] = await db.select({ id: scores.id }).from(scores).where(eq(scores.sessionId, sessionId));
      return row !== undefined;
    },
    /** The part's score of a session whose marks changed: written again once every task is resolved. */
    async takeScore(sessionId: number) {
      const [row] = await db.delete(scores).where(eq(scores.sessionId, sessionId)).returning({ score: scores.score, passed: scores.passed });
      return row;
    },
    /** false when the part was scored already (scores.session_id is unique). */
    async insertScore(values: Omit<Tables['scores']['$inferInsert'], 'id'>): Promise<boolean> {
      return (await db.insert(scores).values(values).onConflictDoNothing({ target: scores.sessionId }).returning({ id: scores.id })).length === 1;
    },
    async graderByLogin(login: string) {
      const [row] = await db.select().from(users).where(and(eq(users.login, login), eq(users.role, 'grader')));
      return row;
    },
    /**
     * Active graders named on each task (paper item id → user ids); tasks with nobody named are
     * absent. A named account since disabled or given another role no longer counts, so it cannot
     * hold a task's scripts hostage.
     */
    async namedGraders(paperItemIds?: readonly number[]): Promise<Map<number, number[]>> {
      const active = and(eq(users.role, 'grader'), isNull(users.disabledAt));
      if (paperItemIds !== undefined && paperItemIds.length === 0) return new Map();
      const rows = await db
        .select({ paperItemId: gradingTaskGraders.paperItemId, userId: gradingTaskGraders.userId })
        .from(gradingTaskGraders)
        .innerJoin(users, eq(users.id, gradingTaskGraders.userId))
        .where(paperItemIds === undefined ? active : and(active, inArray(gradingTaskGraders.paperItemId, [...paperItemIds])))
        .orderBy(asc(gradingTaskGraders.userId));
      const out = new Map<number, number[]>();
      for (const r of rows) out.set(r.paperItemId, [...(out.get(r.paperItemId) ?? []), r.userId]);
      return out;
    },
    async setNamedGraders(paperItemId: number, userIds: readonly number[]) {
      await db.delete(gradingTaskGraders).where(eq(gradingTaskGraders.paperItemId, paperItemId));
      if (userIds.length > 0) await db.insert(gradingTaskGraders).values(userIds.map((userId) => ({ paperItemId, userId })));
    },
    async usersByIds(ids: readonly number[]) {
      return ids.length === 0 ? [] : db.select({ id: users.id, login: users.login, role: users.role, disabledAt: users.disabledAt }).from(users).where(inArray(users.id, [...ids]));
    },
    async user(id: number) {
      const [row] = await db.select({ id: users.id, login: users.login, role: users.role }).from(users).where(eq(users.id, id));
      return row;
    },
    /** The skills tasks of one sitting (its skills part's paper items), with their settings. */
    async sittingSkillsItems(sittingId: number) {
      return db
        .select({ item: paperItems, sittingPartId: sittingParts.id, task: gradingTasks })
        .from(sittingParts)
        .innerJoin(paperItems, eq(paperItems.paperId, sittingParts.paperId))
        .leftJoin(gradingTasks, eq(gradingTasks.paperItemId, paperItems.id))
        .where(and(eq(sittingParts.sittingId, sittingId), eq(sittingParts.part, 'skills')))
        .orderBy(asc(paperItems.position));
    },
    async skillsPartOf(sittingId: number): Promise<number | undefined> {
      const [row] = await db.select({ id: sittingParts.id }).from(sittingParts).where(and(eq(sittingParts.sittingId, sittingId), eq(sittingParts.part, 'skills')));
      return row?.id;
    },
    async sittingExists(sittingId: number) {
      const [row] = await db.select({ id: sittings.id }).from(sittings).where(eq(sittings.id, sittingId));
      return row !== undefined;
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
