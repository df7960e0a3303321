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
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

export const SECTION_ORDER: readonly ItemType[] = ['single', 'multi', 'truefalse', 'short-answer', 'practical'];

type Orderable = { id: number; type: ItemType; position: number; options: readonly { id: string }[] };

/**
 * One random stream per candidate, drawn in a fixed order (sections, then each item's options by
 * paper position): deterministic, and one hash per candidate instead of one per item, which keeps
 * a storm of starts cheap.
 */
export function orderForCandidate<T extends Orderable>(items: readonly T[], paperSeed: string, candidateId: number): { item: T; optionOrder: string[] }[] {
  const random = seededRandom(`${paperSeed}:${candidateId}`);
  const byPosition = [...items].sort((a, b) => a.position - b.position);
  const optionOrders = new Map(
    byPosition.map((item) => [
      item.id,
      // True/false keeps 对 before 错: shuffling two fixed words only confuses.
      item.type === 'truefalse' ? item.options.map((o) => o.id) : shuffleWith(item.options, random).map((o) => o.id),
    ]),
  );
  return SECTION_ORDER.flatMap((type) =>
    shuffleWith(
      byPosition.filter((i) => i.type === type),
      random,
    ).map((item) => ({ item, optionOrder: optionOrders.get(item.id) ?? [] })),
  );
}
