import { createElement, Fragment, type ReactNode } from 'react';
import { Lexer, type MarkedToken, type Token, type Tokens } from 'marked';
import { decodeReferences, isAllowedUrl, markdownUrl } from './text.ts';

/**
 * Markdown to elements: marked's tokens become elements directly, never an HTML string, so bank
 * content cannot bring markup of its own. Raw HTML in the Markdown shows as the text it is (but for
 * `<br>`, the one way to break a line inside a table cell, and comments, which stay hidden). What
 * marked's HTML looked like after the sanitiser, element for element: headings, paragraphs, lists,
 * tables, code, quotes, emphasis, links and images with allowed URLs (a link or image whose URL is
 * not allowed keeps its text and loses the URL). Bank images are `media:<name>` references,
 * served by an authorised route under `mediaBase`; task-list checkboxes are not shown.
 */
export function markdownElements(markdown: string, media: string | MediaUrl, options: { inline?: boolean } = {}): ReactNode {
  const ctx: Context = { media: typeof media === 'string' ? (name) => `${media}/${encodeURIComponent(name)}` : media, top: true };
  const tokens = Lexer.lex(markdown).filter((t) => t.type !== 'space');
  // An option's text: one paragraph shows as its content, so it sits beside the option's letter.
  const only = tokens[0] as MarkedToken | undefined;
  if (options.inline && tokens.length === 1 && only?.type === 'paragraph') return inline(only.tokens, ctx);
  return blocks(tokens, ctx);
}

/** Where a bank image (`media:<name>`) is served; undefined when it cannot be shown (its text shows instead). */
export type MediaUrl = (name: string) => string | undefined;

type Context = { media: MediaUrl; top: boolean };

const keyed = (nodes: ReactNode[]) => nodes.map((node, key) => createElement(Fragment, { key }, node));

function blocks(tokens: Token[], ctx: Context): ReactNode[] {
  const out: ReactNode[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as MarkedToken;
    if (token.type !== 'text') {
      out.push(block(token, ctx));
      continue;
    }
    // Consecutive text blocks (a tight list item's lines) are one run, a paragraph at the top.
    const run: ReactNode[] = [inlineOfText(token, ctx)];
    while ((tokens[i + 1] as MarkedToken | undefined)?.type === 'text') run.push('\n', inlineOfText(tokens[++i] as Tokens.Text, ctx));
    out.push(ctx.top ? <p>{keyed(run)}</p> : keyed(run));
  }
  return keyed(out);
}

function block(token: MarkedToken, ctx: Context): ReactNode {
  const inner = { ...ctx, top: true };
  switch (token.type) {
    case 'heading':
      return createElement(`h${token.depth}`, null, inline(token.tokens, ctx));
    case 'paragraph':
      return <p>{inline(token.tokens, ctx)}</p>;
    case 'code':
      // Focusable: a wide code block scrolls, and keyboard users must be able to scroll it (WCAG 2.1.1).
      return <pre tabIndex={0}>{code(token)}</pre>;
    case 'blockquote':
      return <blockquote>{blocks(token.tokens, inner)}</blockquote>;
    case 'list':
      return list(token, ctx);
    case 'table':
      return table(token, ctx);
    case 'hr':
      return <hr />;
    case 'html': {
      const text = rawHtml(token.text).trimEnd();
      return text ? <p>{text}</p> : null;
    }
    default:
      // space, def (reference definitions): nothing to show.
      return null;
  }
}

function code(token: Tokens.Code): ReactNode {
  const lang = (token.lang ?? '').match(/^\S*/)?.[0];
  const text = `${token.text.replace(/\n$/, '')}\n`;
  return <code className={lang ? `language-${lang}` : undefined}>{text}</code>;
}

function list(token: Tokens.List, ctx: Context): ReactNode {
  const items = token.items.map((item, key) => <li key={key}>{blocks(item.tokens, { ...ctx, top: item.loose })}</li>);
  if (!token.ordered) return <ul>{items}</ul>;
  return <ol start={typeof token.start === 'number' && token.start !== 1 ? token.start : undefined}>{items}</ol>;
}

function table(token: Tokens.Table, ctx: Context): ReactNode {
  const cell = (c: Tokens.TableCell, key: number) => createElement(c.header ? 'th' : 'td', { key, align: c.align ?? undefined }, inline(c.tokens, ctx));
  return (
    <table>
      <thead>
        <tr>{token.header.map(cell)}</tr>
      </thead>
      {token.rows.length > 0 && (
        <tbody>
          {token.rows.map((row, key) => (
            <tr key={key}>{row.map(cell)}</tr>
          ))}
        </tbody>
      )}
    </table>
  );
}

const BR = /^<br\s*\/?>$/i;

/** Raw HTML as the text it is, less comments: an author's `<!-- note -->` stayed hidden before and still does. */
const rawHtml = (html: string) => html.replace(/<!--[\s\S]*?(?:-->|$)/g, '');

function inlineOfText(token: Tokens.Text, ctx: Context): ReactNode {
  return token.tokens ? inline(token.tokens, ctx) : decodeReferences(token.text);
}

function inline(tokens: Token[], ctx: Context): ReactNode[] {
  return keyed(tokens.map((t) => span(t as MarkedToken, ctx)));
}

function span(token: MarkedToken, ctx: Context): ReactNode {
  switch (token.type) {
    case 'text':
      return inlineOfText(token, ctx);
    case 'escape':
      return token.text;
    case 'html':
      return BR.test(token.text) ? <br /> : rawHtml(token.text);
    case 'strong':
      return <strong>{inline(token.tokens, ctx)}</strong>;
    case 'em':
      return <em>{inline(token.tokens, ctx)}</em>;
    case 'del':
      return <del>{inline(token.tokens, ctx)}</del>;
    case 'codespan':
      return <code>{token.text}</code>;
    case 'br':
      return <br />;
    case 'link':
      return link(token, ctx);
    case 'image':
      return image(token, ctx);
    default:
      return null;
  }
}

function link(token: Tokens.Link, ctx: Context): ReactNode {
  const children = inline(token.tokens, ctx);
  const url = markdownUrl(token.href);
  if (url === null) return children;
  const title = token.title ? decodeReferences(token.title) : undefined;
  return (
    <a href={isAllowedUrl(url, 'link') ? url : undefined} title={title}>
      {children}
    </a>
  );
}

function image(token: Tokens.Image, ctx: Context): ReactNode {
  if (token.href.startsWith('media:')) {
    const src = ctx.media(token.href.slice(6));
    return src ? <img src={src} alt={token.text} /> : token.text;
  }
  const alt = decodeReferences(altText(token));
  const url = markdownUrl(token.href);
  if (url === null) return alt;
  const title = token.title ? decodeReferences(token.title) : undefined;
  return <img src={isAllowedUrl(url, 'image') ? url : undefined} alt={alt} title={title} />;
}

/** An image's description as marked wrote it: each inline token's text, without markup. */
function altText(token: Tokens.Image): string {
  if (!token.tokens) return token.text;
  return token.tokens.map((t) => (t.type === 'br' ? '' : String((t as { text?: unknown }).text ?? ''))).join('');
}
