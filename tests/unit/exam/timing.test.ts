import { describe, expect, it } from 'vitest';
import { canPause, deadlineAfterPause, deadlineFor, deadlineWithExtraTime, isBeforeDeadline, MINUTE, plannedExtraMinutes, remainingAt, remainingMs, standardEnd } from '../../../server/src/features/exam/timing.ts';

describe('timing', () => {
  const start = Date.UTC(2026, 10, 27, 1, 0, 0);

  it('puts the deadline exactly the part duration after the start', () => {
    expect(deadlineFor(start, 90)).toBe(start + 90 * MINUTE);
    expect(deadlineFor(start, 120) - start).toBe(7_200_000);
  });

  it('adds planned extra time at the start and a proctor\'s incident extra time on top of it', () => {
    // 90 minutes with 25 % planned: 22.5 minutes, rounded up to 23.
    const planned = plannedExtraMinutes(90, { unit: 'percent', value: 25 });
    expect(planned).toBe(23);
    const deadline = deadlineFor(start, 90, planned);
    expect(deadline).toBe(start + 113 * MINUTE);
    expect(standardEnd(start, 90)).toBe(start + 90 * MINUTE);
    // Incident extra time (10 minutes) moves the planned deadline, not the standard one.
    expect(deadlineWithExtraTime(deadline, 10)).toBe(start + 123 * MINUTE);
    expect(plannedExtraMinutes(120, { unit: 'minutes', value: 15 })).toBe(15);
    expect(deadlineFor(start, 120, plannedExtraMinutes(120, { unit: 'minutes', value: 15 }))).toBe(start + 135 * MINUTE);
    expect(plannedExtraMinutes(90, null)).toBe(0);
    expect(plannedExtraMinutes(90, { unit: 'percent', value: 0 })).toBe(0);
    expect(deadlineFor(start, 90)).toBe(start + 90 * MINUTE);
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

describe('pause and extra time', () => {
  const start = Date.UTC(2026, 5, 1, 1, 0, 0);
  const deadline = start + 90 * MINUTE;

  it('stops the remaining time while paused', () => {
    const pausedAt = start + 10 * MINUTE;
    expect(remainingAt(deadline, pausedAt, pausedAt + 500 * MINUTE)).toBe(80 * MINUTE);
    expect(remainingAt(deadline, null, pausedAt)).toBe(80 * MINUTE);
  });

  it('moves the deadline by exactly the paused time on resume', () => {
    const pausedAt = start + 10 * MINUTE;
    expect(deadlineAfterPause(deadline, pausedAt, pausedAt + 12_345)).toBe(deadline + 12_345);
    // A clock that went backwards never shortens the exam.
    expect(deadlineAfterPause(deadline, pausedAt, pausedAt - 1)).toBe(deadline);
  });

  it('adds extra minutes', () => {
    expect(deadlineWithExtraTime(deadline, 15)).toBe(deadline + 15 * MINUTE);
  });

  it('pauses only a running session with time left that is not already paused', () => {
    expect(canPause(deadline, null, deadline - 1)).toBe(true);
    expect(canPause(deadline, null, deadline)).toBe(false);
    expect(canPause(deadline, start, start + 1)).toBe(false);
  });
});
