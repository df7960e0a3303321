/**
 * Classical item analysis of a machine-graded paper. Totals are the number of items fully correct
 * (dichotomous), so p, the point-biserial and KR-20 all refer to the same 0/1 scores.
 */

export type Response = { itemId: number; correct: boolean; choices: readonly string[] | null };
export type Script = { responses: readonly Response[] };
export type ItemInfo = { itemId: number; options: readonly string[] };

export type ItemStats = {
  itemId: number;
  /** Difficulty: share of candidates fully correct. */
  p: number;
  /** Point-biserial correlation of the item with the total (null when it cannot be computed). */
  pointBiserial: number | null;
  /** Upper minus lower 27% group's share correct. */
  discrimination: number | null;
  /** How often each option was chosen, and how often the item was left blank. */
  optionCounts: Record<string, number>;
  blank: number;
};

export type PaperStats = { candidates: number; items: ItemStats[]; kr20: number | null; meanCorrect: number; sdCorrect: number };

const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
/** Population standard deviation, as in the point-biserial and KR-20 formulas. */
const sd = (xs: readonly number[]) => {
  const m = mean(xs);
  return Math.sqrt(mean(xs.map((x) => (x - m) ** 2)));
};
const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;

export function itemStatistics(items: readonly ItemInfo[], scripts: readonly Script[]): PaperStats {
  const n = scripts.length;
  const correctOf = scripts.map((s) => new Map(s.responses.map((r) => [r.itemId, r])));
  const totals = correctOf.map((m) => items.reduce((sum, item) => sum + (m.get(item.itemId)?.correct ? 1 : 0), 0));
  if (n === 0) return { candidates: 0, items: items.map((i) => ({ itemId: i.itemId, p: 0, pointBiserial: null, discrimination: null, optionCounts: Object.fromEntries(i.options.map((o) => [o, 0])), blank: 0 })), kr20: null, meanCorrect: 0, sdCorrect: 0 };
  const sdTotal = sd(totals);
  // Upper and lower 27% by total; ties at the cut are broken by order, as usual in hand computation.
  const order = totals.map((t, i) => ({ t, i })).sort((a, b) => b.t - a.t || a.i - b.i);
  const groupSize = Math.max(1, Math.round(n * 0.27));
  const upper = order.slice(0, groupSize).map((x) => x.i);
  const lower = order.slice(-groupSize).map((x) => x.i);

  const rawP: number[] = [];
  const stats = items.map((item): ItemStats => {
    const correct = correctOf.map((m) => (m.get(item.itemId)?.correct ? 1 : 0));
    const p = mean(correct);
    rawP.push(p);
    let pointBiserial: number | null = null;
    if (sdTotal > 0 && p > 0 && p < 1) {
      const m1 = mean(totals.filter((_, i) => correct[i] === 1));
      const m0 = mean(totals.filter((_, i) => correct[i] === 0));
      pointBiserial = round(((m1 - m0) / sdTotal) * Math.sqrt(p * (1 - p)));
    }
    const share = (group: number[]) => mean(group.map((i) => correct[i]!));
    const optionCounts: Record<string, number> = Object.fromEntries(item.options.map((o) => [o, 0]));
    let blank = 0;
    for (const m of correctOf) {
      const choices = m.get(item.itemId)?.choices;
      if (!choices || choices.length === 0) blank += 1;
      else for (const c of choices) optionCounts[c] = (optionCounts[c] ?? 0) + 1;
    }
    return { itemId: item.itemId, p: round(p), pointBiserial, discrimination: n >= 2 ? round(share(upper) - share(lower)) : null, optionCounts, blank };
  });
  const k = items.length;
  const variance = sdTotal ** 2;
  const sumPq = rawP.reduce((s, p) => s + p * (1 - p), 0);
  const kr20 = k > 1 && variance > 0 ? round((k / (k - 1)) * (1 - sumPq / variance)) : null;
  return { candidates: n, items: stats, kr20, meanCorrect: round(mean(totals)), sdCorrect: round(sdTotal) };
}

/** Scores in ten bands: [0,10), [10,20) … [90,100]. */
export function scoreDistribution(scores: readonly number[]): number[] {
  const bins = Array.from({ length: 10 }, () => 0);
  for (const s of scores) bins[Math.min(9, Math.max(0, Math.floor(s / 10)))]! += 1;
  return bins;
}
