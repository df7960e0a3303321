import { describe, expect, it } from 'vitest';
import { attendance, partClosesAt, releaseBlock, type CandidatePartFacts } from '@shared/part-window.ts';

const MIN = 60_000;
const start = 1_000 * MIN;
const closesAt = partClosesAt(start, [90, 120]);
const c = (status: CandidatePartFacts['status'], otherPartRunning = false): CandidatePartFacts => ({ status, otherPartRunning });

describe('when a part is over for everyone', () => {
  it('closes after every online part run one after the other', () => {
    expect(closesAt).toBe(start + 210 * MIN);
  });

  it('refuses a release while anyone is answering, even after the timetable (extra time)', () => {
    expect(releaseBlock(closesAt + 30 * MIN, closesAt, [c('ended'), c('in_progress')])).toEqual({ inProgress: 1, couldStart: 0 });
  });

  it('refuses a release while someone who has not started could still start', () => {
    expect(releaseBlock(closesAt - 1, closesAt, [c('ended'), c(null), c('not_started')])).toEqual({ inProgress: 0, couldStart: 2 });
    // Late for the timetable, but another part of theirs still runs: this one may follow it.
    expect(releaseBlock(closesAt + 1, closesAt, [c(null, true)])).toEqual({ inProgress: 0, couldStart: 1 });
  });

  it('allows the release once everyone has ended or can no longer start', () => {
    expect(releaseBlock(closesAt, closesAt, [c('ended'), c(null), c('not_started')])).toBeNull();
    expect(releaseBlock(start, closesAt, [])).toBeNull();
    expect(releaseBlock(start, closesAt, [c('ended'), c('ended')])).toBeNull();
  });

  it('says 未开始 / 进行中 while the part is open and 缺考 only after its end', () => {
    expect(attendance(start + MIN, closesAt, c(null))).toBe('not_started');
    expect(attendance(start + MIN, closesAt, c('in_progress'))).toBe('in_progress');
    expect(attendance(closesAt, closesAt, c(null))).toBe('absent');
    expect(attendance(closesAt + 5 * MIN, closesAt, c('in_progress'))).toBe('in_progress');
    expect(attendance(closesAt + MIN, closesAt, c(null, true))).toBe('not_started');
    expect(attendance(start, closesAt, c('ended'))).toBe('ended');
  });
});
