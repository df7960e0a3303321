import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../../core/db/connection.ts';
import { answers, candidates, examPlans, examSessions, occupations, paperItems, papers, scores, sittingParts, sittings } from '../../core/db/schema.ts';
import type { EndReason } from '@shared/domain.ts';

export type SessionRow = typeof examSessions.$inferSelect;
export type PaperItemRow = typeof paperItems.$inferSelect;

/** All SQL of the exam feature; the service above it speaks only in rows and values. */
export function createExamDal(db: Db) {
  // Prepared once: these run for every answer saved and every session started.
  const sessionById = db.select().from(examSessions).where(eq(examSessions.id, sql.placeholder('id'))).prepare();
  const partById = db.select().from(sittingParts).where(eq(sittingParts.id, sql.placeholder('id'))).prepare();
  const candidateByUserId = db.select().from(candidates).where(eq(candidates.userId, sql.placeholder('userId'))).prepare();
  const userIdByCandidate = db.select({ userId: candidates.userId }).from(candidates).where(eq(candidates.id, sql.placeholder('id'))).prepare();
  const sittingStart = db.select({ startsAt: sittings.startsAt }).from(sittings).where(eq(sittings.id, sql.placeholder('id'))).prepare();
  const sessionOfCandidate = db
    .select()
    .from(examSessions)
    .where(and(eq(examSessions.candidateId, sql.placeholder('candidateId')), eq(examSessions.sittingPartId, sql.placeholder('sittingPartId'))))
    .prepare();
  const insertRunning = db
    .insert(examSessions)
    .values({
      candidateId: sql.placeholder('candidateId'),
      sittingPartId: sql.placeholder('sittingPartId'),
      status: 'in_progress',
      startedAt: sql.placeholder('startedAt'),
      deadline: sql.placeholder('deadline'),
      plannedExtraMinutes: sql.placeholder('plannedExtraMinutes'),
    })
    .returning()
    .prepare();
  const answersBySession = db.select().from(answers).where(eq(answers.sessionId, sql.placeholder('sessionId'))).prepare();
  const endRunning = db
    .update(examSessions)
    .set({ status: 'ended', endedAt: sql`${sql.placeholder('endedAt')}`, endReason: sql`${sql.placeholder('endReason')}` })
    .where(and(eq(examSessions.id, sql.placeholder('id')), eq(examSessions.status, 'in_progress')))
    .prepare();
  const insertScoreRow = db
    .insert(scores)
    .values({
      sessionId: sql.placeholder('sessionId'),
      rawPoints: sql.placeholder('rawPoints'),
      maxPoints: sql.placeholder('maxPoints'),
      score: sql.placeholder('score'),
      passed: sql.placeholder('passed'),
      detailJson: sql.placeholder('detailJson'),
      scoredAt: sql.placeholder('scoredAt'),
    })
    .prepare();
  const upsertAnswer = db
    .insert(answers)
    .values({
      sessionId: sql.placeholder('sessionId'),
      paperItemId: sql.placeholder('itemId'),
      responseJson: sql.placeholder('responseJson'),
      flagged: sql.placeholder('flagged'),
      revision: 1,
      receivedAt: sql.placeholder('receivedAt'),
    })
    .onConflictDoUpdate({
      target: [answers.sessionId, answers.paperItemId],
      set: { responseJson: sql`excluded.response_json`, flagged: sql`excluded.flagged`, revision: sql`${answers.revision} + 1`, receivedAt: sql`excluded.received_at` },
    })
    .returning()
    .prepare();

  return {

    candidateByUser(userId: number) {
      return candidateByUserId.get({ userId });
    },
    sittingStartsAt(sittingId: number): number | undefined {
      return sittingStart.get({ id: sittingId })?.startsAt;
    },
    userIdOfCandidate(candidateId: number): number | undefined {
      return userIdByCandidate.get({ id: candidateId })?.userId;
    },
    sittingPart(id: number) {
      return partById.get({ id });
    },
    sittingWithOccupation(sittingId: number) {
      return db
        .select({ sitting: sittings, occupation: occupations })
        .from(sittings)
        .innerJoin(examPlans, eq(examPlans.id, sittings.planId))
        .innerJoin(occupations, eq(occupations.id, examPlans.occupationId))
        .where(eq(sittings.id, sittingId))
        .get();
    },
    partsOfSitting(sittingId: number) {
      return db.select().from(sittingParts).where(eq(sittingParts.sittingId, sittingId)).orderBy(asc(sittingParts.id)).all();
    },
    paper(id: number) {
      return db.select().from(papers).where(eq(papers.id, id)).get();
    },
    paperItems(paperId: number) {
      return db.select().from(paperItems).where(eq(paperItems.paperId, paperId)).orderBy(asc(paperItems.position)).all();
    },
    countPaperItems(paperId: number) {
      return db.select({ n: sql<number>`count(*)` }).from(paperItems).where(eq(paperItems.paperId, paperId)).get()?.n ?? 0;
    },
    sessionFor(candidateId: number, sittingPartId: number) {
      return sessionOfCandidate.get({ candidateId, sittingPartId });
    },
    session(id: number) {
      return sessionById.get({ id });
    },
    insertRunningSession(values: { candidateId: number; sittingPartId: number; startedAt: number; deadline: number; plannedExtraMinutes: number }) {
      const row = insertRunning.get(values);
      if (!row) throw new Error('insert returned no row');
      return row;
    },
    answersOf(sessionId: number) {
      return answersBySession.all({ sessionId });
    },
    upsertAnswer(v: { sessionId: number; itemId: number; responseJson: string | null; flagged: boolean; receivedAt: number }) {
      const row = upsertAnswer.get({ ...v, flagged: v.flagged ? 1 : 0 });
      if (!row) throw new Error('upsert returned no row');
      return row;
    },
    /** Ends the session only if it is still running; returns whether this call ended it. */
    endSession(id: number, endedAt: number, endReason: EndReason): boolean {
      return endRunning.run({ id, endedAt, endReason }).changes === 1;
    },
    insertScore(values: Omit<typeof scores.$inferInsert, 'id'>) {
      insertScoreRow.run({ ...values, passed: values.passed ? 1 : 0 });
    },
    scoreOf(sessionId: number) {
      return db.select().from(scores).where(eq(scores.sessionId, sessionId)).get();
    },
    runningSessionsOf(candidateId: number) {
      return db
        .select({ id: examSessions.id, sittingPartId: examSessions.sittingPartId })
        .from(examSessions)
        .where(and(eq(examSessions.candidateId, candidateId), eq(examSessions.status, 'in_progress')))
        .all();
    },
    answeredItems(sessionIds: readonly number[]): { sessionId: number; itemId: number }[] {
      if (sessionIds.length === 0) return [];
      return db
        .select({ sessionId: answers.sessionId, itemId: answers.paperItemId })
        .from(answers)
        .where(and(inArray(answers.sessionId, [...sessionIds]), isNotNull(answers.responseJson)))
        .all();
    },
    runningSessions() {
      return db
        .select({ id: examSessions.id, deadline: examSessions.deadline, pausedAt: examSessions.pausedAt })
        .from(examSessions)
        .where(eq(examSessions.status, 'in_progress'))
        .all();
    },
    /** Pause (pausedAt set) or resume (pausedAt null, deadline moved) a running session. */
    setPauseAndDeadline(id: number, pausedAt: number | null, deadline: number): boolean {
      return (
        db
          .update(examSessions)
          .set({ pausedAt, deadline })
          .where(and(eq(examSessions.id, id), eq(examSessions.status, 'in_progress')))
          .run().changes === 1
      );
    },
    /** A proctor's extra time, counted apart from the planned (the results export shows both). */
    addIncidentExtra(id: number, minutes: number) {
      db.update(examSessions)
        .set({ incidentExtraMinutes: sql`${examSessions.incidentExtraMinutes} + ${minutes}` })
        .where(eq(examSessions.id, id))
        .run();
    },
    /** A no-show (缺考): an ended session that never started, so the part has a recorded outcome. */
    insertAbsentSession(candidateId: number, sittingPartId: number, endedAt: number) {
      return db
        .insert(examSessions)
        .values({ candidateId, sittingPartId, status: 'ended', endedAt, endReason: 'absent' })
        .onConflictDoNothing()
        .returning({ id: examSessions.id })
        .get();
    },
  };
}
export type ExamDal = ReturnType<typeof createExamDal>;
