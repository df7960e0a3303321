import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Media } from '@shared/bank.ts';
import { htmlToMarkdown, msg, sameMessage, warn } from './common.ts';
import { ImportFileError } from './import-error.ts';
import type { ImportMessage, ImportReportEntry } from './types.ts';

/**
 * Moodle XML plumbing for the importer: parsing, text fields (<text> with its format and embedded
 * <file>s) to Markdown, embedded images to media.
 */

export type XNode = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // <text> is read raw: its content is HTML, written as CDATA, as escaped text, or (hand-made files) as bare tags.
  stopNodes: ['*.text'],
  isArray: (name) => ['question', 'answer', 'file', 'tag', 'hint'].includes(name),
});

export function parseQuiz(content: Buffer, fileName: string): XNode[] {
  const xml = content.toString('utf8').replace(/^\uFEFF/, '');
  const valid = XMLValidator.validate(xml);
  // The parser's own sentence is the detail: it is not ours to word.
  if (valid !== true) throw new ImportFileError('xml.malformed', { line: valid.err.line, detail: valid.err.msg });
  const doc = parser.parse(xml) as XNode;
  const quiz = doc.quiz;
  if (quiz === undefined) throw new ImportFileError('format.wrongRoot', { format: 'Moodle XML', expected: 'quiz' });
  return asArray(isNode(quiz) ? quiz.question : undefined).filter(isNode);
}

export const isNode = (v: unknown): v is XNode => typeof v === 'object' && v !== null && !Array.isArray(v);
export const asArray = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
export const child = (n: XNode | undefined, name: string): XNode | undefined => {
  const v = n ? asArray(n[name])[0] : undefined;
  return isNode(v) ? v : undefined;
};
export const children = (n: XNode | undefined, name: string): XNode[] => (n ? asArray(n[name]).filter(isNode) : []);

/** The text of a simple element (<single>true</single>), or null when absent. */
export function scalar(n: XNode | undefined, name: string): string | null {
  const v = n ? asArray(n[name])[0] : undefined;
  if (v === undefined) return null;
  if (typeof v === 'string') return v.trim();
  if (isNode(v) && typeof v['#text'] === 'string') return v['#text'].trim();
  return '';
}

export const numberOf = (s: string | null | undefined): number | null => {
  if (s === null || s === undefined || s.trim() === '') return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
};

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    // HTML entities (&nbsp;…) stay for the HTML converter.
    return XML_ENTITIES[e] ?? m;
  });
}

/** The raw content of a stop node <text>: CDATA sections are literal, the rest is XML-escaped. */
export function rawText(v: unknown): string {
  const first = Array.isArray(v) ? v[0] : v;
  const raw = typeof first === 'string' ? first : isNode(first) && typeof first['#text'] === 'string' ? first['#text'] : '';
  let out = '';
  let last = 0;
  for (const m of raw.matchAll(/<!\[CDATA\[([\s\S]*?)\]\]>/g)) {
    out += decodeEntities(raw.slice(last, m.index)) + m[1];
    last = m.index + m[0].length;
  }
  return (out + decodeEntities(raw.slice(last))).trim();
}

/** The <text> of a plain-text element such as <name> or <tag>, without markup. */
export const plainText = (n: XNode | undefined) =>
  rawText(n?.text)
    .replace(/<\/?[a-z][^>]*>/gi, '')
    .replace(/\s+/g, ' ')
    .trim();

/** `notes` are the warnings given so far: an item that ends in an error drops them. */
export type TextContext = { entry: ImportReportEntry; itemId: string; media: Media[]; notes: ImportMessage[] };

export function note(ctx: TextContext, message: ImportMessage): void {
  if (ctx.entry.messages.some((m) => sameMessage(m, message))) return;
  warn(ctx.entry, message);
  ctx.notes.push(message);
}

