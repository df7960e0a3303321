import { Marked, type Tokens } from 'marked';
import { escapeAttr, escapeText } from './qti-common.ts';

/**
 * Markdown to well-formed XHTML for export (QTI, Moodle XML), with marked. Raw HTML in a stem is
 * escaped, never passed through; a line break inside a paragraph stays a line break; images go
 * through the caller's renderer (embedded media become data: URIs or Moodle file references).
 */

export type ImageRenderer = (src: string, alt: string, title: string | null) => string;

const defaultImage: ImageRenderer = (src, alt, title) =>
  `<img src="${escapeAttr(src)}" alt="${escapeAttr(alt)}"${title ? ` title="${escapeAttr(title)}"` : ''}/>`;

/** HTML collapses runs of spaces ("（  ）" blanks in Chinese items): keep their width with no-break spaces. */
const keepSpaces = (html: string) => html.replace(/(?<=>|^)([^<]*)/g, (text) => text.replace(/ {2,}/g, (run) => ' ' + '\u00a0'.repeat(run.length - 1)));

function renderer(image: ImageRenderer) {
  const marked = new Marked({ gfm: true, breaks: true, async: false });
  marked.use({
    // "www.example.com" in a question about certificates is text, not a link.
    tokenizer: { url: () => undefined },
    renderer: {
      link(this: { parser: { parseInline: (t: Tokens.Link['tokens']) => string } }, token: Tokens.Link) {
        const title = token.title ? ` title="${escapeAttr(token.title)}"` : '';
        return `<a href="${escapeAttr(token.href)}"${title}>${this.parser.parseInline(token.tokens)}</a>`;
      },
      html: (token: Tokens.HTML | Tokens.Tag) => escapeText(token.text),
      image: (token: Tokens.Image) => image(token.href, token.text, token.title ?? null),
      br: () => '<br/>',
      hr: () => '<hr/>\n',
    },
  });
  return marked;
}

/** Compact output for XML files: no newlines between tags; code blocks are left exactly as written. */
const compact = (html: string) =>
  html
    .split(/(<pre>[\s\S]*?<\/pre>)/)
    .map((part) => (part.startsWith('<pre>') ? part.replace(/\n<\/code><\/pre>$/, '</code></pre>') : keepSpaces(part.replace(/>\s*\n\s*</g, '><'))))
    .join('')
    .trim();

export function markdownToHtml(md: string, image: ImageRenderer = defaultImage): string {
  return compact(renderer(image).parse(md.replace(/\r\n?/g, '\n')) as string);
}

/** A single paragraph renders without its <p>, for choice texts. */
export function markdownToInlineHtml(md: string, image: ImageRenderer = defaultImage): string {
  const html = markdownToHtml(md, image);
  const m = /^<p>([\s\S]*)<\/p>$/.exec(html);
  return m && !m[1]!.includes('<p>') ? m[1]! : html;
}
