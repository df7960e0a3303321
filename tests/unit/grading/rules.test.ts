import { describe, expect, it } from 'vitest';
import { checkRubricMarks, mayMark, newMarkingCode, partScoreFrom, resolveScript, RubricError, thresholdFor, trimmedMean } from '../../../server/src/features/grading/rules.ts';

const rubric = [
  { id: 'a', text: 'A', points: 7 },
  { id: 'b', text: 'B', points: 3 },
  { id: 'c', text: 'C', points: 10 },
];

describe('rubric bounds', () => {
  it.each([
    [[{ id: 'a', awarded: 7 }, { id: 'b', awarded: 3 }, { id: 'c', awarded: 10 }], 20],
    [[{ id: 'a', awarded: 0 }, { id: 'b', awarded: 0 }, { id: 'c', awarded: 0 }], 0],
    [[{ id: 'c', awarded: 2.5 }, { id: 'a', awarded: 6.5 }, { id: 'b', awarded: 1 }], 10],
  ])('totals valid marks %#', (marks, total) => {
    expect(checkRubricMarks(rubric, marks)).toBe(total);
  });

  it.each([
    ['above the criterion', [{ id: 'a', awarded: 7.5 }, { id: 'b', awarded: 3 }, { id: 'c', awarded: 10 }], /at most 7/],
    ['negative', [{ id: 'a', awarded: -1 }, { id: 'b', awarded: 3 }, { id: 'c', awarded: 10 }], /negative/],
    ['not a half step', [{ id: 'a', awarded: 1.2 }, { id: 'b', awarded: 3 }, { id: 'c', awarded: 10 }], /steps of 0.5/],
    ['missing criterion', [{ id: 'a', awarded: 1 }, { id: 'b', awarded: 3 }], /not marked: c/],
    ['unknown criterion', [{ id: 'a', awarded: 1 }, { id: 'b', awarded: 3 }, { id: 'c', awarded: 1 }, { id: 'z', awarded: 0 }], /Unknown criterion z/],
    ['twice', [{ id: 'a', awarded: 1 }, { id: 'a', awarded: 1 }, { id: 'b', awarded: 3 }, { id: 'c', awarded: 1 }], /twice/],
  ])('refuses marks %s', (_label, marks, message) => {
    expect(() => checkRubricMarks(rubric, marks)).toThrow(RubricError);
    expect(() => checkRubricMarks(rubric, marks)).toThrow(message);
  });
});

describe('double marking and arbitration', () => {
  const single = { doubleMarking: false, thresholdPoints: 3 };
  const double = { doubleMarking: true, thresholdPoints: 3 };

  it('defaults the threshold to 15% of the task points', () => {
    expect(thresholdFor(20, null)).toBe(3);
    expect(thresholdFor(15, null)).toBe(2.25);
    expect(thresholdFor(20, 5)).toBe(5);
  });

  it.each([
    ['single, unmarked', single, [], { state: 'unmarked', score: null, nextKind: 'first' }],
    ['single, marked', single, [{ kind: 'first', total: 12.5 }], { state: 'resolved', score: 12.5, method: 'single', nextKind: null }],
    ['double, one mark', double, [{ kind: 'first', total: 12 }], { state: 'awaiting_second', score: null, nextKind: 'second' }],
    ['double, equal to threshold: mean', double, [{ kind: 'first', total: 12 }, { kind: 'second', total: 15 }], { state: 'resolved', score: 13.5, method: 'mean' }],
    ['double, mean rounds to 0.01', double, [{ kind: 'first', total: 12.5 }, { kind: 'second', total: 12 }], { state: 'resolved', score: 12.25, method: 'mean' }],
    ['double, over threshold', double, [{ kind: 'first', total: 12 }, { kind: 'second', total: 15.5 }], { state: 'awaiting_arbitration', score: null, nextKind: 'arbitration' }],
    ['double, arbitrated', double, [{ kind: 'first', total: 4 }, { kind: 'second', total: 18 }, { kind: 'arbitration', total: 9 }], { state: 'resolved', score: 9, method: 'arbitration' }],
  ] as const)('%s', (_label, policy, marks, expected) => {
    expect(resolveScript(policy, marks)).toMatchObject(expected);
  });

  it.each([
    [{ nextKind: 'first', alreadyMarkedByMe: false, canArbitrate: false }, true],
    [{ nextKind: 'second', alreadyMarkedByMe: true, canArbitrate: true }, false],
    [{ nextKind: 'second', alreadyMarkedByMe: false, canArbitrate: false }, true],
    [{ nextKind: 'arbitration', alreadyMarkedByMe: false, canArbitrate: false }, false],
    [{ nextKind: 'arbitration', alreadyMarkedByMe: false, canArbitrate: true }, true],
    [{ nextKind: 'arbitration', alreadyMarkedByMe: true, canArbitrate: true }, false],
    [{ nextKind: null, alreadyMarkedByMe: false, canArbitrate: true }, false],
  ] as const)('may mark %o: %s', (args, expected) => {
    expect(mayMark(args)).toBe(expected);
  });
});

describe('trimmed mean of the review panel', () => {
  it.each([
    [[80], 80],
    [[70, 75, 90], 78.33],
    [[60, 70, 80, 90], 75],
    [[10, 70, 80, 90, 100], 80],
    [[50, 60, 60, 70, 80, 95], 67.5],
  ])('%o -> %d', (scores, expected) => {
    expect(trimmedMean(scores)).toBe(expected);
  });
  it('refuses an empty panel', () => expect(() => trimmedMean([])).toThrow(RangeError));
});

describe('marking codes and part score', () => {
  it('draws codes from an alphabet without look-alike characters', () => {
    const picks = [0, 30, 5, 7, 22, 1];
    let i = 0;
    expect(newMarkingCode(6, () => picks[i++]!)).toBe('2Z79R3');
    for (let k = 0; k < 200; k += 1) expect(newMarkingCode()).toMatch(/^[2-9A-HJKMNP-Z]{6}$/);
  });

  it('scales the resolved items to 100', () => {
    expect(partScoreFrom([{ points: 20, awarded: 12.5 }, { points: 20, awarded: 20 }, { points: 10, awarded: 0 }])).toEqual({ rawPoints: 32.5, maxPoints: 50, score: 65 });
    expect(partScoreFrom([])).toEqual({ rawPoints: 0, maxPoints: 0, score: 0 });
  });
});
