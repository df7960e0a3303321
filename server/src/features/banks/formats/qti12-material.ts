import type { Media } from '@shared/bank.ts';
import { msg, warn } from './common.ts';
import type { ImportReportEntry, PackageFiles } from './types.ts';

/**
 * Images in QTI 1.2 HTML: inline data: images and files of the IMS package become bank media
 * (`media:<name>`); anything else is left for the HTML conversion, which reports it as missing.
 */

export type { PackageFiles };

type Ctx = { itemId: string; entry: ImportReportEntry; files: PackageFiles | undefined; media: Media[] };

export const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const SIGNATURES: [Media['mimeType'], string, (b: Buffer) => boolean][] = [
  ['image/png', 'png', (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))],
  ['image/jpeg', 'jpg', (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff],
  ['image/gif', 'gif', (b) => b.subarray(0, 4).toString('latin1') === 'GIF8'],
  ['image/webp', 'webp', (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP'],
];

// Where the LMS put its file store in the exported HTML: Canvas, Respondus, Blackboard, D2L.
const STORE_PREFIXES = [/^\$IMS-CC-FILEBASE\$\/?/, /^\$IMS_CC_FILE_BASE\$\/?/, /^@X@EmbeddedFile\.requestUrlStub@X@/, /^\.\//];

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The raster type the bytes are (by their signature, not their name), or null. */
export const rasterMime = (bytes: Buffer): Media['mimeType'] | null => SIGNATURES.find(([, , test]) => test(bytes))?.[0] ?? null;

function keep(bytes: Buffer, ctx: Ctx): string | null {
  const kind = SIGNATURES.find(([, , test]) => test(bytes));
  if (!kind) return null;
  const base64 = bytes.toString('base64');
  const same = ctx.media.find((m) => m.base64 === base64);
  if (same) return same.name;
  const name = `${ctx.itemId}-${ctx.media.length + 1}.${kind[1]}`;
  ctx.media.push({ name, mimeType: kind[0], base64 });
  return name;
}

function resolve(src: string, ctx: Ctx): string | null {
  const data = /^data:([^;,]*);base64,([A-Za-z0-9+/=\s]*)$/i.exec(src);
  if (data) {
    const name = keep(Buffer.from(data[2]!.replace(/\s+/g, ''), 'base64'), ctx);
    if (!name) warn(ctx.entry, msg('html.imageNotRaster', { type: data[1] || '-' }));
    return name;
  }
  if (!ctx.files || /^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith('//')) return null;
  // Decoded before the prefixes go: Canvas writes its file store as %24IMS-CC-FILEBASE%24 too.
  let path = decode(src.replace(/[?#].*$/, ''));
  for (const prefix of STORE_PREFIXES) path = path.replace(prefix, '');
  const bytes = ctx.files(path);
  return bytes ? keep(bytes, ctx) : null;
}

/** Rewrites img src attributes the bank can hold to media references. */
export function embedImages(html: string, ctx: Ctx): string {
  if (!html.includes('<img') && !html.includes('<IMG')) return html;
  return html.replace(/(<img\b[^>]*?\bsrc\s*=\s*)(["'])([^"']*)\2/gi, (whole, head: string, quote: string, raw: string) => {
    const src = raw.replace(/&amp;/g, '&').trim();
    const name = resolve(src, ctx);
    return name ? `${head}${quote}media:${name}${quote}` : whole;
  });
}
