import { layoutToken, type ContentItem, type PaperContent } from '@shared/session-view-wire.ts';
import type { LoadedPaper, PaperItem } from './paper-cache.ts';
import { shuffle } from './ordering.ts';
import { candidateSkills } from './candidate-allow-list.ts';

/**
 * A paper's content as every candidate of it may see it, for the compact start/resume reply
 * (shared/session-view-wire.ts): the UTF-8 JSON bytes, and where each item and each bank option is
 * in them. The texts are the same for every candidate, so they are encoded once per paper instead of
 * once per start; the bytes go out as a Buffer, a binary attachment Socket.IO does not encode again.
 */
export type BuiltPaperContent = {
  bytes: Buffer;
  /** The item's index in the content's items. */
  itemAt(item: PaperItem): number;
  /**
   * For each of the item's options in bank order, the start of its layout token: its index in the
   * content's options (layoutToken), the same for every candidate, so made once per paper.
   */
  optionTokens(item: PaperItem): readonly string[];
  /** How many options the paper's items have in all: a layout's token count. */
  optionCount: number;
};

/**
 * Kept with the loaded paper it was built from (paper-cache.ts keeps that one per paper; a paper
 * read again after a key correction is a new object, so its content is built again from it).
 */
const built = new WeakMap<LoadedPaper, BuiltPaperContent>();
let builds = 0;
/** How many contents were built (tests: once per paper, not per start). */
export const paperContentBuilds = () => builds;

export function paperContentOf(paper: LoadedPaper): BuiltPaperContent {
  let content = built.get(paper);
  if (!content) {
    content = buildPaperContent(paper);
    built.set(paper, content);
    builds++;
  }
  return content;
}

/**
 * The content lists each item's options in an order shuffled per paper (from its seed), never in
 * the bank's: the authored order often says something (the key placed last, "all of the above"
 * after the rest), which is why option-ids.ts hides the bank ids. Every candidate of the paper gets
 * the same content, so the order is the paper's, not the candidate's: what a candidate sees is
 * ordered by the layout.
 */
function buildPaperContent(paper: LoadedPaper): BuiltPaperContent {
  const itemIndex = new Map(paper.items.map((item, i) => [item.id, i]));
  const optionTokens = new Map<number, string[]>();
  const items = paper.items.map((item): ContentItem => {
    const order = shuffle(item.options.map((_, i) => i), `${paper.seed}:content:${item.id}`);
    const tokens: string[] = [];
    order.forEach((bankAt, contentAt) => (tokens[bankAt] = layoutToken(contentAt, '')));
    optionTokens.set(item.id, tokens);
    // The allow-list of toCandidateItem (session-view.ts), field by field: never the key, never a reference answer.
    const out: ContentItem = { id: item.id, type: item.type, stem: item.stem, points: item.points, options: order.map((i) => item.options[i]!.text) };
    const skills = candidateSkills(item);
    if (skills) out.skills = skills;
    return out;
  });
  const content: PaperContent = { items };
  return {
    bytes: Buffer.from(JSON.stringify(content)),
    itemAt: (item) => itemIndex.get(item.id)!,
    optionTokens: (item) => optionTokens.get(item.id)!,
    optionCount: paper.items.reduce((n, item) => n + item.options.length, 0),
  };
}
