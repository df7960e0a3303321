import { createHash } from 'node:crypto';
import type { ItemType } from '@shared/domain.ts';

/**
 * Every candidate of a sitting gets the same items, in an order (within each section) and with
 * option orders derived from the paper's seed and the candidate: deterministic, so a script can
 * always be mapped back to the paper.
 */

function seededRandom(seed: string): () => number {
  // mulberry32 over the first 4 bytes of sha256(seed): small, fast and reproducible everywhere.
  let state = createHash('sha256').update(seed).digest().readUInt32LE(0);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(items: readonly T[], seed: string): T[] {
  return shuffleWith(items, seededRandom(seed));
}

function shuffleWith<T>(items: readonly T[], random: () => number): T[] {
  return shuffleInPlace([...items], random);
}

function shuffleInPlace<T>(out: T[], random: () => number): T[] {
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swap = out[i]!;
    out[i] = out[j]!;
    out[j] = swap;
  }
  return out;
}

export const SECTION_ORDER: readonly ItemType[] = ['single', 'multi', 'truefalse', 'short-answer', 'practical'];

type Orderable = { id: number; type: ItemType; position: number; options: readonly { id: string }[] };

/** A paper's items by position, and each section's (SECTION_ORDER) by position: the same for every candidate. */
type Layout<T> = { byPosition: T[]; /** Each section's items as indexes in byPosition. */ sectionsAt: number[][] };
const layouts = new WeakMap<readonly Orderable[], Layout<Orderable>>();

/** Kept per item list: a paper's list is fixed once loaded (paper-cache.ts), and a start storm lays it out once. */
function layoutOf<T extends Orderable>(items: readonly T[]): Layout<T> {
  let layout = layouts.get(items);
  if (!layout) {
    const byPosition = [...items].sort((a, b) => a.position - b.position);
    const sections = SECTION_ORDER.map((type) => byPosition.filter((i) => i.type === type));
    layout = { byPosition, sectionsAt: sections.map((section) => section.map((item) => byPosition.indexOf(item))) };
    layouts.set(items, layout);
  }
  return layout as Layout<T>;
}

/**
 * One random stream per candidate, drawn in a fixed order (sections, then each item's options by
 * paper position): deterministic, and one hash per candidate instead of one per item, which keeps
 * a storm of starts cheap. `optionOrder` lists the bank ids of the item's options as shown.
 */
export function orderForCandidate<T extends Orderable>(items: readonly T[], paperSeed: string, candidateId: number): { item: T; optionOrder: string[] }[] {
  return orderIndexesForCandidate(items, paperSeed, candidateId).map(({ item, optionOrder }) => ({ item, optionOrder: optionOrder.map((at) => item.options[at]!.id) }));
}

/**
 * The same order, each item's options as their indexes in the bank's order (the compact view reads
 * arrays by them, without looking ids up): shuffling indexes draws the same numbers and makes the
 * same swaps as shuffling the ids.
 */
export function orderIndexesForCandidate<T extends Orderable>(items: readonly T[], paperSeed: string, candidateId: number): { item: T; optionOrder: number[] }[] {
  const random = seededRandom(`${paperSeed}:${candidateId}`);
  const { byPosition, sectionsAt } = layoutOf(items);
  // Plain loops and arrays by paper position: a start storm runs this per candidate over every item.
  const optionOrders = new Array<number[]>(byPosition.length);
  for (let p = 0; p < byPosition.length; p++) {
    const item = byPosition[p]!;
    const at = indexesUpTo(item.options.length);
    // True/false keeps 对 before 错: shuffling two fixed words only confuses.
    optionOrders[p] = item.type === 'truefalse' ? at : shuffleInPlace(at, random);
  }
  const out: { item: T; optionOrder: number[] }[] = [];
  // Shuffling a section's positions makes the same swaps as shuffling its items.
  for (const section of sectionsAt) for (const p of shuffleInPlace(section.slice(), random)) out.push({ item: byPosition[p]!, optionOrder: optionOrders[p]! });
  return out;
}

/** Sized up front: a pushed-to array grows to room for 17, and a storm keeps hundreds of these per start. */
function indexesUpTo(n: number): number[] {
  const at = new Array<number>(n);
  for (let i = 0; i < n; i++) at[i] = i;
  return at;
}
