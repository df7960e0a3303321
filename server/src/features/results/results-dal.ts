import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { sittingLabelSql } from '../../core/db/sitting-label.ts';
import { forUpdate } from '../../core/db/dialect.ts';
import { tablesOf, type Db, type Tables } from '../../core/db/store.ts';

/**
 * Results on the async data layer (docs/cluster.md §1). Still reads tables other features own
 * (sittings, sitting_parts, candidates, exam_sessions, scores, papers, answers): see issue #16 step 2.
 */
export function createResultsDal(db: Db) {
  const { answers, candidates, examPlans, examSessions, paperItems, papers, scores, sittingParts, sittings } = tablesOf(db);
  const label = sittingLabelSql({ examPlans, sittings });
  return {
    async partSummaries() {
      return db
        .select({
          sittingPartId: sittingParts.id,
          sittingId: sittings.id,
          sittingName: label,
          level: sittings.level,
          kind: sittingParts.part,
          durationMinutes: sittingParts.durationMinutes,
          passScore: sittingParts.passScore,
          releasedAt: sittingParts.resultsReleasedAt,
          candidates: sql<number>`(select count(*) from ${candidates} where ${candidates.sittingId} = ${sittings.id})`.mapWith(Number),
          ended: sql<number>`(select count(*) from ${examSessions} where ${examSessions.sittingPartId} = ${sittingParts.id} and ${examSessions.status} = 'ended')`.mapWith(Number),
          passed: sql<number>`(select count(*) from ${scores} join ${examSessions} on ${examSessions.id} = ${scores.sessionId} where ${examSessions.sittingPartId} = ${sittingParts.id} and ${eq(scores.passed, true)})`.mapWith(Number),
        })
        .from(sittingParts)
        .innerJoin(sittings, eq(sittings.id, sittingParts.sittingId))
        .orderBy(asc(sittings.id), asc(sittingParts.id));
    },
    async partResults(sittingPartId: number, sittingId: number) {
      return db
        .select({
          ticketNo: candidates.ticketNo,
          name: candidates.name,
          status: examSessions.status,
          endReason: examSessions.endReason,
          score: scores.score,
          passed: scores.passed,
        })
        .from(candidates)
        .leftJoin(examSessions, and(eq(examSessions.candidateId, candidates.id), eq(examSessions.sittingPartId, sittingPartId)))
        .leftJoin(scores, eq(scores.sessionId, examSessions.id))
        .where(eq(candidates.sittingId, sittingId))
        .orderBy(asc(candidates.ticketNo));
    },
    async part(id: number) {
      const [row] = await db.select().from(sittingParts).where(eq(sittingParts.id, id));
      return row;
    },
    /** Releases the part unless it is released already (two admins at once: one wins). */
    async release(id: number, at: number): Promise<boolean> {
      return (await db.update(sittingParts).set({ resultsReleasedAt: at }).where(and(eq(sittingParts.id, id), isNull(sittingParts.resultsReleasedAt)))).rowCount === 1;
    },
    async sitting(id: number) {
      const [row] = await db.select().from(sittings).where(eq(sittings.id, id));
      return row;
    },
    /** The sitting named with its plan, as every list names it. */
    async sittingLabel(id: number): Promise<string | undefined> {
      const [row] = await db.select({ label }).from(sittings).where(eq(sittings.id, id));
      return row?.label;
    },
    async partsOfSitting(sittingId: number) {
      return db.select().from(sittingParts).where(eq(sittingParts.sittingId, sittingId)).orderBy(asc(sittingParts.id));
    },
    async candidatesOfSitting(sittingId: number) {
      return db.select().from(candidates).where(eq(candidates.sittingId, sittingId)).orderBy(asc(candidates.ticketNo));
    },
    async sessionsWithScores(sittingPartId: number) {
      return db
        .select({ sessionId: examSessions.id, candidateId: examSessions.candidateId, status: examSessions.status, endReason: examSessions.endReason, lateSyncAt: examSessions.lateSyncAt, plannedExtraMinutes: examSessions.plannedExtraMinutes, incidentExtraMinutes: examSessions.incidentExtraMinutes, score: scores })
        .from(examSessions)
        .leftJoin(scores, eq(scores.sessionId, examSessions.id))
        .where(eq(examSessions.sittingPartId, sittingPartId))
        .orderBy(asc(examSessions.id));
    },
    async releaseSitting(sittingId: number, at: number) {
      return db
        .update(sittingParts)
        .set({ resultsReleasedAt: at })
        .where(and(eq(sittingParts.sittingId, sittingId), isNull(sittingParts.resultsReleasedAt)))
        .returning({ id: sittingParts.id });
    },
    async paper(id: number) {
      const [row] = await db.select().from(papers).where(eq(papers.id, id));
      return row;
    },
    async paperItem(id: number) {
      const [row] = await db.select().from(paperItems).where(eq(paperItems.id, id));
      return row;
    },
    /** The item's row, locked until the transaction ends: two key corrections of one item take turns. */
    async lockPaperItem(id: number) {
      const [row] = await forUpdate(db, db.select().from(paperItems).where(eq(paperItems.id, id)));
      return row;
    },
    async paperItems(paperId: number) {
      return db.select().from(paperItems).where(eq(paperItems.paperId, paperId)).orderBy(asc(paperItems.position));
    },
    async partsUsingPaper(paperId: number) {
      return db.select().from(sittingParts).where(eq(sittingParts.paperId, paperId)).orderBy(asc(sittingParts.id));
    },
    async setAnswerKey(paperItemId: number, key: string[]) {
      await db.update(paperItems).set({ answerKeyJson: JSON.stringify(key) }).where(eq(paperItems.id, paperItemId));
    },
    async answersOf(sessionId: number) {
      return db.select().from(answers).where(eq(answers.sessionId, sessionId));
    },
    async updateScore(sessionId: number, values: Pick<Tables['scores']['$inferInsert'], 'rawPoints' | 'maxPoints' | 'score' | 'passed' | 'detailJson' | 'scoredAt'>) {
      await db.update(scores).set(values).where(eq(scores.sessionId, sessionId));
    },
  };
}

export type ResultsDal = ReturnType<typeof createResultsDal>;
