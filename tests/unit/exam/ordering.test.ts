import { describe, expect, it } from 'vitest';
import { orderForCandidate, shuffle } from '../../../server/src/features/exam/ordering.ts';

const items = [
  ...Array.from({ length: 10 }, (_, i) => ({ id: i + 1, type: 'single' as const, position: i + 1, options: ['a', 'b', 'c', 'd'].map((id) => ({ id })) })),
  ...Array.from({ length: 5 }, (_, i) => ({ id: 20 + i, type: 'truefalse' as const, position: 20 + i, options: [{ id: 'true' }, { id: 'false' }] })),
];

describe('per-candidate ordering', () => {
  it('is a permutation and is the same for the same seed', () => {
    const a = shuffle([1, 2, 3, 4, 5, 6, 7, 8], 'seed');
    expect([...a].sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(shuffle([1, 2, 3, 4, 5, 6, 7, 8], 'seed')).toEqual(a);
  });

  it('gives every candidate the same items, sections in order, in a candidate-specific order', () => {
    const one = orderForCandidate(items, 'paper', 1);
    const two = orderForCandidate(items, 'paper', 2);
    expect(one.map((o) => o.item.id).sort()).toEqual(two.map((o) => o.item.id).sort());
    expect(one.map((o) => o.item.id)).not.toEqual(two.map((o) => o.item.id));
    expect(one.slice(0, 10).every((o) => o.item.type === 'single')).toBe(true);
    expect(orderForCandidate(items, 'paper', 1)).toEqual(one);
  });

  it('shuffles choice options but keeps 对 before 错', () => {
    const orders = new Set(orderForCandidate(items, 'paper', 7).filter((o) => o.item.type === 'single').map((o) => o.optionOrder.join('')));
    expect(orders.size).toBeGreaterThan(1);
    for (const o of orderForCandidate(items, 'paper', 7).filter((x) => x.item.type === 'truefalse')) expect(o.optionOrder).toEqual(['true', 'false']);
  });
});
