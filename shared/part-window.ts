/**
 * When a part of a sitting is over for everyone: the rule behind the release guard and behind the
 * results saying 未开始 / 进行中 (part still open) or 缺考 (part over, never started). Pure.
 *
 * A sitting has one start; a candidate takes its online parts one after the other (in either
 * order), so the last moment anyone can still be starting or sitting a part is the start plus
 * the durations of all online parts. Extra time a proctor gives keeps that candidate "in
 * progress" past it, which the guard sees on its own.
 */

/** The moment the sitting's online parts are over for a candidate who kept to the timetable. */
export function partClosesAt(sittingStartsAt: number, onlinePartMinutes: readonly number[]): number {
  return sittingStartsAt + onlinePartMinutes.reduce((sum, m) => sum + m, 0) * 60_000;
}

/** One candidate of the sitting, for one part: their session of that part, and whether another part of theirs runs. */
export type CandidatePartFacts = {
  /** null: no session of this part (never started). */
  status: 'not_started' | 'in_progress' | 'ended' | null;
  /** Another part of the sitting is running for them: this one may still follow. */
  otherPartRunning: boolean;
};

export type ReleaseBlock = { inProgress: number; couldStart: number };

/**
 * Why results of a part cannot be released yet: candidates sitting it now, and candidates who have
 * not started it while it is still open (or while another of their parts runs). null: releasable.
 */
export function releaseBlock(now: number, closesAt: number, candidates: readonly CandidatePartFacts[]): ReleaseBlock | null {
  let inProgress = 0;
  let couldStart = 0;
  for (const c of candidates) {
    if (c.status === 'in_progress') inProgress++;
    else if (c.status !== 'ended' && (now < closesAt || c.otherPartRunning)) couldStart++;
  }
  return inProgress + couldStart === 0 ? null : { inProgress, couldStart };
}

/** A candidate's place in a part before any score: 未开始 and 进行中 while it is open, 缺考 once it is over. */
export function attendance(now: number, closesAt: number, c: CandidatePartFacts): 'not_started' | 'in_progress' | 'absent' | 'ended' {
  if (c.status === 'ended') return 'ended';
  if (c.status === 'in_progress') return 'in_progress';
  return now < closesAt || c.otherPartRunning ? 'not_started' : 'absent';
}
