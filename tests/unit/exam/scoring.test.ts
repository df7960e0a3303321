import { describe, expect, it } from 'vitest';
import { scoreItem, scorePart, type GradableItem } from '../../../server/src/features/exam/scoring.ts';

const single: GradableItem = { id: 1, type: 'single', points: 1, key: ['b'] };
const multi: GradableItem = { id: 2, type: 'multi', points: 2, key: ['a', 'c', 'd'] };
const tf: GradableItem = { id: 3, type: 'truefalse', points: 1, key: ['false'] };

describe('scoreItem', () => {
  it('gives single and true/false items all or nothing', () => {
    expect(scoreItem(single, ['b'], 'partial')).toBe(1);
    expect(scoreItem(single, ['a'], 'partial')).toBe(0);
    expect(scoreItem(single, null, 'partial')).toBe(0);
    expect(scoreItem(tf, ['false'], 'all-or-nothing')).toBe(1);
    expect(scoreItem(tf, ['true'], 'all-or-nothing')).toBe(0);
  });

  it('scores multiple choice all-or-nothing by default', () => {
    expect(scoreItem(multi, ['a', 'c', 'd'], 'all-or-nothing')).toBe(2);
    expect(scoreItem(multi, ['d', 'a', 'c'], 'all-or-nothing')).toBe(2);
    expect(scoreItem(multi, ['a', 'c'], 'all-or-nothing')).toBe(0);
    expect(scoreItem(multi, ['a', 'b', 'c', 'd'], 'all-or-nothing')).toBe(0);
    expect(scoreItem(multi, [], 'all-or-nothing')).toBe(0);
  });

  it('gives partial credit for a correct subset with no wrong choice, in proportion', () => {
    expect(scoreItem(multi, ['a', 'c'], 'partial')).toBe(1.33);
    expect(scoreItem(multi, ['d'], 'partial')).toBe(0.66);
    expect(scoreItem(multi, ['a', 'b'], 'partial')).toBe(0);
    expect(scoreItem(multi, ['a', 'c', 'd'], 'partial')).toBe(2);
  });
});

describe('scorePart', () => {
  const items: GradableItem[] = Array.from({ length: 100 }, (_, i) => ({ id: i + 1, type: 'single', points: 1, key: ['a'] }));
  const answersRight = (n: number) => new Map(items.slice(0, n).map((i) => [i.id, { choices: ['a'], revision: 1 }]));

  it('passes at exactly the pass line and fails one point below', () => {
    expect(scorePart(items, answersRight(60), 'all-or-nothing', 60)).toMatchObject({ rawPoints: 60, maxPoints: 100, score: 60, passed: true });
    expect(scorePart(items, answersRight(59), 'all-or-nothing', 60)).toMatchObject({ score: 59, passed: false });
  });

  it('scales a paper whose points do not add to 100', () => {
    const small: GradableItem[] = [single, multi, tf];
    const result = scorePart(small, new Map([[1, { choices: ['b'], revision: 3 }], [3, { choices: ['false'], revision: 1 }]]), 'all-or-nothing', 60);
    expect(result).toMatchObject({ rawPoints: 2, maxPoints: 4, score: 50, passed: false });
    expect(result.items[0]).toEqual({ itemId: 1, points: 1, awarded: 1, choices: ['b'], revision: 3 });
    expect(result.items[1]).toEqual({ itemId: 2, points: 2, awarded: 0, choices: null, revision: null });
  });

  it('does not let floating-point drift move a result across the pass line', () => {
    const tenths: GradableItem[] = Array.from({ length: 1000 }, (_, i) => ({ id: i, type: 'single', points: 0.1, key: ['a'] }));
    const answers = new Map(tenths.slice(0, 600).map((i) => [i.id, { choices: ['a'], revision: 1 }]));
    expect(scorePart(tenths, answers, 'all-or-nothing', 60)).toMatchObject({ rawPoints: 60, score: 60, passed: true });
  });
});
