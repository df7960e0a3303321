import { requiredParts, type EndReason, type Level, type PartKind, type SessionStatus } from '@shared/domain.ts';

/** Pure rules turning sessions and scores into each part's outcome and the candidate's result. */

export type PartOutcome = 'passed' | 'failed' | 'absent' | 'violation' | 'pending';
export type CandidateResult = 'certified' | 'not_certified' | 'absent' | 'violation' | 'pending';

export type PartFacts = {
  status: SessionStatus | null;
  endReason: EndReason | null;
  score: number | null;
  passScore: number;
};

export function partOutcome(f: PartFacts): PartOutcome {
  if (f.endReason === 'violation') return 'violation';
  // Never started: 缺考 (a proctor may also record it explicitly).
  if (f.endReason === 'absent' || f.status === null || f.status === 'not_started') return 'absent';
  if (f.status !== 'ended' || f.score === null) return 'pending';
  return f.score >= f.passScore ? 'passed' : 'failed';
}

/**
 * Certified only when every part the level requires is passed. A violation in any part decides the
 * result (违纪: failed, no retake); then absence; a part still being graded keeps the result pending.
 */
export function certify(level: Level, outcomes: Partial<Record<PartKind, PartOutcome>>): CandidateResult {
  const required = requiredParts(level).map((p) => outcomes[p] ?? 'absent');
  if (required.includes('violation')) return 'violation';
  if (required.every((o) => o === 'absent')) return 'absent';
  if (required.includes('pending')) return 'pending';
  return required.every((o) => o === 'passed') ? 'certified' : 'not_certified';
}
