import { escapeAttr, escapeText } from './qti-common.ts';

/**
 * Markdown to well-formed XHTML for export. No Markdown renderer is installed, so this covers what
 * bank stems use (paragraphs, ATX headings, lists, block quotes, fenced code, rules, code spans,
 * emphasis, links, images) and everything turndown writes, so export -> import -> export is stable.
 * Raw HTML is escaped, never passed through. A line break inside a paragraph stays a line break.
 */

export type ImageRenderer = (src: string, alt: string, title: string | null) => string;

const defaultImage: ImageRenderer = (src, alt, title) =>
  `<img src="${escapeAttr(src)}" alt="${escapeAttr(alt)}"${title ? ` title="${escapeAttr(title)}"` : ''}/>`;

export function markdownToHtml(md: string, image: ImageRenderer = defaultImage): string {
  return blocks(md.replace(/\r\n?/g, '\n').replace(/\t/g, '    ').split('\n'), false, image);
}

/** A single paragraph renders without its <p>, for choice texts. */
export function markdownToInlineHtml(md: string, image: ImageRenderer = defaultImage): string {
  const html = markdownToHtml(md, image);
  const m = /^<p>([\s\S]*)<\/p>$/.exec(html);
  return m && !m[1]!.includes('<p>') ? m[1]! : html;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})[ ]*([^`\s]*)[^`]*$/;
const HEADING = /^ {0,3}(#{1,6})(?:[ ]+(.*?))?(?:[ ]+#+)?[ ]*$/;
const RULE = /^ {0,3}([-*_])(?:[ ]*\1){2,}[ ]*$/;
const QUOTE = /^ {0,3}> ?(.*)$/;
const ITEM = /^( {0,3})([-+*]|\d{1,9}[.)])( {1,4}(?=\S)| *$)(.*)$/;
const blank = (l: string) => l.trim() === '';
/** HTML collapses runs of spaces ("（  ）" blanks in Chinese items): keep their width with no-break spaces. */
const spaces = (html: string) => html.replace(/ {2,}/g, (run) => ' ' + '\u00a0'.repeat(run.length - 1));
const indentOf = (l: string) => l.length - l.trimStart().length;

function startsBlock(line: string): boolean {
  const item = ITEM.exec(line);
  return FENCE.test(line) || HEADING.test(line) || RULE.test(line) || QUOTE.test(line) || (!!item && !blank(item[4]!) && (/^[-+*]$/.test(item[2]!) || /^1[.)]$/.test(item[2]!)));
}

function blocks(lines: string[], tight: boolean, image: ImageRenderer): string {
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (blank(line)) {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const [, mark, lang] = fence;
      const indent = indentOf(line);
      const body: string[] = [];
      i++;
      while (i < lines.length && !new RegExp(`^ {0,3}${mark![0] === '`' ? '`' : '~'}{${mark!.length},}[ ]*$`).test(lines[i]!)) {
        body.push(lines[i]!.replace(new RegExp(`^ {0,${indent}}`), ''));
        i++;
      }
      i++;
      out.push(`<pre><code${lang ? ` class="language-${escapeAttr(lang)}"` : ''}>${escapeText(body.join('\n'))}</code></pre>`);
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      out.push(`<h${heading[1]!.length}>${inline(heading[2] ?? '', image)}</h${heading[1]!.length}>`);
      i++;
      continue;
    }
    if (RULE.test(line)) {
      out.push('<hr/>');
      i++;
      continue;
    }
    if (QUOTE.test(line)) {
      const inner: string[] = [];
      while (i < lines.length && QUOTE.test(lines[i]!)) inner.push(QUOTE.exec(lines[i++]!)![1]!);
      out.push(`<blockquote>${blocks(inner, false, image)}</blockquote>`);
      continue;
    }
    if (ITEM.test(line)) {
      i = list(lines, i, out, image);
      continue;
    }
    const para: string[] = [line];
    i++;
    while (i < lines.length && !blank(lines[i]!) && !startsBlock(lines[i]!)) para.push(lines[i++]!);
    const html = inline(para.map((l) => l.trim()).join('\n'), image);
    out.push(tight ? html : `<p>${html}</p>`);
  }
  return out.join('');
}

