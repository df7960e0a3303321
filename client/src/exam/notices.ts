/** Pure rules of what the candidate is told about time. */

/** Minutes left at which the candidate is warned. */
export const TIME_WARNINGS = [15, 5, 1] as const;

/**
 * The warning due now, if any: the smallest threshold at or above the time left that has not been
 * announced. A page opened with 12 minutes left warns once ("under 15 minutes"), not three times.
 */
export function dueTimeWarning(leftMs: number | null, announced: ReadonlySet<number>): number | null {
  if (leftMs === null || leftMs <= 0) return null;
  const crossed = TIME_WARNINGS.filter((m) => leftMs <= m * 60_000);
  if (crossed.length === 0) return null;
  const smallest = Math.min(...crossed);
  return announced.has(smallest) ? null : smallest;
}

/** Announcing a threshold covers the larger ones too: they are behind us. */
export function announce(announced: ReadonlySet<number>, minutes: number): Set<number> {
  return new Set([...announced, ...TIME_WARNINGS.filter((m) => m >= minutes)]);
}
