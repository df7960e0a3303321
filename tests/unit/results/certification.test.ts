import { describe, expect, it } from 'vitest';
import { certify, partOutcome, type PartOutcome } from '../../../server/src/features/results/certification.ts';

describe('part outcome', () => {
  it.each([
    [{ status: 'ended', endReason: 'submitted', score: 60, passScore: 60 }, 'passed'],
    [{ status: 'ended', endReason: 'deadline', score: 59.99, passScore: 60 }, 'failed'],
    [{ status: 'ended', endReason: 'violation', score: 95, passScore: 60 }, 'violation'],
    [{ status: 'ended', endReason: 'absent', score: null, passScore: 60 }, 'absent'],
    [{ status: null, endReason: null, score: null, passScore: 60 }, 'absent'],
    [{ status: 'not_started', endReason: null, score: null, passScore: 60 }, 'absent'],
    [{ status: 'in_progress', endReason: null, score: null, passScore: 60 }, 'in_progress'],
    [{ status: null, endReason: null, score: null, passScore: 60, open: true }, 'not_started'],
    [{ status: null, endReason: null, score: null, passScore: 60, open: false }, 'absent'],
    [{ status: 'ended', endReason: 'absent', score: null, passScore: 60, open: true }, 'absent'],
    [{ status: 'ended', endReason: 'submitted', score: null, passScore: 60 }, 'pending'],
  ] as const)('%o -> %s', (facts, expected) => {
    expect(partOutcome(facts)).toBe(expected);
  });
});

describe('certification', () => {
  const p = (theory: PartOutcome, skills: PartOutcome, review?: PartOutcome) => ({ theory, skills, ...(review ? { review } : {}) });
  it.each([
    [4, p('passed', 'passed'), 'certified'],
    [3, p('passed', 'failed'), 'not_certified'],
    [4, p('passed', 'passed', 'failed'), 'certified'], // level 4 has no review: its outcome does not count
    [2, p('passed', 'passed'), 'not_certified'], // levels 2 and 1 need the review: missing counts as absent
    [2, p('passed', 'passed', 'absent'), 'not_certified'],
    [2, p('passed', 'passed', 'passed'), 'certified'],
    [1, p('passed', 'passed', 'failed'), 'not_certified'],
    [4, p('violation', 'passed'), 'violation'],
    [2, p('passed', 'pending', 'violation'), 'violation'],
    [4, p('absent', 'absent'), 'absent'],
    [4, p('absent', 'passed'), 'not_certified'],
    [4, p('passed', 'pending'), 'pending'],
    [4, p('failed', 'pending'), 'pending'],
  ] as const)('level %d %o', (level, outcomes, expected) => {
    expect(certify(level, outcomes)).toBe(expected);
  });
});
