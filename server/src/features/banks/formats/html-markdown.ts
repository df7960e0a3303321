import TurndownService from 'turndown';
import type { ImportMessage } from './types.ts';

/**
 * HTML from a bank file (stems, options, feedback) to Markdown that keeps its structure: tables
 * become GFM tables, lists, code and images stay what they are. What Markdown cannot hold (merged
 * cells, sub/superscript, audio and video, images that are not in the file) is reported through
 * `note`, once per kind, so the report says what an item lost.
 */

export type Note = (message: ImportMessage) => void;

type El = HTMLElement;

// One turndown instance per conversion would be slow; the current note sink is swapped in instead
// (conversion is synchronous, so no two conversions interleave).
let current: Note = () => {};
let seen = new Set<string>();
function report(key: string, params?: Record<string, string | number>) {
  const id = `${key}\u0000${JSON.stringify(params ?? {})}`;
  if (seen.has(id)) return;
  seen.add(id);
  current({ key, ...(params ? { params } : {}) });
}

const turndown = new TurndownService({ headingStyle: 'atx', codeBlockStyle: 'fenced', emDelimiter: '*' });
// Scripts and styles are never content: drop them before conversion.
turndown.remove(['script', 'style', 'head', 'title', 'meta', 'link']);

turndown.addRule('droppedMedia', {
  filter: (node) => ['IFRAME', 'OBJECT', 'EMBED', 'AUDIO', 'VIDEO', 'SVG', 'CANVAS', 'MATH'].includes(node.nodeName.toUpperCase()),
  replacement(_content, node) {
    report('html.mediaDropped', { element: node.nodeName.toLowerCase() });
    return '';
  },
});

// Bank images are media:<name>; inline data: images are kept by the importers before conversion.
const KEPT_IMAGE = /^(?:media:|data:image\/(?:png|jpeg|gif|webp);)/i;

turndown.addRule('image', {
  filter: 'img',
  replacement(_content, node) {
    const el = node as El;
    const src = (el.getAttribute('src') ?? '').trim();
    const alt = (el.getAttribute('alt') ?? '').replace(/\s+/g, ' ').trim();
    const title = el.getAttribute('title');
    const markdown = src ? `![${alt.replace(/[[\]\\]/g, '\\$&')}](${src.replace(/[()\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)}${title ? ` "${title.replace(/"/g, '\\"')}"` : ''})` : '';
    // @@PLUGINFILE@@ (Moodle), $IMS-CC-FILEBASE$ (Canvas), relative paths, web addresses: not in the
    // bank. The reference stays (an importer may still resolve it); the candidate sees its text.
    if (!KEPT_IMAGE.test(src)) report('html.imageMissing', { src: src.slice(0, 200) || '-' });
    return markdown;
  },
});

turndown.addRule('subSup', {
  filter: ['sub', 'sup'],
  replacement(content, node) {
    if (!content.trim()) return content;
    report('html.subSupLost');
    // "2^10" reads right as plain text, "H2O" too; Markdown has no sub/superscript.
    return node.nodeName === 'SUP' ? `^${content}` : content;
  },
});

// Tables: GFM pipe tables. Each row is one line; the table rule pads rows and adds the header rule.
const ROW = '\uE010';
const CELL_BREAK = /\s*\n+\s*/g;

turndown.addRule('tableCell', {
  filter: ['th', 'td'],
  replacement(content, node) {
    const el = node as El;
    const span = Math.min(Number(el.getAttribute('colspan')) || 1, 50);
    if (span > 1 || (Number(el.getAttribute('rowspan')) || 1) > 1) report('html.tableMergedCells');
    if (el.querySelector('table')) report('html.tableNested');
    // A line break inside a cell is <br>, the one piece of HTML the renderer reads in a table.
    const text = content.trim().replace(CELL_BREAK, '<br>').replace(/\|/g, '\\|');
    return ` ${text} |${' |'.repeat(span - 1)}`;
  },
});

turndown.addRule('tableRow', {
  filter: 'tr',
  replacement: (content) => `\n${ROW}|${content.replace(/\n/g, ' ')}\n`,
});

turndown.addRule('tableSection', {
  filter: ['thead', 'tbody', 'tfoot'],
  replacement: (content) => content,
});

turndown.addRule('tableCaption', {
  filter: 'caption',
  replacement: () => '',
});

const cellCount = (row: string) => row.split(/(?<!\\)\|/).length - 2;

turndown.addRule('table', {
  filter: 'table',
  replacement(content, node) {
    const rows = content.split('\n').filter((l) => l.startsWith(ROW)).map((l) => l.slice(ROW.length).trimEnd());
    if (rows.length === 0) return '';
    const width = Math.max(...rows.map(cellCount));
    const padded = rows.map((r) => r + ' |'.repeat(width - cellCount(r)));
    const caption = (node as El).querySelector('caption')?.textContent?.trim();
    // GFM needs a header row: the first row is it, as it is in most bank tables.
    const table = [padded[0]!, `|${' --- |'.repeat(width)}`, ...padded.slice(1)].join('\n');
    return `\n\n${caption ? `${turndown.escape(caption)}\n\n` : ''}${table}\n\n`;
  },
});

/** Converts one piece of HTML; `note` hears each kind of loss once per call. */
export function htmlToMarkdown(html: string, note?: Note): string {
  if (!/[<&]/.test(html)) return html.trim();
  current = note ?? (() => {});
  seen = new Set();
  try {
    return turndown.turndown(html).trim();
  } finally {
    current = () => {};
  }
}

/**
 * Plain text (Aiken, GIFT plain, spreadsheet cells) as Markdown that shows the same text: Markdown
 * syntax is escaped and each line break stays a line break.
 */
export function plainToMarkdown(text: string): string {
  // "<" and "&" too: inside what Markdown takes for raw HTML or a character reference, the other
  // escapes would show as backslashes.
  const line = (l: string) => turndown.escape(l.trim()).replace(/[<&]/g, '\\$&');
  return text
    .replace(/\r\n?/g, '\n')
    .trim()
    .split(/\n[ \t]*\n\s*/)
    .map((paragraph) => paragraph.split('\n').map(line).join('\\\n'))
    .join('\n\n');
}
