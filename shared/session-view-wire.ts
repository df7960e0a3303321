import type { CandidateItem, SessionView } from './events.ts';

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
 *  - `layout`: JSON, the candidate's own and dense (`Layout` below): items in the candidate's order,
 *    and each one's options in the candidate's order with the candidate's ids, pointing into the
 *    content's items and options by index.
 * `number` and `label` are derived here, as the server derives them in today's format.
 *
 * A payload without `view` is answered with today's SessionView: pages loaded before an upgrade keep
 * working mid-exam. `decodeSessionView` accepts both and returns today's shape.
 */
const LABELS = 'ABCDEFGHIJKL';
/** An option's label by where it is shown: A, B, C… (past L, its number). */
export const optionLabel = (shownAt: number) => LABELS[shownAt] ?? String(shownAt + 1);

/** The one compact format there is: what a payload's `view` names (events.ts validates it). */
export const SESSION_VIEW_WIRE = 'paper-content';
export type SessionViewWire = typeof SESSION_VIEW_WIRE;

/** One item of a paper's content: option texts only, in the paper's shuffled content order. */
export type ContentItem = { id: number; type: CandidateItem['type']; stem: string; points: number; options: string[]; skills?: CandidateItem['skills'] };
export type PaperContent = { items: ContentItem[] };

const ITEM_TYPES: ReadonlySet<unknown> = new Set<CandidateItem['type']>(['single', 'multi', 'truefalse', 'short-answer', 'practical']);

/**
 * The content's shape checked by hand, not with zod: this module is the exam page's, and zod would
 * add about 25 KB (gzip) to the page's budget (client/bundle-size.ts). A server of another version
 * or a cut frame fails here; the texts themselves are shown as React text, as today's items are.
 */
function checkedContent(json: unknown): PaperContent {
  const items = typeof json === 'object' && json !== null ? (json as { items?: unknown }).items : undefined;
  if (!Array.isArray(items)) throw new Error('the paper content has no items');
  items.forEach((item: unknown, at) => {
    if (!isContentItem(item)) throw new Error(`the paper content's item ${at} is not one this page reads`);
  });
  return json as PaperContent;
}

function isContentItem(item: unknown): item is ContentItem {
  if (typeof item !== 'object' || item === null) return false;
  const { id, type, stem, points, options, skills } = item as Record<string, unknown>;
  return (
    Number.isInteger(id) &&
    (id as number) > 0 &&
    ITEM_TYPES.has(type) &&
    typeof stem === 'string' &&
    typeof points === 'number' &&
    Array.isArray(options) &&
    options.every((o) => typeof o === 'string') &&
    (skills === undefined || (typeof skills === 'object' && skills !== null && Array.isArray((skills as { rubric?: unknown }).rubric)))
  );
}

/**
 * The candidate's own part, dense (issue #19: a layout of one object and two arrays per item was
 * most of what Socket.IO walked and stringified per reply, and the receiver parsed):
 *  - `items[k]`: the index in the content's items of the k-th item shown;
 *  - `options`: item after item, each shown option in the candidate's order as one token, tokens
 *    separated by one space: its index in the content item's options as one base-36 character,
 *    then the candidate's option id (option-ids.ts: letters and digits, never a space). An item
 *    shows all of its content options, so the content says how many tokens are each item's.
 */
export type Layout = { items: number[]; options: string };
export const LAYOUT_SEPARATOR = ' ';
/** One token of `options`: the option's index in the content as one base-36 character, then its id. */
export const layoutToken = (contentAt: number, optionId: string) => `${contentAt.toString(36)}${optionId}`;

/** Binary as it arrives: a Buffer on Node, an ArrayBuffer in the browser. */
export type WireBytes = Uint8Array | ArrayBuffer;

