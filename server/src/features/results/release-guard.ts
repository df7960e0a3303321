import { releaseBlock } from '@shared/part-window.ts';
import { StateError } from '../../core/errors.ts';
import type { ResultsDal } from './results-dal.ts';
import { ONLINE_PARTS, sittingWindow } from './sitting-results.ts';

type Part = { id: number; sittingId: number; part: 'theory' | 'skills' | 'review' };

/** Refuses to release a part's results while anyone of the sitting is sitting it or could still start it. */
export async function assertReleasable(dal: ResultsDal, part: Part, now: number): Promise<void> {
  if (!ONLINE_PARTS.includes(part.part)) return;
  const sitting = await dal.sitting(part.sittingId);
  if (!sitting) return;
  const { closesAt, otherPartRunning } = await sittingWindow(dal, part.sittingId, sitting.startsAt);
  const status = new Map((await dal.sessionsWithScores(part.id)).map((r) => [r.candidateId, r.status]));
  const facts = (await dal.candidatesOfSitting(part.sittingId)).map((c) => ({ status: status.get(c.id) ?? null, otherPartRunning: otherPartRunning(c.id, part.id) }));
  const block = releaseBlock(now, closesAt, facts);
  if (block) {
    throw new StateError(
      'CONFLICT',
      `Results cannot be released while candidates can still work: ${block.inProgress} in progress, ${block.couldStart} who could still start (the part closes at ${new Date(closesAt).toISOString()})`,
      { key: 'resultsRelease.stillOpen', params: { ...block, part: part.part } },
    );
  }
}
