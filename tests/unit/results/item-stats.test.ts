import { describe, expect, it } from 'vitest';
import { itemStatistics, scoreDistribution } from '../../../server/src/features/results/item-stats.ts';

const items = [1, 2, 3].map((itemId) => ({ itemId, options: ['A', 'B', 'C', 'D'] }));
const key: Record<number, string> = { 1: 'A', 2: 'B', 3: 'C' };
/** Rows are candidates, columns items 1..3; a wrong answer chooses D, null leaves it blank. */
function scripts(rows: (0 | 1 | null)[][]) {
  return rows.map((row) => ({
    responses: row.map((v, i) => ({ itemId: i + 1, correct: v === 1, choices: v === null ? null : [v === 1 ? key[i + 1]! : 'D'] })),
  }));
}

describe('item analysis against hand-computed values', () => {
  // Totals 3, 2, 1, 1, 0: mean 1.4, population variance 1.04, sd 1.019804.
  const stats = itemStatistics(items, scripts([[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 1, 0], [0, null, null]]));

  it('difficulty p', () => expect(stats.items.map((i) => i.p)).toEqual([0.6, 0.6, 0.2]));

  it('point-biserial: (M1 - M0) / sd * sqrt(pq)', () => {
    // item 1: (2 - 0.5) / 1.019804 * sqrt(0.24) = 0.720577; item 3: (3 - 1) / 1.019804 * 0.4 = 0.784465
    expect(stats.items.map((i) => i.pointBiserial)).toEqual([0.7206, 0.7206, 0.7845]);
  });

  it('KR-20 = k/(k-1) * (1 - sum pq / variance)', () => {
    // 1.5 * (1 - 0.64 / 1.04) = 0.576923
    expect(stats.kr20).toBe(0.5769);
    expect(stats.meanCorrect).toBe(1.4);
    expect(stats.sdCorrect).toBe(1.0198);
  });

  it('distractor and blank counts', () => {
    expect(stats.items[1]).toMatchObject({ optionCounts: { A: 0, B: 3, C: 0, D: 1 }, blank: 1 });
    expect(stats.items[2]).toMatchObject({ optionCounts: { A: 0, B: 0, C: 1, D: 3 }, blank: 1 });
  });

  it('upper/lower 27% discrimination', () => {
    // 5 candidates: groups of round(1.35) = 1; upper = totals 3, lower = total 0.
    expect(stats.items.map((i) => i.discrimination)).toEqual([1, 1, 1]);
    // 8 candidates: groups of round(2.16) = 2. Item 3 is right only for the two weakest: D = 0 - 1 = -1.
    const reversed = itemStatistics(items, scripts([[1, 1, 0], [1, 1, 0], [1, 0, 0], [0, 1, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 0, 1]]));
    expect(reversed.items[2]!.discrimination).toBe(-1);
    expect(reversed.items[2]!.pointBiserial).toBeLessThan(0);
    // Item 1: upper two both right, lower two both wrong: D = 1.
    expect(reversed.items[0]!.discrimination).toBe(1);
  });

  it('leaves undefined statistics out rather than dividing by zero', () => {
    const flat = itemStatistics(items, scripts([[1, 1, 1], [1, 1, 1]]));
    expect(flat.items[0]).toMatchObject({ p: 1, pointBiserial: null });
    expect(flat.kr20).toBeNull();
    expect(itemStatistics(items, []).kr20).toBeNull();
  });
});

describe('score distribution', () => {
  it('puts scores into ten bands, 100 in the top one', () => {
    expect(scoreDistribution([0, 9.99, 10, 59.5, 60, 100, 95])).toEqual([2, 1, 0, 0, 0, 1, 1, 0, 0, 2]);
  });
});