const SIGNATURES: [Media['mimeType'], (b: Buffer) => boolean][] = [
  ['image/png', (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))],
  ['image/jpeg', (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff],
  ['image/gif', (b) => b.subarray(0, 4).toString('latin1') === 'GIF8'],
  ['image/webp', (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP'],
];

function mediaName(source: string, ctx: TextContext): string {
  const dot = source.lastIndexOf('.');
  const ext = dot > 0 ? source.slice(dot).replace(/[^A-Za-z0-9.]/g, '').slice(0, 10) : '';
  let stem = (dot > 0 ? source.slice(0, dot) : source).replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 100);
  if (!stem) stem = `${ctx.itemId}-${ctx.media.length + 1}`;
  let name = stem + ext;
  for (let n = 2; ctx.media.some((m) => m.name === name); n++) name = `${stem}-${n}${ext}`;
  return name;
}

/** Keeps an embedded raster image (sniffed from its bytes, not its name); returns its media name or null. */
function embed(file: XNode, ctx: TextContext): string | null {
  const name = String(file.name ?? '').trim() || 'unnamed';
  const encoding = String(file.encoding ?? 'base64').toLowerCase();
  const data = (typeof file['#text'] === 'string' ? file['#text'] : '').replace(/\s+/g, '');
  if (encoding !== 'base64' || !/^[A-Za-z0-9+/]+={0,2}$/.test(data)) {
    note(ctx, msg('moodle.fileNotBase64', { file: name }));
    return null;
  }
  const bytes = Buffer.from(data, 'base64');
  const mimeType = SIGNATURES.find(([, test]) => test(bytes))?.[0];
  if (!mimeType) {
    note(ctx, msg('moodle.fileNotRaster', { file: name }));
    return null;
  }
  const same = ctx.media.find((m) => m.base64 === data);
  if (same) return same.name;
  const media = { name: mediaName(name, ctx), mimeType, base64: data };
  ctx.media.push(media);
  return media.name;
}

const decodeUri = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

function plainToHtml(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((p) => `<p>${p.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\n/g, '<br>')}</p>`)
    .join('');
}

/**
 * A Moodle text field (questiontext, answer, generalfeedback, graderinfo…) as Markdown. Its files
 * become media and "@@PLUGINFILE@@/x.png" becomes "media:x.png"; links to files that were left out keep their text.
 */
export function fieldMarkdown(field: XNode | undefined, ctx: TextContext, html?: string): string {
  if (!field) return '';
  const files = new Map<string, string | null>();
  for (const file of children(field, 'file')) files.set(String(file.name ?? '').trim(), embed(file, ctx));
  const format = String(field.format ?? 'html');
  let text = (html ?? rawText(field.text)).replace(/@@PLUGINFILE@@((?:\/[^/"'\s<>()?#]*)+)/g, (ref, path: string) => {
    const name = decodeUri(path.slice(path.lastIndexOf('/') + 1));
    const kept = files.get(name);
    if (kept) return `media:${kept}`;
    if (kept === undefined) note(ctx, msg('moodle.fileMissing', { file: name }));
    return ref;
  });
  if (format === 'plain_text' || (format === 'moodle_auto_format' && !/<\/?[a-z][^>]*>/i.test(text))) text = plainToHtml(text);
  return (
    // A @@PLUGINFILE@@ reference left in place was reported above, by its file name.
    (format === 'markdown' ? text : htmlToMarkdown(text, (m) => m.key === 'html.imageMissing' && String(m.params?.src).startsWith('@@PLUGINFILE@@') ? undefined : note(ctx, m)))
      .replace(/!\[([^\]]*)\]\(@@PLUGINFILE@@[^)]*\)/g, '$1')
      .replace(/\[([^\]]*)\]\(@@PLUGINFILE@@[^)]*\)/g, '$1')
      // The exporter keeps runs of spaces as " \u00a0"; inside a line they are plain spaces again.
      .replace(/(?<=\S[ \u00a0]*)\u00a0/g, ' ')
      .trim()
  );
}

/** Whether a text field has any content (for feedback that is left out). */
export const hasText = (field: XNode | undefined) => rawText(field?.text).replace(/<[^>]*>|&nbsp;|\s/g, '') !== '';
