import type { BankItem } from '@shared/bank.ts';
import type { ItemType, Level } from '@shared/domain.ts';
import { shuffle } from '../exam/ordering.ts';

/** A paper's recipe: how many items of each type, at how many points each. */
export type BlueprintSection = { type: ItemType; count: number; points: number };
export type Blueprint = { level: Level; sections: BlueprintSection[] };

export type AssembledItem = {
  position: number;
  bankItemId: string;
  type: ItemType;
  stem: string;
  options: { id: string; text: string }[];
  key: string[];
  points: number;
};

export const TRUE_FALSE_OPTIONS = [
  { id: 'true', text: '对' },
  { id: 'false', text: '错' },
];

/** Problems that make a blueprint unusable for this bank; empty when it can be assembled. */
export function checkBlueprint(blueprint: Blueprint, bank: readonly BankItem[]): string[] {
  const problems: string[] = [];
  const total = blueprint.sections.reduce((sum, s) => sum + s.count * s.points, 0);
  if (Math.abs(total - 100) > 1e-9) problems.push(`points add up to ${total}, not 100`);
  for (const s of blueprint.sections) {
    const available = bank.filter((i) => i.type === s.type && i.levels.includes(blueprint.level)).length;
    if (available < s.count) problems.push(`${s.type}: needs ${s.count} items for level ${blueprint.level}, the bank has ${available}`);
  }
  return problems;
}

function keyOf(item: BankItem): string[] {
  switch (item.type) {
    case 'single':
      return [item.answer];
    case 'multi':
      return item.answer;
    case 'truefalse':
      return [String(item.answer)];
    default:
      return [];
  }
}

function optionsOf(item: BankItem) {
  if (item.type === 'single' || item.type === 'multi') return item.options;
  if (item.type === 'truefalse') return TRUE_FALSE_OPTIONS;
  return [];
}

/** Draws the one paper of a level and sitting from the bank; the same seed gives the same paper. */
export function assemblePaper(blueprint: Blueprint, bank: readonly BankItem[], seed: string): AssembledItem[] {
  const problems = checkBlueprint(blueprint, bank);
  if (problems.length > 0) throw new Error(`Blueprint cannot be satisfied: ${problems.join('; ')}`);
  let position = 0;
  return blueprint.sections.flatMap((section) => {
    const pool = bank.filter((i) => i.type === section.type && i.levels.includes(blueprint.level));
    const picked = shuffle(pool, `${seed}:${section.type}`).slice(0, section.count);
    return picked
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((item) => ({ position: ++position, bankItemId: item.id, type: item.type, stem: item.stem, options: [...optionsOf(item)], key: keyOf(item), points: section.points }));
  });
}
