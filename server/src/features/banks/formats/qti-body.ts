import type { Media } from '@shared/bank.ts';
import { htmlToMarkdown, msg } from './common.ts';
import { escapeAttr, escapeText, textOf, type XElement, type XNode } from './qti-common.ts';
import { rasterMime } from './qti12-material.ts';
import type { ImportMessage, PackageFiles } from './types.ts';

/**
 * Turns QTI item-body content back into plain HTML for htmlToMarkdown: QTI-only elements are
 * unwrapped, dropped or collected (feedback, scorer rubrics), embedded images become media.
 */

export type BodyContext = {
  itemId: string;
  media: Media[];
  /** Deduplicated (by key and values): one line per kind of loss, however often it occurs. */
  warnings: Map<string, ImportMessage>;
  /** Feedback found in the body, as HTML, for the explanation. */
  feedback: string[];
  /** Rubric blocks not meant for the candidate (scorer, tutor…). */
  hiddenRubrics: XElement[];
  /** The package's files, for an item that came in one. */
  files?: PackageFiles;
};

/** Returns the HTML for an element the caller handles itself, or undefined to render it normally. */
export type Hook = (el: XElement) => string | undefined;

export const newBodyContext = (itemId: string, files?: PackageFiles): BodyContext => ({ itemId, media: [], warnings: new Map(), feedback: [], hiddenRubrics: [], ...(files ? { files } : {}) });

export function bodyWarning(ctx: BodyContext, message: ImportMessage): void {
  ctx.warnings.set(`${message.key}\u0000${JSON.stringify(message.params ?? {})}`, message);
}

const HTML = new Set(
  'a abbr acronym address article aside b bdi bdo big blockquote br caption cite code col colgroup dd del details dfn div dl dt em figcaption figure footer h1 h2 h3 h4 h5 h6 header hr i img ins kbd label li mark nav ol p pre q rb rp rt rtc ruby s samp section small span strong sub summary sup table tbody td tfoot th thead tr tt u ul var wbr'.split(
    ' ',
  ),
);
const VOID = new Set(['br', 'hr', 'img', 'col', 'wbr']);
// Only what turndown reads; event handlers and styles have no business in a stem.
const KEEP_ATTRS = new Set(['href', 'src', 'alt', 'title', 'start', 'class', 'colspan', 'rowspan']);
const RASTER: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/jpg': 'jpg', 'image/gif': 'gif', 'image/webp': 'webp' };
const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
/** The exporter marks embedded images with their media name so a round trip keeps it. */
export const MEDIA_CLASS_PREFIX = 'kc-media-';

/**
 * htmlToMarkdown, with no-break spaces inside a line back to plain spaces: the exporter writes
 * runs of spaces as " \u00a0" so HTML keeps their width. Leading ones stay (they are not indentation).
 */
export const toMarkdown = (html: string, ctx: BodyContext) => htmlToMarkdown(html, (m) => bodyWarning(ctx, m)).replace(/(?<=\S[ \u00a0]*)\u00a0/g, ' ');

export function renderNodes(nodes: XNode[], ctx: BodyContext, hook?: Hook): string {
  return nodes.map((n) => (n.type === 'text' ? escapeText(n.text) : renderElement(n, ctx, hook))).join('');
}

function tag(name: string, attrs: Record<string, string>, inner: string): string {
  const a = Object.entries(attrs)
    .filter(([k, v]) => KEEP_ATTRS.has(k) && !((k === 'href' || k === 'src') && /^\s*(javascript|vbscript):/i.test(v)))
    .map(([k, v]) => ` ${k}="${escapeAttr(v)}"`)
    .join('');
  return VOID.has(name) ? `<${name}${a}>` : `<${name}${a}>${inner}</${name}>`;
}

function renderElement(el: XElement, ctx: BodyContext, hook?: Hook): string {
  const own = hook?.(el);
  if (own !== undefined) return own;
  const children = () => renderNodes(el.children, ctx, hook);
  switch (el.name) {
    case 'feedbackInline':
    case 'feedbackBlock':
      ctx.feedback.push(children());
      bodyWarning(ctx, msg('qti.bodyFeedbackMoved'));
      return '';
    case 'rubricBlock': {
      const views = (el.attrs.view ?? '').split(/\s+/);
      if (views.includes('candidate')) return children();
      ctx.hiddenRubrics.push(el);
      return '';
    }
    case 'img':
      return image(el.attrs, ctx);
    case 'object':
      return object(el, ctx, children);
    case 'audio':
    case 'video':
      bodyWarning(ctx, msg('html.mediaDropped', { element: el.name }));
      return renderNodes(
        el.children.filter((c) => c.type === 'text' || (c.name !== 'source' && c.name !== 'track')),
        ctx,
        hook,
      );
    case 'math':
      bodyWarning(ctx, msg('qti.mathAsText'));
      return `<span>${escapeText(textOf(el))}</span>`;
    case 'catalogInfo':
    case 'stylesheet':
    case 'apipAccessibility':
      return '';
    default:
      // Unknown QTI wrappers (contentBody, prompt…) keep their content.
      return HTML.has(el.name) ? tag(el.name, el.attrs, children()) : children();
  }
}

