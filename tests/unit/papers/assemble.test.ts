import { describe, expect, it } from 'vitest';
import { loadBankFile } from '../../../server/src/features/banks/load-bank.ts';
import { assemblePaper, checkBlueprint } from '../../../server/src/features/papers/assemble.ts';
import { fixture, TEST_BLUEPRINT } from '../../helpers/test-exam.ts';

const bank = loadBankFile(fixture('small-bank.yaml')).items;

describe('paper assembly', () => {
  it('draws the same paper from the same seed, worth 100 points', () => {
    const a = assemblePaper(TEST_BLUEPRINT, bank, 's1');
    expect(assemblePaper(TEST_BLUEPRINT, bank, 's1')).toEqual(a);
    expect(a.reduce((sum, i) => sum + i.points, 0)).toBe(100);
    expect(a.map((i) => i.position)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('only uses items of the blueprint level and carries the key', () => {
    const paper = assemblePaper(TEST_BLUEPRINT, bank, 's2');
    expect(paper.some((i) => i.bankItemId === 'S-004' || i.bankItemId === 'M-002')).toBe(false);
    expect(paper.find((i) => i.bankItemId === 'M-001')?.key).toEqual(['a', 'b', 'c']);
    expect(paper.find((i) => i.bankItemId === 'T-002')).toMatchObject({ key: ['false'], options: [{ id: 'true' }, { id: 'false' }] });
  });

  it('says what is missing when the bank cannot satisfy the blueprint', () => {
    const greedy = { level: 4 as const, sections: [{ type: 'multi' as const, count: 5, points: 10 }] };
    expect(checkBlueprint(greedy, bank)).toEqual(['points add up to 50, not 100', 'multi: needs 5 items for level 4, the bank has 1 left']);
    expect(() => assemblePaper(greedy, bank, 'x')).toThrow(/multi: needs 5/);
  });
});
