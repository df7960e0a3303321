import type { CandidateOverview } from '@shared/api.ts';
import type { Level, PartKind } from '@shared/domain.ts';
import type { ExamRules } from '@shared/proctor.ts';
import { NotFoundError } from '../../core/errors.ts';
import type { SessionUser } from '../../core/session-user.ts';
import type { MaybePromise } from '../../core/maybe-promise.ts';
import type { ExamDal } from './exam-dal.ts';
import { plannedExtraMinutes, type PlannedExtraTime } from './timing.ts';

/** What a candidate may know about their own sitting: never scores before they are released. */
export async function candidateOverview(
  dal: ExamDal,
  user: SessionUser,
  rules: (sittingId: number) => MaybePromise<ExamRules>,
  plannedExtraTime?: (candidateId: number, part: PartKind) => MaybePromise<PlannedExtraTime | null>,
): Promise<CandidateOverview> {
  const candidate = await dal.candidateByUser(user.userId);
  if (!candidate) throw new NotFoundError('No candidate record for this login', { key: 'exam.noCandidate' });
  const found = await dal.sittingWithOccupation(candidate.sittingId);
  if (!found) throw new NotFoundError('No sitting for this candidate', { key: 'exam.noSitting' });
  const parts = [];
  const ofSitting = await dal.partsOfSitting(candidate.sittingId);
  const itemCounts = await dal.itemCounts(ofSitting.flatMap((p) => (p.paperId === null ? [] : [p.paperId])));
  for (const part of ofSitting) {
    const session = await dal.sessionFor(candidate.id, part.id);
    const score = session && part.resultsReleasedAt !== null ? await dal.scoreOf(session.id) : undefined;
    parts.push({
      sittingPartId: part.id,
      kind: part.part,
      durationMinutes: part.durationMinutes,
      plannedExtraMinutes: session?.startedAt != null ? session.plannedExtraMinutes : plannedExtraMinutes(part.durationMinutes, await plannedExtraTime?.(candidate.id, part.part)),
      passScore: part.passScore,
      itemCount: part.paperId === null ? 0 : (itemCounts.get(part.paperId) ?? 0),
      session: session ? { id: session.id, status: session.status, deadline: session.deadline, endedAt: session.endedAt, endReason: session.endReason } : null,
      result: score ? { score: score.score, passed: score.passed } : null,
    });
  }
  return {
    candidate: { name: candidate.name, ticketNo: candidate.ticketNo, room: candidate.room, seat: candidate.seat },
    sitting: {
      id: found.sitting.id,
      name: found.sitting.name,
      level: found.sitting.level as Level,
      occupationCode: found.occupation.code,
      occupationName: found.occupation.nameZh,
      startsAt: found.sitting.startsAt,
      rules: await rules(found.sitting.id),
    },
    parts,
  };
}
