import { releaseBlock } from '@shared/part-window.ts';
import type { Db } from '../../core/db/store.ts';
import { StateError } from '../../core/errors.ts';
import type { ResultsPart, ResultsPorts } from './ports.ts';
import { ONLINE_PARTS, sessionsByPart, sittingWindow } from './sitting-results.ts';

/** Refuses to release a part's results while anyone of the sitting is sitting it or could still start it. */
export async function assertReleasable(db: Db, ports: ResultsPorts, part: Pick<ResultsPart, 'id' | 'sittingId' | 'part'>, now: number): Promise<void> {
  if (!ONLINE_PARTS.includes(part.part)) return;
  const sitting = await ports.planning.sitting(part.sittingId);
  if (!sitting) return;
  const parts = await ports.planning.partsOfSitting(part.sittingId);
  const sessions = await sessionsByPart(ports.sessions, db, parts);
  const { closesAt, otherPartRunning } = sittingWindow(parts, sessions, sitting.startsAt);
  const status = new Map((sessions.get(part.id) ?? []).map((r) => [r.candidateId, r.status]));
  const facts = (await ports.candidates.ofSitting(part.sittingId)).map((c) => ({ status: status.get(c.id) ?? null, otherPartRunning: otherPartRunning(c.id, part.id) }));
  const block = releaseBlock(now, closesAt, facts);
  if (block) {
    throw new StateError(
      'CONFLICT',
      `Results cannot be released while candidates can still work: ${block.inProgress} in progress, ${block.couldStart} who could still start (the part closes at ${new Date(closesAt).toISOString()})`,
      { key: 'resultsRelease.stillOpen', params: { ...block, part: part.part } },
    );
  }
}
