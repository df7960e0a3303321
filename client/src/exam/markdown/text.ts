/**
 * The two things the browser used to do for us when task Markdown went in as an HTML string:
 * decoding character references in text (`&lt;script&gt;` shows as `<script>`), and (through
 * DOMPurify) dropping every URL that is not a web link, an inline raster image or a page anchor.
 */

const REFERENCE = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));/g;

/** Named references without a DOM (unit tests in Node): the ones HTML-escaping tools write. */
const BASIC_NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
const namedCache = new Map<string, string>();

/** The browser's own table of 2,000-odd names, asked one validated `&name;` at a time. */
function named(name: string): string {
  const cached = namedCache.get(name);
  if (cached !== undefined) return cached;
  const reference = `&${name};`;
  const value = typeof DOMParser === 'function' ? (new DOMParser().parseFromString(reference, 'text/html').body.textContent ?? reference) : (BASIC_NAMED[name] ?? reference);
  namedCache.set(name, value);
  return value;
}

function codePoint(n: number, reference: string): string {
  // What HTML makes of NUL, surrogates and numbers past Unicode: the replacement character.
  if (n === 0 || n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) return '\ufffd';
  return Number.isFinite(n) ? String.fromCodePoint(n) : reference;
}

export function decodeReferences(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(REFERENCE, (reference, decimal?: string, hex?: string, name?: string) => {
    if (decimal !== undefined) return codePoint(Number.parseInt(decimal, 10), reference);
    if (hex !== undefined) return codePoint(Number.parseInt(hex, 16), reference);
    return named(name!);
  });
}

/** The sanitiser's rule for Markdown links and images: web links, inline raster images, anchors, our candidate API. */
const ALLOWED_URL = /^(?:https?:|data:image\/(?:png|jpeg|gif|webp);|\/api\/candidate\/|#)/i;
// Attribute whitespace the sanitiser ignored when testing a URL (`java\nscript:` is still javascript:).
const URL_WHITESPACE = /[\u0000-\u0020\u00a0\u1680\u180e\u2000-\u2029\u205f\u3000]/g;

/**
 * A Markdown link or image target as marked wrote it into the HTML (percent-encoded, references
 * then decoded by the browser), or null when marked would have written no element at all.
 */
export function markdownUrl(href: string): string | null {
  try {
    return decodeReferences(encodeURI(href).replace(/%25/g, '%'));
  } catch {
    return null;
  }
}

export function isAllowedUrl(url: string, kind: 'link' | 'image'): boolean {
  const compact = url.replace(URL_WHITESPACE, '');
  // DOMPurify let any data: URL through on an <img>: an image cannot run script.
  return ALLOWED_URL.test(compact) || (kind === 'image' && url.startsWith('data:'));
}
