import { requiredParts, type EndReason, type Level, type PartKind, type SessionStatus } from '@shared/domain.ts';

/** Pure rules turning sessions and scores into each part's outcome and the candidate's result. */

/** not_started and in_progress only while the part is open (see shared/part-window.ts); after it, never started is absent. */
export type PartOutcome = 'passed' | 'failed' | 'absent' | 'violation' | 'pending' | 'not_started' | 'in_progress';
export type CandidateResult = 'certified' | 'not_certified' | 'absent' | 'violation' | 'pending';

export type PartFacts = {
  status: SessionStatus | null;
  endReason: EndReason | null;
  score: number | null;
  passScore: number;
  /** The part is still open for this candidate (shared/part-window.ts): not started yet is not 缺考 yet. */
  open?: boolean;
};

export function partOutcome(f: PartFacts): PartOutcome {
  if (f.endReason === 'violation') return 'violation';
  if (f.endReason === 'absent') return 'absent';
  // Never started: 未开始 while the part is open, 缺考 once it is over.
  if (f.status === null || f.status === 'not_started') return f.open ? 'not_started' : 'absent';
  if (f.status === 'in_progress') return 'in_progress';
  if (f.score === null) return 'pending';
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
  if (required.some((o) => o === 'pending' || o === 'not_started' || o === 'in_progress')) return 'pending';
  return required.every((o) => o === 'passed') ? 'certified' : 'not_certified';
}
