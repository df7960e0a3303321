/** Pure timing rules of a timed part. The server's clock is the only clock that counts. */

export const MINUTE = 60_000;

/** Planned extra time of one part (an accommodation): fixed minutes, or a percentage of the part's duration. */
export type PlannedExtraTime = { unit: 'minutes' | 'percent'; value: number };

/** A percentage is rounded up to whole minutes: the candidate never gets less than granted. */
export function plannedExtraMinutes(durationMinutes: number, extra: PlannedExtraTime | null | undefined): number {
  if (!extra || extra.value <= 0) return 0;
  return extra.unit === 'minutes' ? Math.ceil(extra.value) : Math.ceil((durationMinutes * extra.value) / 100);
}

/**
 * The deadline a session starts with: start + duration + planned extra time. Incident extra time
 * (a proctor's, during the part) moves it later through deadlineWithExtraTime and is recorded apart.
 */
export function deadlineFor(startedAt: number, durationMinutes: number, plannedMinutes = 0): number {
  return startedAt + (durationMinutes + plannedMinutes) * MINUTE;
}

/** The end a candidate without accommodations would have: what "standard end" means on the candidate's page. */
export function standardEnd(startedAt: number, durationMinutes: number): number {
  return deadlineFor(startedAt, durationMinutes);
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