function list(lines: string[], start: number, out: string[], image: ImageRenderer): number {
  const first = ITEM.exec(lines[start]!)!;
  const ordered = /\d/.test(first[2]!);
  const delimiter = first[2]!.slice(-1);
  const items: string[][] = [];
  let loose = false;
  let i = start;
  while (i < lines.length) {
    const m = ITEM.exec(lines[i]!);
    if (!m || /\d/.test(m[2]!) !== ordered || m[2]!.slice(-1) !== delimiter) break;
    const width = m[1]!.length + m[2]!.length + (blank(m[4]!) ? 1 : m[3]!.length);
    const item = [m[4]!];
    i++;
    let sawBlank = false;
    while (i < lines.length) {
      const l = lines[i]!;
      if (blank(l)) {
        sawBlank = true;
        item.push('');
        i++;
      } else if (indentOf(l) >= width) {
        if (sawBlank && item.slice(0, -1).some((x) => !blank(x))) loose = true;
        sawBlank = false;
        item.push(l.slice(width));
        i++;
      } else if (!sawBlank && !startsBlock(l) && !ITEM.test(l)) {
        item.push(l.trim()); // lazy continuation of the item's paragraph
        i++;
      } else break;
    }
    while (item.length > 1 && blank(item[item.length - 1]!)) item.pop();
    items.push(item);
    if (sawBlank && i < lines.length && ITEM.test(lines[i]!)) loose = true;
    if (sawBlank && !(i < lines.length && ITEM.test(lines[i]!))) break;
  }
  const startNo = ordered ? parseInt(first[2]!, 10) : 1;
  const tagName = ordered ? 'ol' : 'ul';
  const attrs = ordered && startNo !== 1 ? ` start="${startNo}"` : '';
  out.push(`<${tagName}${attrs}>${items.map((it) => `<li>${blocks(it, !loose, image)}</li>`).join('')}</${tagName}>`);
  return i;
}

type Token = { kind: 'html'; html: string } | { kind: 'delim'; char: string; count: number; open: boolean; close: boolean };

