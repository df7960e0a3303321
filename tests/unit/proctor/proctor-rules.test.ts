import { describe, expect, it } from 'vitest';
import { canMarkAbsent, candidateStatus, DEFAULT_SETTINGS, isDuplicateSignal, signalMarks, signalOutcome, toCsv } from '../../../server/src/features/proctor/proctor-rules.ts';

describe('candidate status on the proctor grid', () => {
  const running = { status: 'in_progress' as const, pausedAt: null, endReason: null };
  it.each([
    [false, null, 'not_logged_in'],
    [true, null, 'waiting'],
    [true, running, 'in_progress'],
    [false, running, 'disconnected'],
    [false, { ...running, pausedAt: 5 }, 'paused'],
    [true, { status: 'ended' as const, pausedAt: null, endReason: 'submitted' as const }, 'submitted'],
    [false, { status: 'ended' as const, pausedAt: null, endReason: 'deadline' as const }, 'submitted'],
    [true, { status: 'ended' as const, pausedAt: null, endReason: 'force_submitted' as const }, 'ended_by_proctor'],
    [true, { status: 'ended' as const, pausedAt: 3, endReason: 'violation' as const }, 'ended_by_proctor'],
    [false, { status: 'ended' as const, pausedAt: null, endReason: 'absent' as const }, 'absent'],
  ])('online=%s session=%j -> %s', (online, session, expected) => {
    expect(candidateStatus({ online, session })).toBe(expected);
  });

  it('shows a logged-in candidate who has not started as 已登录 / 等待开始, with or without an exam page open', () => {
    expect(candidateStatus({ online: false, loggedIn: true, session: null })).toBe('waiting');
    expect(candidateStatus({ online: false, loggedIn: false, session: null })).toBe('not_logged_in');
    // A running part needs its page connected: a live login alone is a lost connection.
    expect(candidateStatus({ online: false, loggedIn: true, session: { status: 'in_progress', pausedAt: null, endReason: null } })).toBe('disconnected');
  });
});

describe('signal policy', () => {
  it('records only, warns, or pauses once the Nth signal of any kind arrives in a running session', () => {
    expect(signalOutcome({ ...DEFAULT_SETTINGS, signalPolicy: 'record' }, { count: 9, total: 9 }, true).action).toBe('recorded');
    expect(signalOutcome({ ...DEFAULT_SETTINGS, signalPolicy: 'warn' }, { count: 9, total: 9 }, true).action).toBe('warned');
    const pause = { ...DEFAULT_SETTINGS, signalPolicy: 'pause' as const, pauseAfter: 3 };
    expect(signalOutcome(pause, { count: 2, total: 2 }, true)).toEqual({ action: 'warned', count: 2, total: 2, pauseAfter: 3 });
    // The warning counts its own kind ("第 1 次"); the pause counts them all.
    expect(signalOutcome(pause, { count: 1, total: 3 }, true)).toEqual({ action: 'paused', count: 1, total: 3, pauseAfter: 3 });
    expect(signalOutcome(pause, { count: 3, total: 3 }, false).action).toBe('warned');
  });

  it('counts a burst of one kind once', () => {
    expect(isDuplicateSignal(undefined, 1000)).toBe(false);
    expect(isDuplicateSignal(1000, 2999)).toBe(true);
    expect(isDuplicateSignal(1000, 3000)).toBe(false);
  });

  it("keeps a candidate's marks only while they can make a duplicate, however many candidates signal", () => {
    const marks = signalMarks();
    for (let i = 0; i < 5000; i++) marks.mark(`${i}:blur`, 0);
    expect(marks.isDuplicate('4999:blur', 1999)).toBe(true);
    expect(marks.size()).toBe(5000);
    // Past the window the old marks are swept as new ones come: the map does not keep everyone.
    for (let i = 0; i < 10_000; i++) marks.mark(`${i}:hidden`, 10_000 + i);
    expect(marks.size()).toBeLessThan(3000);
    expect(marks.isDuplicate('0:blur', 30_000)).toBe(false);
    expect(marks.isDuplicate('9999:hidden', 19_999)).toBe(true);
  });
});

describe('absence', () => {
  it('can be recorded once the part could no longer be completed', () => {
    expect(canMarkAbsent(0, 90, 90 * 60_000 - 1)).toBe(false);
    expect(canMarkAbsent(0, 90, 90 * 60_000)).toBe(true);
  });
});

describe('CSV', () => {
  it('quotes, keeps Chinese with a BOM, and defuses formulas', () => {
    const csv = toCsv(['a', 'b'], [['考生甲', 'x,"y"'], ['=1+1', null], ['-2', { k: 1 }]]);
    expect(csv).toBe('\uFEFFa,b\r\n考生甲,"x,""y"""\r\n\'=1+1,\r\n\'-2,"{""k"":1}"\r\n');
  });
});