function dataUri(src: string): { mime: string; base64: string | null } | null {
  const m = /^data:([^;,]*)((?:;[^;,]*)*),([\s\S]*)$/.exec(src.trim());
  if (!m) return null;
  return { mime: (m[1] || 'text/plain').toLowerCase(), base64: /;base64/i.test(m[2] ?? '') ? (m[3] ?? '').replace(/\s+/g, '') : null };
}

/** Stores an embedded raster image and returns its media name, or null (with a warning) when it cannot be kept. */
function embed(src: string, cls: string | undefined, ctx: BodyContext): string | null {
  const uri = dataUri(src);
  if (!uri) return null;
  const ext = RASTER[uri.mime];
  if (!ext || uri.base64 === null || !/^[A-Za-z0-9+/=]*$/.test(uri.base64)) {
    bodyWarning(ctx, msg('html.imageNotRaster', { type: uri.mime }));
    return null;
  }
  const existing = ctx.media.find((m) => m.base64 === uri.base64);
  if (existing) return existing.name;
  const marked = cls
    ?.split(/\s+/)
    .find((c) => c.startsWith(MEDIA_CLASS_PREFIX))
    ?.slice(MEDIA_CLASS_PREFIX.length);
  const taken = (n: string) => ctx.media.some((m) => m.name === n);
  const name = marked && NAME_RE.test(marked) && !taken(marked) ? marked : `${ctx.itemId}-${ctx.media.length + 1}.${ext}`;
  ctx.media.push({ name, mimeType: uri.mime === 'image/jpg' ? 'image/jpeg' : (uri.mime as Media['mimeType']), base64: uri.base64 });
  return name;
}

/**
 * A file of the item's package as a data: URI, so it is embedded like an inline image; null when
 * there is no package, the reference leaves it, the file is not there, or (rasterOnly) it is no
 * raster image.
 */
function packageFile(ref: string, ctx: BodyContext, rasterOnly = false): string | null {
  const href = ref.trim().replace(/[?#].*$/, '');
  if (!ctx.files || !href || /^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//')) return null;
  let decoded = href;
  try {
    decoded = decodeURIComponent(href);
  } catch {
    // A stray % in a file name: look it up as written.
  }
  const bytes = ctx.files(decoded);
  if (!bytes) return null;
  // The signature decides: a .png that is an SVG is not kept as a PNG.
  const mime = rasterMime(bytes) ?? (rasterOnly ? null : /\.svg$/i.test(decoded) ? 'image/svg+xml' : 'application/octet-stream');
  return mime ? `data:${mime};base64,${bytes.toString('base64')}` : null;
}

function image(attrs: Record<string, string>, ctx: BodyContext): string {
  const src = packageFile(attrs.src ?? '', ctx) ?? attrs.src ?? '';
  const alt = attrs.alt ?? '';
  if (src.trim().toLowerCase().startsWith('data:')) {
    const name = embed(src, attrs.class, ctx);
    return name ? tag('img', { src: `media:${name}`, alt }, '') : escapeText(alt);
  }
  bodyWarning(ctx, msg('html.imageMissing', { src: src.trim().slice(0, 200) || '-' }));
  return tag('img', { src, alt }, '');
}

function object(el: XElement, ctx: BodyContext, children: () => string): string {
  // Only an image is embedded: other objects (an HTML page, a video) stay external and are reported.
  const data = packageFile(el.attrs.data ?? '', ctx, true) ?? el.attrs.data ?? '';
  if (data.trim().toLowerCase().startsWith('data:')) {
    const name = embed(data, el.attrs.class, ctx);
    if (name) return tag('img', { src: `media:${name}`, alt: textOf(el).trim().replace(/\s+/g, ' ') }, '');
  } else {
    bodyWarning(ctx, msg('qti.objectExternal', { file: data.slice(0, 200) || '-', type: el.attrs.type ?? '-' }));
  }
  return children();
}
