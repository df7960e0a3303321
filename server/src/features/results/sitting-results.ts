import { OCCUPATION_CODE, requiredParts, type Level, type PartKind } from '@shared/domain.ts';
import type { SittingResults } from '@shared/results.ts';
import type { Db } from '../../core/db/connection.ts';
import { NotFoundError } from '../../core/errors.ts';
import { certify, partOutcome, type PartOutcome } from './certification.ts';
import { createResultsDal } from './results-dal.ts';

/** Every candidate of a sitting with each part's outcome and the certification result. */
export function sittingResults(db: Db, sittingId: number): SittingResults {
  const dal = createResultsDal(db);
  const sitting = dal.sitting(sittingId);
  if (!sitting) throw new NotFoundError('No such sitting');
  const level = sitting.level as Level;
  const parts = dal.partsOfSitting(sittingId);
  const people = dal.candidatesOfSitting(sittingId);
  const cells = new Map<string, { outcome: PartOutcome; score: number | null; extraTime?: { planned: number; incident: number } }>();
  for (const part of parts) {
    const rows = dal.sessionsWithScores(part.id).map((r) => ({ ...r, score: r.score?.score ?? null }));
    const byCandidate = new Map(rows.map((r) => [r.candidateId, r]));
    for (const c of people) {
      const r = byCandidate.get(c.id);
      const outcome = partOutcome({ status: r?.status ?? null, endReason: r?.endReason ?? null, score: r?.score ?? null, passScore: part.passScore });
      // A violation voids the part: its score is not reported.
      const extraTime = r ? { planned: r.plannedExtraMinutes, incident: r.incidentExtraMinutes } : undefined;
      cells.set(`${c.id}:${part.part}`, { outcome, score: outcome === 'violation' || outcome === 'absent' ? null : (r?.score ?? null), ...(extraTime ? { extraTime } : {}) });
    }
  }
  const cellOf = (candidateId: number, kind: PartKind) => cells.get(`${candidateId}:${kind}`) ?? { outcome: 'absent' as const, score: null };
  const needsReview = requiredParts(level).includes('review');
  const released = parts.map((p) => p.resultsReleasedAt);
  return {
    sittingId,
    sittingName: sitting.name,
    level,
    occupationCode: OCCUPATION_CODE,
    releasedAt: released.length > 0 && released.every((r) => r !== null) ? Math.max(...(released as number[])) : null,
    pendingGrading: people.filter((c) => cellOf(c.id, 'skills').outcome === 'pending').length,
    rows: people.map((c) => {
      const theory = cellOf(c.id, 'theory');
      const skills = cellOf(c.id, 'skills');
      const review = needsReview ? cellOf(c.id, 'review') : null;
      return {
        ticketNo: c.ticketNo,
        name: c.name,
        idNumber: c.idNumber,
        theory,
        skills,
        review,
        result: certify(level, { theory: theory.outcome, skills: skills.outcome, ...(review ? { review: review.outcome } : {}) }),
      };
    }),
  };
}
