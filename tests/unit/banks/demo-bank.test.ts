import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { knowledgeAreas } from '@shared/bank.ts';
import { loadBankFile, loadBlueprintFile } from '../../../server/src/features/banks/load-bank.ts';
import { checkBlueprint } from '../../../server/src/features/papers/assemble.ts';

const banksDir = fileURLToPath(new URL('../../../question-banks', import.meta.url));
const bank = loadBankFile(path.join(banksDir, 'nsa-demo.yaml'));

describe('the demo bank', () => {
  it('has at least 300 theory items and 12 skills tasks with rubrics', () => {
    const theory = bank.items.filter((i) => ['single', 'multi', 'truefalse'].includes(i.type));
    const skills = bank.items.filter((i) => i.type === 'short-answer' || i.type === 'practical');
    expect(theory.length).toBeGreaterThanOrEqual(300);
    expect(skills.length).toBeGreaterThanOrEqual(12);
    for (const s of skills) if ('rubric' in s) expect(s.rubric.length).toBeGreaterThan(0);
  });

  it('covers every knowledge area with every theory type, for levels 4 and 3', () => {
    for (const area of Object.keys(knowledgeAreas)) {
      for (const type of ['single', 'multi', 'truefalse']) {
        for (const level of [4, 3] as const) {
          expect(bank.items.some((i) => i.area === area && i.type === type && i.levels.includes(level)), `${area}/${type}/L${level}`).toBe(true);
        }
      }
    }
  });

  it.each(['l4-theory.yaml', 'l3-theory.yaml'])('can satisfy the shipped blueprint %s', (file) => {
    const blueprint = loadBlueprintFile(path.join(banksDir, 'blueprints', file));
    expect(checkBlueprint(blueprint, bank.items)).toEqual([]);
  });

  it.each(['single', 'multi'] as const)('gives no %s option position a better chance of being in the key than another', (type) => {
    // Per number of options: how often each authored position holds a key option.
    const byCount = new Map<number, number[]>();
    for (const item of bank.items) {
      if (item.type !== type) continue;
      const key = type === 'single' ? [item.answer as string] : (item.answer as string[]);
      const counts = byCount.get(item.options.length) ?? Array<number>(item.options.length).fill(0);
      item.options.forEach((o, position) => {
        if (key.includes(o.id)) counts[position]!++;
      });
      byCount.set(item.options.length, counts);
    }
    expect(byCount.size).toBeGreaterThan(0);
    for (const [n, counts] of byCount) {
      const mean = counts.reduce((a, b) => a + b, 0) / n;
      // Within two items (or 10 %) of an even spread, whatever the position.
      expect(Math.max(...counts) - Math.min(...counts), `${type} items with ${n} options: ${counts.join(', ')}`).toBeLessThanOrEqual(Math.max(2, mean * 0.1));
    }
  });
});
