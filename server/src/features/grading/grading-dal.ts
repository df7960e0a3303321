import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../../core/db/connection.ts';
import {
  answers,
  examSessions,
  gradingTaskGraders,
  gradingTasks,
  markingCodes,
  marks,
  paperItems,
  scores,
  screenshots,
  scriptClaims,
  sittingParts,
  sittings,
  users,
} from '../../core/db/schema.ts';
import { sittingLabelSql } from '../../core/db/sitting-label.ts';
import { newMarkingCode } from './rules.ts';

export type MarkRow = typeof marks.$inferSelect;
export type ClaimRow = typeof scriptClaims.$inferSelect;
type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** Sessions a grader marks: ended normally (violation and absence are not graded). */
const GRADABLE_REASONS = ['submitted', 'deadline', 'force_submitted'] as const;

export function createGradingDal(db: Db | Tx) {
  return {
    skillsItems() {
      return db
        .select({ item: paperItems, sittingPartId: sittingParts.id, sittingName: sittingLabelSql(), task: gradingTasks })
        .from(paperItems)
        .innerJoin(sittingParts, and(eq(sittingParts.paperId, paperItems.paperId), eq(sittingParts.part, 'skills')))
        .innerJoin(sittings, eq(sittings.id, sittingParts.sittingId))
        .leftJoin(gradingTasks, eq(gradingTasks.paperItemId, paperItems.id))
        .orderBy(asc(sittingParts.id), asc(paperItems.position))
        .all();
    },
    skillsItem(paperItemId: number) {
      return db
        .select({ item: paperItems, sittingPartId: sittingParts.id, passScore: sittingParts.passScore, task: gradingTasks })
        .from(paperItems)
        .innerJoin(sittingParts, and(eq(sittingParts.paperId, paperItems.paperId), eq(sittingParts.part, 'skills')))
        .leftJoin(gradingTasks, eq(gradingTasks.paperItemId, paperItems.id))
        .where(eq(paperItems.id, paperItemId))
        .get();
    },
    paperItems(paperId: number) {
      return db.select().from(paperItems).where(eq(paperItems.paperId, paperId)).orderBy(asc(paperItems.position)).all();
    },
    part(id: number) {
      return db.select().from(sittingParts).where(eq(sittingParts.id, id)).get();
    },
    gradableSessions(sittingPartId: number) {
      return db
        .select({ id: examSessions.id, code: markingCodes.code })
        .from(examSessions)
        .leftJoin(markingCodes, eq(markingCodes.sessionId, examSessions.id))
        .where(and(eq(examSessions.sittingPartId, sittingPartId), eq(examSessions.status, 'ended'), inArray(examSessions.endReason, [...GRADABLE_REASONS])))
        .orderBy(asc(markingCodes.code))
        .all();
    },
    sessionByCode(code: string) {
      return db
        .select({ session: examSessions })
        .from(markingCodes)
        .innerJoin(examSessions, eq(examSessions.id, markingCodes.sessionId))
        .where(eq(markingCodes.code, code))
        .get()?.session;
    },
    isGradable(session: typeof examSessions.$inferSelect) {
      return session.status === 'ended' && (GRADABLE_REASONS as readonly string[]).includes(session.endReason ?? '');
    },
    /** Gives every gradable session without one a fresh random code (retried on the rare collision). */
    assignCodes(sessionIds: readonly number[]) {
      for (const sessionId of sessionIds) {
        for (let attempt = 0; ; attempt += 1) {
          const inserted = db.insert(markingCodes).values({ sessionId, code: newMarkingCode() }).onConflictDoNothing().returning().get();
          if (inserted) break;
          if (db.select().from(markingCodes).where(eq(markingCodes.sessionId, sessionId)).get()) break;
          if (attempt > 20) throw new Error('Could not draw a free marking code');
        }
      }
    },
    marksOfItem(paperItemId: number) {
      return db.select().from(marks).where(eq(marks.paperItemId, paperItemId)).all();
    },
    marksOfScript(sessionId: number, paperItemId: number) {
      return db.select().from(marks).where(and(eq(marks.sessionId, sessionId), eq(marks.paperItemId, paperItemId))).orderBy(asc(marks.id)).all();
    },
    marksOfSession(sessionId: number) {
      return db.select().from(marks).where(eq(marks.sessionId, sessionId)).orderBy(asc(marks.id)).all();
    },
    insertMark(values: Omit<typeof marks.$inferInsert, 'id'>) {
      db.insert(marks).values(values).run();
    },
    /** A reopened mark leaves the marks table; the whole mark stays in the audit log. */
    deleteMark(id: number) {
      db.delete(marks).where(eq(marks.id, id)).run();
    },
    claimsOfItem(paperItemId: number) {
      return db.select().from(scriptClaims).where(eq(scriptClaims.paperItemId, paperItemId)).all();
    },
    claimOf(sessionId: number, paperItemId: number) {
      return db.select().from(scriptClaims).where(and(eq(scriptClaims.sessionId, sessionId), eq(scriptClaims.paperItemId, paperItemId))).get();
    },
    putClaim(sessionId: number, paperItemId: number, graderUserId: number, expiresAt: number) {
      db.insert(scriptClaims)
        .values({ sessionId, paperItemId, graderUserId, expiresAt })
        .onConflictDoUpdate({ target: [scriptClaims.sessionId, scriptClaims.paperItemId], set: { graderUserId, expiresAt } })
        .run();
    },
    dropClaim(sessionId: number, paperItemId: number) {
      db.delete(scriptClaims).where(and(eq(scriptClaims.sessionId, sessionId), eq(scriptClaims.paperItemId, paperItemId))).run();
    },
    answerOf(sessionId: number, paperItemId: number) {
      return db.select().from(answers).where(and(eq(answers.sessionId, sessionId), eq(answers.paperItemId, paperItemId))).get();
    },
    screenshotsOf(sessionId: number, paperItemId: number) {
      return db
        .select()
        .from(screenshots)
        .where(and(eq(screenshots.sessionId, sessionId), eq(screenshots.paperItemId, paperItemId), isNull(screenshots.removedAt)))
        .orderBy(asc(screenshots.uploadedAt), asc(screenshots.id))
        .all();
    },
    screenshot(id: number) {
      return db.select().from(screenshots).where(eq(screenshots.id, id)).get();
    },
    session(id: number) {
      return db.select().from(examSessions).where(eq(examSessions.id, id)).get();
    },
    hasScore(sessionId: number) {
      return db.select({ id: scores.id }).from(scores).where(eq(scores.sessionId, sessionId)).get() !== undefined;
    },
    /** The part's score of a session whose marks changed: written again once every task is resolved. */
    takeScore(sessionId: number) {
      return db.delete(scores).where(eq(scores.sessionId, sessionId)).returning({ score: scores.score, passed: scores.passed }).get();
    },
    insertScore(values: Omit<typeof scores.$inferInsert, 'id'>) {
      db.insert(scores).values(values).run();
    },
    graderByLogin(login: string) {
      return db.select().from(users).where(and(eq(users.login, login), eq(users.role, 'grader'))).get();
    },
    /**
     * Active graders named on each task (paper item id → user ids); tasks with nobody named are
     * absent. A named account since disabled or given another role no longer counts, so it cannot
     * hold a task's scripts hostage.
     */
    namedGraders(paperItemIds?: readonly number[]): Map<number, number[]> {
      const active = and(eq(users.role, 'grader'), isNull(users.disabledAt));
      const rows = db
        .select({ paperItemId: gradingTaskGraders.paperItemId, userId: gradingTaskGraders.userId })
        .from(gradingTaskGraders)
        .innerJoin(users, eq(users.id, gradingTaskGraders.userId))
        .where(paperItemIds === undefined ? active : and(active, inArray(gradingTaskGraders.paperItemId, [...paperItemIds])))
        .orderBy(asc(gradingTaskGraders.userId))
        .all();
      const out = new Map<number, number[]>();
      for (const r of rows) out.set(r.paperItemId, [...(out.get(r.paperItemId) ?? []), r.userId]);
      return out;
    },
    setNamedGraders(paperItemId: number, userIds: readonly number[]) {
      db.delete(gradingTaskGraders).where(eq(gradingTaskGraders.paperItemId, paperItemId)).run();
      if (userIds.length > 0) db.insert(gradingTaskGraders).values(userIds.map((userId) => ({ paperItemId, userId }))).run();
    },
    usersByIds(ids: readonly number[]) {
      return ids.length === 0 ? [] : db.select({ id: users.id, login: users.login, role: users.role, disabledAt: users.disabledAt }).from(users).where(inArray(users.id, [...ids])).all();
    },
    user(id: number) {
      return db.select({ id: users.id, login: users.login, role: users.role }).from(users).where(eq(users.id, id)).get();
    },
    /** The skills tasks of one sitting (its skills part's paper items), with their settings. */
    sittingSkillsItems(sittingId: number) {
      return db
        .select({ item: paperItems, sittingPartId: sittingParts.id, task: gradingTasks })
        .from(sittingParts)
        .innerJoin(paperItems, eq(paperItems.paperId, sittingParts.paperId))
        .leftJoin(gradingTasks, eq(gradingTasks.paperItemId, paperItems.id))
        .where(and(eq(sittingParts.sittingId, sittingId), eq(sittingParts.part, 'skills')))
        .orderBy(asc(paperItems.position))
        .all();
    },
    skillsPartOf(sittingId: number): number | undefined {
      return db.select({ id: sittingParts.id }).from(sittingParts).where(and(eq(sittingParts.sittingId, sittingId), eq(sittingParts.part, 'skills'))).get()?.id;
    },
    sittingExists(sittingId: number) {
      return db.select({ id: sittings.id }).from(sittings).where(eq(sittings.id, sittingId)).get() !== undefined;
    },
    putTask(values: typeof gradingTasks.$inferInsert) {
      db.insert(gradingTasks)
        .values(values)
        .onConflictDoUpdate({ target: gradingTasks.paperItemId, set: { doubleMarking: values.doubleMarking, thresholdPoints: values.thresholdPoints, arbitratorUserId: values.arbitratorUserId } })
        .run();
    },
  };
}
export type GradingDal = ReturnType<typeof createGradingDal>;
