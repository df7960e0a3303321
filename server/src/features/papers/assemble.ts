import type { BankItem } from '@shared/bank.ts';
import type { Blueprint, BlueprintSection } from '@shared/blueprint.ts';
import { skillsItemTypes, theoryItemTypes, type ItemType } from '@shared/domain.ts';
import type { RubricCriterion, SkillsItemDetail } from '@shared/paper-item.ts';
import { shuffle } from '../exam/ordering.ts';

export type { Blueprint, BlueprintSection };

export type AssembledItem = {
  position: number;
  bankItemId: string;
  type: ItemType;
  stem: string;
  options: { id: string; text: string }[];
  key: string[];
  points: number;
  /** Skills items: rubric (scaled to the item's points), screenshot count, reference answer. */
  detail: SkillsItemDetail | null;
};

export const TRUE_FALSE_OPTIONS = [
  { id: 'true', text: '对' },
  { id: 'false', text: '错' },
];

const describe = (s: BlueprintSection) => (s.area ? `${s.type} in ${s.area}` : s.type);

/**
 * Fills the sections in a fixed order (area-specific first, so a general section cannot eat the
 * items a specific one needs) and returns what each section got. Pure and deterministic.
 */
function draw(blueprint: Blueprint, bank: readonly BankItem[], seed: string) {
  const used = new Set<string>();
  const order = blueprint.sections.map((s, i) => ({ s, i })).sort((a, b) => Number(!a.s.area) - Number(!b.s.area) || a.i - b.i);
  const picks = new Map<number, BankItem[]>();
  const shortfalls: string[] = [];
  for (const { s, i } of order) {
    const pool = bank.filter((item) => item.type === s.type && item.levels.includes(blueprint.level) && (!s.area || item.area === s.area) && !used.has(item.id));
    const picked = shuffle(pool, `${seed}:${i}:${s.type}:${s.area ?? '*'}`).slice(0, s.count);
    picked.forEach((item) => used.add(item.id));
    picks.set(i, picked);
    if (picked.length < s.count) shortfalls.push(`${describe(s)}: needs ${s.count} items for level ${blueprint.level}, the bank has ${picked.length} left`);
  }
  return { picks, shortfalls };
}

/** Problems that make a blueprint unusable for this bank; empty when it can be assembled. */
export function checkBlueprint(blueprint: Blueprint, bank: readonly BankItem[]): string[] {
  const problems: string[] = [];
  const total = blueprint.sections.reduce((sum, s) => sum + s.count * s.points, 0);
  if (Math.abs(total - 100) > 1e-9) problems.push(`points add up to ${Math.round(total * 100) / 100}, not 100`);
  const allowed: readonly ItemType[] = (blueprint.part ?? 'theory') === 'skills' ? skillsItemTypes : theoryItemTypes;
  for (const s of blueprint.sections) if (!allowed.includes(s.type)) problems.push(`${s.type} items do not belong in a ${blueprint.part ?? 'theory'} paper`);
  problems.push(...draw(blueprint, bank, 'feasibility').shortfalls);
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

const cents = (n: number) => Math.round(n * 100);

/**
 * The bank's rubric expressed in the paper's points: each criterion keeps its share, in hundredths,
 * and the last one absorbs the rounding so the criteria add up to exactly the item's points.
 */
export function scaleRubric(rubric: readonly RubricCriterion[], points: number): RubricCriterion[] {
  const total = rubric.reduce((sum, c) => sum + c.points, 0);
  let left = cents(points);
  return rubric.map((c, i) => {
    const share = i === rubric.length - 1 ? left : Math.floor((cents(c.points) * cents(points)) / cents(total));
    left -= share;
    return { ...c, points: share / 100 };
  });
}

function detailOf(item: BankItem, points: number): SkillsItemDetail | null {
  if (item.type === 'short-answer') {
    return { rubric: scaleRubric(item.rubric, points), screenshots: 0, ...(item.referenceAnswer ? { referenceAnswer: item.referenceAnswer } : {}) };
  }
  if (item.type === 'practical') return { rubric: scaleRubric(item.rubric, points), screenshots: item.screenshots };
  return null;
}

/** Draws the one paper of a level and sitting from the bank; the same seed gives the same paper. */
export function assemblePaper(blueprint: Blueprint, bank: readonly BankItem[], seed: string): AssembledItem[] {
  const problems = checkBlueprint(blueprint, bank);
  if (problems.length > 0) throw new Error(`Blueprint cannot be satisfied: ${problems.join('; ')}`);
  const { picks } = draw(blueprint, bank, seed);
  let position = 0;
  return blueprint.sections.flatMap((section, i) =>
    (picks.get(i) ?? [])
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((item) => ({ position: ++position, bankItemId: item.id, type: item.type, stem: item.stem, options: [...optionsOf(item)], key: keyOf(item), points: section.points, detail: detailOf(item, section.points) })),
  );
}