export type CompactSessionView = Omit<SessionView, 'items'> & { view: SessionViewWire; content: WireBytes; layout: Layout };
/** A start or resume reply: today's view, or the compact one if the payload asked for it. */
export type SessionViewReply = SessionView | CompactSessionView;
/** The reply a payload gets: compact only if it asked for it. */
export type SessionViewReplyFor<P> = P extends { view: SessionViewWire } ? CompactSessionView : SessionView;

const utf8 = new TextDecoder();
const asBytes = (bytes: WireBytes) => (bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes));

/**
 * Compared four bytes at a time (a paper's content is tens of KB, compared on every reply a page or
 * the load generator gets): a byte loop over it cost more than the rest of decoding a reply.
 */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  // On Node (the load generator, tests) memcmp does it: the word loop cost the generator's pages ~40 µs a reply.
  if (NodeBuffer) return a.length === b.length && NodeBuffer.compare(a, b) === 0;
  return sameBytesByWords(a, b);
}

/** The browser's comparison (exported for its tests, which run on Node). */
export function sameBytesByWords(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  const words = a.length >>> 2;
  const wa = wordsOf(a, words);
  const wb = wordsOf(b, words);
  for (let i = 0; i < words; i++) if (wa[i] !== wb[i]) return false;
  for (let i = words * 4; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Node's Buffer, absent in a browser (the page's bundle carries no polyfill of it). */
const NodeBuffer = (globalThis as { Buffer?: { compare(a: Uint8Array, b: Uint8Array): number } }).Buffer;

/** The first `words` 32-bit words of the bytes; copied first if they do not start on a word (a slice of a frame). */
function wordsOf(bytes: Uint8Array, words: number): Uint32Array {
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : new Uint8Array(bytes);
  return new Uint32Array(aligned.buffer, aligned.byteOffset, words);
}

/**
 * The last content decoded, by its bytes: a page resuming after a reconnect, or the load generator's
 * thousands of pages in one process, get the same paper's bytes again, and comparing them costs a
 * fraction of decoding, parsing and checking them once more. The items built from it are new objects.
 */
let last: { bytes: Uint8Array; content: PaperContent } | null = null;

/** The content's items from its bytes, checked by hand (checkedContent: a server of another version, a cut frame). */
export function decodePaperContent(wire: WireBytes): PaperContent {
  if (!(wire instanceof Uint8Array || wire instanceof ArrayBuffer)) throw new Error('the compact view came without its binary content');
  const bytes = asBytes(wire);
  if (last && sameBytes(last.bytes, bytes)) return last.content;
  const content = checkedContent(JSON.parse(utf8.decode(bytes)));
  // A copy of its own (a Node Buffer's slice() would share the frame's memory).
  last = { bytes: new Uint8Array(bytes), content };
  return content;
}

/** A token's first character as the base-36 index it is (layoutToken), read without a string of it; -1 if it is none. */
function contentIndexAt(options: string, at: number): number {
  const c = options.charCodeAt(at);
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x7a) return c - 0x61 + 10;
  // As parseInt(c, 36) reads it: upper case too.
  if (c >= 0x41 && c <= 0x5a) return c - 0x41 + 10;
  return -1;
}

/** Each shown option of an item as the layout names it: its text, and where its id lies in `layout.options`. */
type OnOption = (text: string, idFrom: number, idTo: number, shownAt: number) => void;

/**
 * The tokens of the layout's item `index`, read from `from` in `layout.options`, each checked
 * against the content and handed to `onOption`; returns where the next item's tokens start (one
 * past the end when there is no separator left). Reads the string where it lies: no token strings.
 */
