import { describe, expect, it } from 'vitest';
import { deadlineFor, isBeforeDeadline, MINUTE, remainingMs } from '../../../server/src/features/exam/timing.ts';

describe('timing', () => {
  const start = Date.UTC(2026, 10, 27, 1, 0, 0);

  it('puts the deadline exactly the part duration after the start', () => {
    expect(deadlineFor(start, 90)).toBe(start + 90 * MINUTE);
    expect(deadlineFor(start, 120) - start).toBe(7_200_000);
  });

  it('counts remaining time down to zero and never below', () => {
    const deadline = deadlineFor(start, 90);
    expect(remainingMs(deadline, start)).toBe(90 * MINUTE);
    expect(remainingMs(deadline, deadline - 1)).toBe(1);
    expect(remainingMs(deadline, deadline)).toBe(0);
    expect(remainingMs(deadline, deadline + 5000)).toBe(0);
  });

  it('accepts writes strictly before the deadline only', () => {
    const deadline = deadlineFor(start, 90);
    expect(isBeforeDeadline(deadline, deadline - 1)).toBe(true);
    expect(isBeforeDeadline(deadline, deadline)).toBe(false);
    expect(isBeforeDeadline(deadline, deadline + 1)).toBe(false);
  });
});
