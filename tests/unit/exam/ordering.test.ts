import { describe, expect, it } from 'vitest';
import { orderForCandidate, orderIndexesForCandidate, shuffle } from '../../../server/src/features/exam/ordering.ts';

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

  it('keeps the order sessions already running were shown (pinned: a change of the draws would reorder a candidate mid-exam)', () => {
    const types = ['single', 'multi', 'truefalse', 'single', 'multi'] as const;
    const paper = Array.from({ length: 8 }, (_, i) => ({ id: 10 + i, type: types[i % 5]!, position: 8 - i, options: types[i % 5] === 'truefalse' ? [{ id: 't' }, { id: 'f' }] : ['a', 'b', 'c', 'd'].map((id) => ({ id })) }));
    const pinned = ['13:cabd', '10:cadb', '15:cbda', '16:bacd', '14:abcd', '11:cdba', '12:tf', '17:tf'];
    expect(orderForCandidate(paper, 'pinned-seed', 42).map((o) => `${o.item.id}:${o.optionOrder.join('')}`)).toEqual(pinned);
    // The compact view's indexes name the same options.
    expect(orderIndexesForCandidate(paper, 'pinned-seed', 42).map((o) => `${o.item.id}:${o.optionOrder.map((at) => o.item.options[at]!.id).join('')}`)).toEqual(pinned);
  });
});
