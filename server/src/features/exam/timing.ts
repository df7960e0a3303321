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
