/** Pure timing rules of a timed part. The server's clock is the only clock that counts. */

export const MINUTE = 60_000;

export function deadlineFor(startedAt: number, durationMinutes: number): number {
  return startedAt + durationMinutes * MINUTE;
}

export function remainingMs(deadline: number, now: number): number {
  return Math.max(0, deadline - now);
}

/** A write is on time while the server receives it strictly before the deadline. */
export function isBeforeDeadline(deadline: number, receivedAt: number): boolean {
  return receivedAt < deadline;
}

/**
 * While paused the server's clock stops for the candidate: the time left is what was left when
 * the pause began.
 */
export function remainingAt(deadline: number, pausedAt: number | null, now: number): number {
  return remainingMs(deadline, pausedAt ?? now);
}

/** On resume the deadline moves by exactly the paused time. */
export function deadlineAfterPause(deadline: number, pausedAt: number, resumedAt: number): number {
  return deadline + Math.max(0, resumedAt - pausedAt);
}

/** Extra time granted by a proctor. */
export function deadlineWithExtraTime(deadline: number, minutes: number): number {
  return deadline + minutes * MINUTE;
}

/** A session can be paused only while running, not already paused and with time left. */
export function canPause(deadline: number, pausedAt: number | null, now: number): boolean {
  return pausedAt === null && now < deadline;
}
