import type { ItemType, MultiRule } from '@shared/domain.ts';

/** Pure auto-grading of theory items against the answer key. */

export type GradableItem = { id: number; type: ItemType; points: number; key: readonly string[] };
export type ItemScore = { itemId: number; points: number; awarded: number; choices: string[] | null; revision: number | null };
export type PartScore = { rawPoints: number; maxPoints: number; score: number; passed: boolean; items: ItemScore[] };

// Points are summed in hundredths so 0.1 + 0.2 style drift can never move a result across the pass line.
const toCents = (n: number) => Math.round(n * 100);
const fromCents = (n: number) => n / 100;

export function scoreItem(item: GradableItem, choices: readonly string[] | null, multiRule: MultiRule): number {
  if (!choices || choices.length === 0) return 0;
  const key = new Set(item.key);
  const chosen = new Set(choices);
  const anyWrong = [...chosen].some((c) => !key.has(c));
  if (anyWrong) return 0;
  const allRight = chosen.size === key.size;
  if (allRight) return item.points;
  if (item.type === 'multi' && multiRule === 'partial') {
    return fromCents(Math.floor((toCents(item.points) * chosen.size) / key.size));
  }
  return 0;
}

export function scorePart(
  items: readonly GradableItem[],
  answers: ReadonlyMap<number, { choices: string[] | null; revision: number }>,
  multiRule: MultiRule,
  passScore: number,
): PartScore {
  const scored = items.map((item): ItemScore => {
    const answer = answers.get(item.id);
    const choices = answer?.choices ?? null;
    return { itemId: item.id, points: item.points, awarded: scoreItem(item, choices, multiRule), choices, revision: answer?.revision ?? null };
  });
  const rawCents = scored.reduce((sum, s) => sum + toCents(s.awarded), 0);
  const maxCents = scored.reduce((sum, s) => sum + toCents(s.points), 0);
  // Scaled to 100 and rounded to two decimals; a paper whose points already add to 100 is unchanged.
  const score = maxCents === 0 ? 0 : Math.round((rawCents * 10_000) / maxCents) / 100;
  return { rawPoints: fromCents(rawCents), maxPoints: fromCents(maxCents), score, passed: score >= passScore, items: scored };
}
