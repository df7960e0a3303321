import { z } from 'zod';
import { candidateSkillsSchema } from './evidence.ts';
import { itemTypeSchema } from './domain.ts';
import { optionIdSchema, SESSION_VIEW_WIRE, sessionViewWireSchema, type CandidateItem, type SessionView, type SessionViewWire } from './events.ts';

/**
 * The compact wire format of a `session:start` / `session:resume` reply (issue #19), asked for with
 * `view: 'paper-content'` in the payload.
 *
 * Today's reply (SessionView) spells out every item and option for every candidate: ~35 KB of JSON
 * per start, which the server's JSON.stringify and the browser's JSON.parse pay per candidate, and
 * which was most of a start storm's CPU on both sides. Yet the texts are the same for every
 * candidate of a paper; only the order and the option ids are the candidate's own. So the reply is
 * split in two:
 *  - `content`: the paper's items as a candidate may see them (the allow-list of session-view.ts:
 *    never the key or a reference answer), as UTF-8 JSON bytes built ONCE PER PAPER on the server
 *    and sent as a Buffer, which Socket.IO carries as a binary attachment without encoding it again;
 *    its options are listed in an order shuffled per paper, not the bank's (the authored order is
 *    what option-ids.ts hides), and without ids;
 *  - `layout`: JSON, the candidate's own: items in the candidate's order, each with the candidate's
 *    option ids in the candidate's option order, pointing into the content's options by index.
 * `number` and `label` are derived here, as the server derives them in today's format.
 *
 * A payload without `view` is answered with today's SessionView: pages loaded before an upgrade keep
 * working mid-exam. `decodeSessionView` accepts both and returns today's shape.
 */
const LABELS = 'ABCDEFGHIJKL';
/** An option's label by where it is shown: A, B, C… (past L, its number). */
export const optionLabel = (shownAt: number) => LABELS[shownAt] ?? String(shownAt + 1);

/** One item of a paper's content: option texts only, in the paper's shuffled content order. */
export const contentItemSchema = z.object({
  id: z.number().int().positive(),
  type: itemTypeSchema,
  stem: z.string(),
  points: z.number(),
  options: z.array(z.string()),
  skills: candidateSkillsSchema.optional(),
});
export type ContentItem = z.infer<typeof contentItemSchema>;
export const paperContentSchema = z.object({ items: z.array(contentItemSchema) });
export type PaperContent = z.infer<typeof paperContentSchema>;

/** One item as this candidate sees it: `at` indexes the content's items, `optionAt[i]` its options. */
export const layoutItemSchema = z.object({
  at: z.number().int().nonnegative(),
  optionIds: z.array(optionIdSchema),
  optionAt: z.array(z.number().int().nonnegative()),
});
export type LayoutItem = z.infer<typeof layoutItemSchema>;

/** Binary as it arrives: a Buffer on Node, an ArrayBuffer in the browser. */
export type WireBytes = Uint8Array | ArrayBuffer;

export type CompactSessionView = Omit<SessionView, 'items'> & { view: SessionViewWire; content: WireBytes; layout: LayoutItem[] };
/** A start or resume reply: today's view, or the compact one if the payload asked for it. */
export type SessionViewReply = SessionView | CompactSessionView;
/** The reply a payload gets: compact only if it asked for it. */
export type SessionViewReplyFor<P> = P extends { view: SessionViewWire } ? CompactSessionView : SessionView;

const utf8 = new TextDecoder();
const asBytes = (bytes: WireBytes) => (bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes));

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The last content decoded, by its bytes: a page resuming after a reconnect, or the load generator's
 * thousands of pages in one process, get the same paper's bytes again, and comparing them costs a
 * fraction of decoding, parsing and checking them once more. The items built from it are new objects.
 */
let last: { bytes: Uint8Array; content: PaperContent } | null = null;

/** The content's items from its bytes, checked against the schema (a server of another version, a cut frame). */
export function decodePaperContent(wire: WireBytes): PaperContent {
  const bytes = asBytes(wire);
  if (last && sameBytes(last.bytes, bytes)) return last.content;
  const content = paperContentSchema.parse(JSON.parse(utf8.decode(bytes)));
  last = { bytes: bytes.slice(), content };
  return content;
}

/**
 * One item as the server's toCandidateItem (session-view.ts) builds it in today's format. The layout
 * is JSON as any reply is and not checked by a schema (today's items are not either); pointing past
 * the content throws rather than showing an empty option.
 */
function itemOf(content: PaperContent, layout: LayoutItem, index: number): CandidateItem {
  const item = content.items[layout.at];
  if (!item) throw new Error(`layout item ${index} points past the content (${layout.at})`);
  const options = layout.optionIds.map((id, i) => {
    const text = item.options[layout.optionAt[i]!];
    if (text === undefined || typeof id !== 'string') throw new Error(`layout of item ${item.id} points past its options`);
    return { id, label: optionLabel(i), text };
  });
  const out: CandidateItem = { id: item.id, number: index + 1, type: item.type, stem: item.stem, points: item.points, options };
  if (item.skills) out.skills = item.skills;
  return out;
}

const isCompact = (reply: SessionViewReply): reply is CompactSessionView => 'view' in reply && reply.view === SESSION_VIEW_WIRE;

/** Today's SessionView from either reply: the compact one's content and layout joined back into `items`. */
export function decodeSessionView(reply: SessionViewReply): SessionView {
  if (!isCompact(reply)) return reply;
  const { view: _view, content: bytes, layout, ...rest } = reply;
  if (!(bytes instanceof Uint8Array || bytes instanceof ArrayBuffer)) throw new Error('the compact view came without its binary content');
  if (!Array.isArray(layout)) throw new Error('the compact view came without its layout');
  const content = decodePaperContent(bytes);
  return { ...rest, items: layout.map((l, i) => itemOf(content, l, i)) };
}
