import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../core/db/connection.ts';
import { sittingLabelSql } from '../../core/db/sitting-label.ts';
import { answers, candidates, examSessions, paperItems, papers, scores, sittingParts, sittings } from '../../core/db/schema.ts';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export function createResultsDal(db: Db | Tx) {
  return {
    partSummaries() {
      return db
        .select({
          sittingPartId: sittingParts.id,
          sittingId: sittings.id,
          sittingName: sittingLabelSql(),
          level: sittings.level,
          kind: sittingParts.part,
          durationMinutes: sittingParts.durationMinutes,
          passScore: sittingParts.passScore,
          releasedAt: sittingParts.resultsReleasedAt,
          candidates: sql<number>`(select count(*) from ${candidates} where ${candidates.sittingId} = ${sittings.id})`,
          ended: sql<number>`(select count(*) from ${examSessions} where ${examSessions.sittingPartId} = ${sittingParts.id} and ${examSessions.status} = 'ended')`,
          passed: sql<number>`(select count(*) from ${scores} join ${examSessions} on ${examSessions.id} = ${scores.sessionId} where ${examSessions.sittingPartId} = ${sittingParts.id} and ${scores.passed} = 1)`,
        })
        .from(sittingParts)
        .innerJoin(sittings, eq(sittings.id, sittingParts.sittingId))
        .orderBy(asc(sittings.id), asc(sittingParts.id))
        .all();
    },
    partResults(sittingPartId: number, sittingId: number) {
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
        .orderBy(asc(candidates.ticketNo))
        .all();
    },
    part(id: number) {
      return db.select().from(sittingParts).where(eq(sittingParts.id, id)).get();
    },
    release(id: number, at: number) {
      db.update(sittingParts).set({ resultsReleasedAt: at }).where(eq(sittingParts.id, id)).run();
    },
    sitting(id: number) {
      return db.select().from(sittings).where(eq(sittings.id, id)).get();
    },
    /** The sitting named with its plan, as every list names it. */
    sittingLabel(id: number): string | undefined {
      return db.select({ label: sittingLabelSql() }).from(sittings).where(eq(sittings.id, id)).get()?.label;
    },
    partsOfSitting(sittingId: number) {
      return db.select().from(sittingParts).where(eq(sittingParts.sittingId, sittingId)).all();
    },
    candidatesOfSitting(sittingId: number) {
      return db.select().from(candidates).where(eq(candidates.sittingId, sittingId)).orderBy(asc(candidates.ticketNo)).all();
    },
    sessionsWithScores(sittingPartId: number) {
      return db
        .select({ sessionId: examSessions.id, candidateId: examSessions.candidateId, status: examSessions.status, endReason: examSessions.endReason, lateSyncAt: examSessions.lateSyncAt, plannedExtraMinutes: examSessions.plannedExtraMinutes, incidentExtraMinutes: examSessions.incidentExtraMinutes, score: scores })
        .from(examSessions)
        .leftJoin(scores, eq(scores.sessionId, examSessions.id))
        .where(eq(examSessions.sittingPartId, sittingPartId))
        .all();
    },
    releaseSitting(sittingId: number, at: number) {
      return db
        .update(sittingParts)
        .set({ resultsReleasedAt: at })
        .where(and(eq(sittingParts.sittingId, sittingId), isNull(sittingParts.resultsReleasedAt)))
        .returning({ id: sittingParts.id })
        .all();
    },
    paper(id: number) {
      return db.select().from(papers).where(eq(papers.id, id)).get();
    },
    paperItem(id: number) {
      return db.select().from(paperItems).where(eq(paperItems.id, id)).get();
    },
    paperItems(paperId: number) {
      return db.select().from(paperItems).where(eq(paperItems.paperId, paperId)).orderBy(asc(paperItems.position)).all();
    },
    partsUsingPaper(paperId: number) {
      return db.select().from(sittingParts).where(eq(sittingParts.paperId, paperId)).all();
    },
    setAnswerKey(paperItemId: number, key: string[]) {
      db.update(paperItems).set({ answerKeyJson: JSON.stringify(key) }).where(eq(paperItems.id, paperItemId)).run();
    },
    answersOf(sessionId: number) {
      return db.select().from(answers).where(eq(answers.sessionId, sessionId)).all();
    },
    updateScore(sessionId: number, values: Pick<typeof scores.$inferInsert, 'rawPoints' | 'maxPoints' | 'score' | 'passed' | 'detailJson' | 'scoredAt'>) {
      db.update(scores).set(values).where(eq(scores.sessionId, sessionId)).run();
    },
  };
}
