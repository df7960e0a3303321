import type { SessionEnded } from '@shared/events.ts';
import type { PartKind } from '@shared/domain.ts';
import { appendAudits, type AuditEntry } from '../../core/audit.ts';
import type { Db } from '../../core/db/store.ts';
import type { DueRow, ExamDal, ScoreValues } from './exam-dal.ts';
import type { LoadedPaper } from './paper-cache.ts';
import { scorerOf, type StoredAnswer } from './paper-scorer.ts';

export type Ended = { ended: SessionEnded; candidateId: number; userId: number | undefined };
/** What finalising one session came to: ended by this call, its deadline moved meanwhile, or nothing to do. */
export type Outcome = Ended | { moved: number } | null;
/** One session of a batch: its outcome, or why it could not be ended (it stays running). */
export type BatchResult = { id: number; outcome: Outcome; error?: unknown };

/** The part a session sits and its paper, as the service resolves them inside a transaction. */
export type PartPaper = { part: { part: PartKind; passScore: number }; paper: LoadedPaper };
export type PartPaperOf = (tx: Db, sittingPartId: number) => Promise<PartPaper>;

/** Sessions one deadline transaction ends: thousands share a deadline, each batch is one commit and one turn of the event loop. */
export const DEADLINE_BATCH = 250;

/**
 * Ends and scores, at their deadline, the running sessions among `ids` inside the caller's
 * transaction (`d` made from its `tx`), set by set: one locking read, one conditional update, one read of the answers, one
 * of the candidates' logins, multi-row inserts of scores and of audit entries, instead of eight
 * statements per session; each paper's distinct responses are marked once (paper-scorer.ts). The
 * same rules as the one-by-one end: the rows are locked first (a save holding one finishes before,
 * one arriving after sees the end), only rows still `in_progress` end (of two finalisers exactly
 * one ends and scores a session), a paused session is left alone, one whose deadline moved past
 * `now` is reported as moved. A session whose paper cannot be had is left running and reported.
 */
export async function endAtDeadlineBatch(d: ExamDal, tx: Db, ids: readonly number[], now: number, paperOf: PartPaperOf): Promise<BatchResult[]> {
  const rows = await d.sessionsLocked(ids);
  const results = new Map<number, BatchResult>(ids.map((id) => [id, { id, outcome: null }]));
  const due: { session: DueRow & { deadline: number }; pp: PartPaper }[] = [];
  const parts = new Map<number, Promise<PartPaper>>();
  for (const session of rows) {
    const { deadline } = session;
    if (session.status !== 'in_progress' || deadline === null || session.pausedAt !== null) continue;
    if (now < deadline) {
      results.set(session.id, { id: session.id, outcome: { moved: deadline } });
      continue;
    }
    let pp = parts.get(session.sittingPartId);
    if (!pp) parts.set(session.sittingPartId, (pp = paperOf(tx, session.sittingPartId)));
    try {
      due.push({ session: { ...session, deadline }, pp: await pp });
    } catch (error) {
      results.set(session.id, { id: session.id, outcome: null, error });
    }
  }
  const ended = new Set(await d.endAtDeadline(due.map((s) => s.session.id)));
  const theory = due.filter((s) => ended.has(s.session.id) && s.pp.part.part === 'theory').map((s) => s.session.id);
  const answers = groupBySession(await d.answersOfSessions(theory));
  const userIds = await d.userIdsOfCandidates(due.filter((s) => ended.has(s.session.id)).map((s) => s.session.candidateId));
  const scores: ScoreValues[] = [];
  const audits: AuditEntry[] = [];
  for (const { session, pp } of due) {
    if (!ended.has(session.id)) continue;
    const endedAt = session.deadline;
    audits.push({ at: now, actorUserId: null, action: 'session.ended', entity: 'exam_session', entityId: session.id, details: { reason: 'deadline', endedAt } });
    // Skills answers and screenshots are graded by people against the rubric (grading feature): no machine score.
    if (pp.part.part === 'theory') {
      const result = scorerOf(pp.paper.items, pp.paper.multiRule).score(answers.get(session.id) ?? [], pp.part.passScore);
      scores.push({ sessionId: session.id, rawPoints: result.rawPoints, maxPoints: result.maxPoints, score: result.score, passed: result.passed, detailJson: result.detailJson, scoredAt: now });
      audits.push({ at: now, actorUserId: null, action: 'session.scored', entity: 'exam_session', entityId: session.id, details: { rawPoints: result.rawPoints, maxPoints: result.maxPoints, score: result.score, passed: result.passed, multiRule: pp.paper.multiRule } });
    }
    results.set(session.id, { id: session.id, outcome: { ended: { sessionId: session.id, endedAt, endReason: 'deadline' }, candidateId: session.candidateId, userId: userIds.get(session.candidateId) } });
  }
  await d.insertScores(scores);
  await appendAudits(tx, audits);
  return ids.map((id) => results.get(id)!);
}

function groupBySession(rows: readonly (StoredAnswer & { sessionId: number })[]): Map<number, StoredAnswer[]> {
  const out = new Map<number, StoredAnswer[]>();
  for (const a of rows) {
    const of = out.get(a.sessionId);
    if (of) of.push(a);
    else out.set(a.sessionId, [a]);
  }
  return out;
}