const PUNCT = /[!-/:-@[-`{-~\p{P}\p{S}]/u;
const SPACE = /\s/;

/** Inline Markdown: escapes, code spans, links, images, autolinks, emphasis (CommonMark-like delimiter pairing). */
function inline(src: string, image: ImageRenderer): string {
  const tokens: Token[] = [];
  const text = (s: string) => tokens.push({ kind: 'html', html: s });
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '\\' && src[i + 1] === '\n') {
      text('<br/>');
      i += 2;
    } else if (c === '\\' && i + 1 < src.length && /[!-/:-@[-`{-~]/.test(src[i + 1]!)) {
      text(escapeText(src[i + 1]!));
      i += 2;
    } else if (c === '`') {
      const run = /^`+/.exec(src.slice(i))![0];
      const close = src.indexOf(run, i + run.length);
      let end = close;
      while (end >= 0 && src[end + run.length] === '`') end = src.indexOf(run, end + run.length + 1);
      if (end < 0) {
        text(run);
        i += run.length;
      } else {
        let code = src.slice(i + run.length, end).replace(/\n/g, ' ');
        if (/^ .*[^ ].* $/.test(code)) code = code.slice(1, -1);
        text(`<code>${spaces(escapeText(code))}</code>`);
        i = end + run.length;
      }
    } else if ((c === '!' && src[i + 1] === '[') || c === '[') {
      const link = parseLink(src, c === '!' ? i + 1 : i);
      if (!link) {
        text(escapeText(c));
        i++;
      } else {
        if (c === '!') text(image(link.url, plain(link.label), link.title));
        else text(`<a href="${escapeAttr(link.url)}"${link.title ? ` title="${escapeAttr(link.title)}"` : ''}>${inline(link.label, image)}</a>`);
        i = link.end;
      }
    } else if (c === '<' && /^<((?:https?|ftp):\/\/[^\s<>]+|mailto:[^\s<>]+)>/.test(src.slice(i))) {
      const url = /^<([^>]+)>/.exec(src.slice(i))![1]!;
      text(`<a href="${escapeAttr(url)}">${escapeText(url)}</a>`);
      i += url.length + 2;
    } else if (c === '\n') {
      text('<br/>');
      i++;
    } else if (c === '*' || c === '_') {
      const run = (c === '*' ? /^\*+/ : /^_+/).exec(src.slice(i))![0];
      const before = src[i - 1] ?? ' ';
      const after = src[i + run.length] ?? ' ';
      const left = !SPACE.test(after) && (!PUNCT.test(after) || SPACE.test(before) || PUNCT.test(before));
      const right = !SPACE.test(before) && (!PUNCT.test(before) || SPACE.test(after) || PUNCT.test(after));
      const open = c === '*' ? left : left && (!right || PUNCT.test(before));
      const close = c === '*' ? right : right && (!left || PUNCT.test(after));
      tokens.push({ kind: 'delim', char: c, count: run.length, open, close });
      i += run.length;
    } else {
      const m = /^[^\\`![<\n*_]+/.exec(src.slice(i));
      const chunk = m ? m[0] : c;
      text(spaces(escapeText(chunk)));
      i += chunk.length;
    }
  }
  return emphasis(tokens);
}

function emphasis(tokens: Token[]): string {
  for (let ci = 0; ci < tokens.length; ci++) {
    const closer = tokens[ci]!;
    if (closer.kind !== 'delim' || !closer.close || closer.count === 0) continue;
    for (let oi = ci - 1; oi >= 0; oi--) {
      const opener = tokens[oi]!;
      if (opener.kind !== 'delim' || opener.char !== closer.char || !opener.open || opener.count === 0) continue;
      const use = opener.count >= 2 && closer.count >= 2 ? 2 : 1;
      const tagName = use === 2 ? 'strong' : 'em';
      const inner = tokens.splice(oi + 1, ci - oi - 1);
      const html = `<${tagName}>${emphasis(inner)}</${tagName}>`;
      tokens.splice(oi + 1, 0, { kind: 'html', html });
      opener.count -= use;
      closer.count -= use;
      ci = oi; // next round re-examines the closer, which may still close an outer opener
      break;
    }
  }
  return tokens.map((t) => (t.kind === 'html' ? t.html : t.char.repeat(t.count))).join('');
}

function parseLink(src: string, at: number): { label: string; url: string; title: string | null; end: number } | null {
  let depth = 0;
  let j = at;
  for (; j < src.length; j++) {
    if (src[j] === '\\') j++;
    else if (src[j] === '[') depth++;
    else if (src[j] === ']' && --depth === 0) break;
  }
  if (j >= src.length || src[j + 1] !== '(') return null;
  const rest = src.slice(j + 2);
  const m = /^\s*(?:<([^<>\n]*)>|((?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))*))(?:\s+("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\((?:[^()\\]|\\.)*\)))?\s*\)/.exec(rest);
  if (!m) return null;
  const unescape = (s: string) => s.replace(/\\([!-/:-@[-`{-~])/g, '$1');
  return {
    label: src.slice(at + 1, j),
    url: unescape(m[1] ?? m[2] ?? ''),
    title: m[3] ? unescape(m[3].slice(1, -1)) : null,
    end: j + 2 + m[0].length,
  };
}

/** Image alt text: the label without Markdown syntax. */
function plain(label: string): string {
  return label.replace(/\\([!-/:-@[-`{-~])|[*_`]/g, (_, escaped: string | undefined) => escaped ?? '');
}
