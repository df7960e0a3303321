import fs from 'node:fs';

/**
 * What a file is, by its content: magic bytes plus a structure check, never by name or by the
 * type the browser claims. Shared by every upload that accepts documents or images.
 */
export type SniffedType = 'application/pdf' | 'image/png' | 'image/jpeg';
export type Sniffed = { mimeType: SniffedType; width?: number; height?: number };
export class UnacceptableFileError extends Error {}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PNG_IEND = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);
/** PDF features that run code or carry other files: no reason for them in a diploma scan. */
const PDF_ACTIVE = ['/JavaScript', '/JS', '/Launch', '/EmbeddedFile', '/RichMedia', '/XFA'];

function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  const n = fs.readSync(fd, buf, 0, length, position);
  return buf.subarray(0, n);
}

function checkPng(fd: number, size: number): Sniffed {
  const head = readAt(fd, 0, 33);
  // The first chunk must be IHDR, 13 bytes long, with a non-zero size.
  if (head.length < 33 || head.readUInt32BE(8) !== 13 || head.toString('latin1', 12, 16) !== 'IHDR') throw new UnacceptableFileError('PNG without a valid IHDR header');
  const width = head.readUInt32BE(16);
  const height = head.readUInt32BE(20);
  if (width === 0 || height === 0) throw new UnacceptableFileError('PNG with zero width or height');
  if (!readAt(fd, size - PNG_IEND.length, PNG_IEND.length).equals(PNG_IEND)) throw new UnacceptableFileError('PNG is truncated (no IEND chunk at the end)');
  return { mimeType: 'image/png', width, height };
}

const isSof = (marker: number) => marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker);

function checkJpeg(fd: number, size: number): Sniffed {
  // Walk the marker segments from SOI to the frame header (SOF) that carries the image size.
  let pos = 2;
  let frame: { width: number; height: number } | undefined;
  while (pos + 4 <= size && !frame) {
    const seg = readAt(fd, pos, 9);
    if (seg[0] !== 0xff) throw new UnacceptableFileError('JPEG with a broken segment structure');
    const marker = seg[1]!;
    if (marker === 0xff) {
      pos += 1;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) break;
    const length = seg.readUInt16BE(2);
    if (length < 2) throw new UnacceptableFileError('JPEG with a broken segment length');
    if (isSof(marker)) {
      if (seg.length < 9) throw new UnacceptableFileError('JPEG is truncated');
      frame = { height: seg.readUInt16BE(5), width: seg.readUInt16BE(7) };
    }
    pos += 2 + length;
  }
  if (!frame || frame.width === 0 || frame.height === 0) throw new UnacceptableFileError('JPEG without an image frame');
  const tail = readAt(fd, Math.max(0, size - 64), Math.min(64, size));
  // Some cameras pad after EOI; the end marker must still be near the end.
  if (tail.lastIndexOf(Buffer.from([0xff, 0xd9])) < 0) throw new UnacceptableFileError('JPEG is truncated (no end-of-image marker)');
  return { mimeType: 'image/jpeg', ...frame };
}

function checkPdf(fd: number, size: number): Sniffed {
  const head = readAt(fd, 0, 16).toString('latin1');
  if (!/^%PDF-[12]\.\d/.test(head)) throw new UnacceptableFileError('PDF without a version header');
  const tail = readAt(fd, Math.max(0, size - 1024), Math.min(1024, size)).toString('latin1');
  if (!tail.includes('%%EOF') || !tail.includes('startxref')) throw new UnacceptableFileError('PDF is truncated (no trailer)');
  // Scan the whole file in chunks that overlap by the longest name, so none is split unseen.
  const chunk = 64 * 1024;
  const overlap = 16;
  for (let pos = 0; pos < size; pos += chunk - overlap) {
    const text = readAt(fd, pos, chunk).toString('latin1');
    const found = PDF_ACTIVE.find((name) => new RegExp(`${name.replace('/', '\\/')}(?![A-Za-z])`).test(text));
    if (found) throw new UnacceptableFileError(`PDF with active content (${found}) is not accepted`);
    if (pos + chunk >= size) break;
  }
  return { mimeType: 'application/pdf' };
}

/** Identifies a stored file as PDF, PNG or JPEG, or throws UnacceptableFileError saying why not. */
export function sniffDocument(file: string): Sniffed {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    if (size === 0) throw new UnacceptableFileError('The file is empty');
    const magic = readAt(fd, 0, 8);
    if (magic.equals(PNG_SIGNATURE)) return checkPng(fd, size);
    if (magic[0] === 0xff && magic[1] === 0xd8 && magic[2] === 0xff) return checkJpeg(fd, size);
    if (magic.toString('latin1', 0, 5) === '%PDF-') return checkPdf(fd, size);
    throw new UnacceptableFileError('Only PDF, PNG and JPEG files are accepted');
  } finally {
    fs.closeSync(fd);
  }
}
