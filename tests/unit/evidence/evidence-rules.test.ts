import { describe, expect, it } from 'vitest';
import { changeRefusal, uploadRefusal } from '../../../server/src/features/evidence/evidence-rules.ts';

const deadline = 1_000_000;
const running = { status: 'in_progress' as const, deadline, endReason: null, pausedAt: null };
const codeOf = (e: { code: string } | null) => e?.code ?? 'ok';

describe('when evidence may change', () => {
  it('judges an upload by when its request began', () => {
    expect(codeOf(uploadRefusal(running, deadline - 1))).toBe('ok');
    expect(codeOf(uploadRefusal(running, deadline))).toBe('DEADLINE_PASSED');
    // The part ended at the deadline while the bytes were arriving: still accepted.
    expect(codeOf(uploadRefusal({ ...running, status: 'ended', endReason: 'deadline' }, deadline - 1))).toBe('ok');
    expect(codeOf(uploadRefusal({ ...running, status: 'ended', endReason: 'deadline' }, deadline))).toBe('DEADLINE_PASSED');
  });

  it('takes nothing after a submission or a proctor ending, and nothing before the start or while paused', () => {
    for (const endReason of ['submitted', 'force_submitted', 'violation'] as const) {
      expect(codeOf(uploadRefusal({ ...running, status: 'ended', endReason }, deadline - 10))).toBe('SESSION_ENDED');
    }
    expect(codeOf(uploadRefusal({ status: 'not_started', deadline: null, endReason: null }, 0))).toBe('SESSION_NOT_STARTED');
    expect(codeOf(uploadRefusal({ ...running, pausedAt: 5 }, deadline - 10))).toBe('CONFLICT');
  });

  it('lets removals and captions happen only while the part runs, before the deadline', () => {
    expect(codeOf(changeRefusal(running, deadline - 1))).toBe('ok');
    expect(codeOf(changeRefusal(running, deadline))).toBe('DEADLINE_PASSED');
    expect(codeOf(changeRefusal({ ...running, status: 'ended', endReason: 'deadline' }, deadline - 1))).toBe('SESSION_ENDED');
  });
});
