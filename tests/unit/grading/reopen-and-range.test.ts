import { describe, expect, it } from 'vitest';
import { criterionScoreProblem } from '@shared/grading.ts';
import { checkRubricMarks, reopenRefusal, RubricError } from '../../../server/src/features/grading/rules.ts';

describe('a criterion score is within 0 and its points, in steps of 0.5', () => {
  it.each([
    [5, 0, null],
    [5, 5, null],
    [5, 2.5, null],
    [5, 5.5, 'marking.outOfRange'],
    [5, -0.5, 'marking.negative'],
    [5, 1.2, 'marking.step'],
    [5, Number.NaN, 'marking.negative'],
  ])('points %s, awarded %s -> %s', (points, awarded, key) => {
    expect(criterionScoreProblem(points, awarded)?.key ?? null).toBe(key);
  });

  it('the server refuses with the same key and the criterion named', () => {
    const rubric = [{ id: 'c1', text: '配置正确', points: 4 }];
    try {
      checkRubricMarks(rubric, [{ id: 'c1', awarded: 6 }]);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(RubricError);
      expect(err).toMatchObject({ key: 'marking.outOfRange', params: { max: 4, awarded: 6, criterion: '配置正确' } });
    }
  });
});

describe('who may reopen a submitted mark', () => {
  it.each([
    [{ role: 'grader', ownMark: true, taskSettled: false }, null],
    [{ role: 'grader', ownMark: true, taskSettled: true }, 'settled'],
    [{ role: 'grader', ownMark: false, taskSettled: false }, 'notYours'],
    [{ role: 'admin', ownMark: false, taskSettled: true }, null],
  ] as const)('%o -> %s', (args, expected) => {
    expect(reopenRefusal(args)).toBe(expected);
  });
});