function walkItem(content: PaperContent, layout: Layout, index: number, from: number, onOption: OnOption): number {
  const contentAt = layout.items[index];
  const item = contentAt === undefined ? undefined : content.items[contentAt];
  if (!item) throw new Error(`layout item ${index} points past the content (${String(contentAt)})`);
  const { options } = layout;
  let at = from;
  for (let shownAt = 0; shownAt < item.options.length; shownAt++) {
    const sep = at > options.length ? -1 : options.indexOf(LAYOUT_SEPARATOR, at);
    const end = sep < 0 ? options.length : sep;
    const text = at > options.length ? undefined : item.options[contentIndexAt(options, at)];
    if (end - at < 2 || text === undefined) throw new Error(`layout of item ${item.id} points past its options`);
    onOption(text, at + 1, end, shownAt);
    at = sep < 0 ? options.length + 1 : sep + 1;
  }
  return at;
}

/** The layout as JSON brought it: two fields of the right kinds, or a throw. */
function checkedLayout(layout: unknown): Layout {
  const { items, options } = (typeof layout === 'object' && layout !== null ? layout : {}) as Partial<Layout>;
  if (!Array.isArray(items) || typeof options !== 'string') throw new Error('the compact view came without its layout');
  return layout as Layout;
}

/** Every token read (one past the end), and none left over: a layout listing more options than its items have throws. */
function checkEnd(layout: Layout, at: number) {
  if (at !== (layout.options === '' ? 0 : layout.options.length + 1)) throw new Error('the layout lists more options than its items have');
}

/** The k-th item shown, as the server's toCandidateItem (session-view.ts) builds it, from where its tokens start. */
function itemAt(content: PaperContent, layout: Layout, index: number, from: number): { item: CandidateItem; next: number } {
  const source = content.items[layout.items[index]!];
  const shown: CandidateItem['options'] = [];
  const next = walkItem(content, layout, index, from, (text, idFrom, idTo, shownAt) => shown.push({ id: layout.options.slice(idFrom, idTo), label: optionLabel(shownAt), text }));
  const { id, type, stem, points, skills } = source!;
  const item: CandidateItem = { id, number: index + 1, type, stem, points, options: shown };
  if (skills) item.skills = skills;
  return { item, next };
}

const noOption: OnOption = () => {};

/**
 * Today's items from the content and the layout. The layout is JSON as any reply is; every index is
 * checked against the content, and the tokens must be exactly as many as the items' options: a
 * layout that does not fit throws rather than showing an empty or a missing option.
 */
function itemsOf(content: PaperContent, layout: Layout): CandidateItem[] {
  const items = new Array<CandidateItem>(layout.items.length);
  let at = 0;
  for (let k = 0; k < items.length; k++) ({ item: items[k], next: at } = itemAt(content, layout, k, at));
  checkEnd(layout, at);
  return items;
}

/**
 * A compact reply's items kept as they came, each built only when asked for (the load generator:
 * thousands of pages in one process, each saving one item at a time, where building every page's
 * whole paper was most of its CPU per start). Checked as `decodeSessionView` checks it, in full,
 * when made: the same content check, every layout index and token; only the item objects wait.
 */
export type LazyItems = { count: number; at(index: number): CandidateItem };

export function lazyItemsOf(reply: CompactSessionView): LazyItems {
  const content = decodePaperContent(reply.content);
  const layout = checkedLayout(reply.layout);
  let end = 0;
  for (let k = 0; k < layout.items.length; k++) end = walkItem(content, layout, k, end, noOption);
  checkEnd(layout, end);
  return {
    count: layout.items.length,
    at(index) {
      let from = 0;
      for (let k = 0; k < index; k++) from = walkItem(content, layout, k, from, noOption);
      return itemAt(content, layout, index, from).item;
    },
  };
}

export const isCompact = (reply: SessionViewReply): reply is CompactSessionView => 'view' in reply && reply.view === SESSION_VIEW_WIRE;

/** Today's SessionView from either reply: the compact one's content and layout joined back into `items`. */
export function decodeSessionView(reply: SessionViewReply): SessionView {
  if (!isCompact(reply)) return reply;
  const { view: _view, content: bytes, layout, ...rest } = reply;
  return { ...rest, items: itemsOf(decodePaperContent(bytes), checkedLayout(layout)) };
}
