import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { loadBankFile } from '../../../server/src/features/banks/load-bank.ts';
import { assemblePaper, checkBlueprint, scaleRubric } from '../../../server/src/features/papers/assemble.ts';
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

describe('skills papers', () => {
  const demoBank = loadBankFile(fileURLToPath(new URL('../../../question-banks/nsa-demo.yaml', import.meta.url))).items;
  const skills = { level: 4 as const, part: 'skills' as const, sections: [{ type: 'short-answer' as const, count: 2, points: 20 }, { type: 'practical' as const, count: 3, points: 20 }] };

  it('scales each rubric to the item points, the criteria adding up exactly', () => {
    const rubric = [{ id: 'a', text: 'a', points: 7 }, { id: 'b', text: 'b', points: 7 }, { id: 'c', text: 'c', points: 7 }];
    const scaled = scaleRubric(rubric, 10);
    expect(scaled.map((c) => c.points)).toEqual([3.33, 3.33, 3.34]);
    expect(scaleRubric(rubric, 21).map((c) => c.points)).toEqual([7, 7, 7]);
  });

  it('carries rubric and screenshot count for skills items, and none of it for theory items', () => {
    const paper = assemblePaper(skills, demoBank, 'skills-seed');
    expect(paper.map((i) => i.type)).toEqual(['short-answer', 'short-answer', 'practical', 'practical', 'practical']);
    for (const item of paper) {
      const rubricTotal = item.detail!.rubric.reduce((s, c) => s + c.points, 0);
      expect(rubricTotal).toBeCloseTo(item.points, 9);
      expect(item.detail!.screenshots > 0).toBe(item.type === 'practical');
    }
    expect(assemblePaper(TEST_BLUEPRINT, bank, 'x').every((i) => i.detail === null)).toBe(true);
  });

  it('refuses item types that do not belong to the part', () => {
    expect(checkBlueprint({ ...skills, sections: [{ type: 'single', count: 1, points: 100 }] }, demoBank)).toContain('single items do not belong in a skills paper');
    expect(checkBlueprint({ level: 4, sections: [{ type: 'practical', count: 1, points: 100 }] }, demoBank)).toContain('practical items do not belong in a theory paper');
  });
});
