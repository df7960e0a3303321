import fs from 'node:fs';
import { assertDecodes, ImageDecodeError } from './decode.ts';
import { fileSource, IMAGE_REFUSAL_DETAIL, ImageCheckError, inspectImage, sniffImageType } from './images.ts';

/**
 * What a file is, by its content: magic bytes plus a structure check, never by name or by the
 * type the browser claims. Shared by every upload that accepts documents or images.
 */
export type SniffedType = 'application/pdf' | 'image/png' | 'image/jpeg';
export type Sniffed = { mimeType: SniffedType; width?: number; height?: number };
export class UnacceptableFileError extends Error {
  /** How the client words the refusal (errors.detail.<key>). */
  readonly key: string;
  constructor(message: string, detail: { key: string }) {
    super(message);
    this.key = detail.key;
  }
}

/** A scan of a document has no business being larger than this; screenshots have their own limits. */
const DOCUMENT_IMAGE_LIMITS = { maxWidth: 16_384, maxHeight: 16_384, maxPixels: 100_000_000 };

/** PDF features that run code or carry other files: no reason for them in a diploma scan. */
const PDF_ACTIVE = ['/JavaScript', '/JS', '/Launch', '/EmbeddedFile', '/RichMedia', '/XFA'];

function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  const n = fs.readSync(fd, buf, 0, length, position);
  return buf.subarray(0, n);
}

function checkPdf(fd: number, size: number): Sniffed {
  const head = readAt(fd, 0, 16).toString('latin1');
  if (!/^%PDF-[12]\.\d/.test(head)) throw new UnacceptableFileError('PDF without a version header', { key: 'document.pdfDamaged' });
  const tail = readAt(fd, Math.max(0, size - 1024), Math.min(1024, size)).toString('latin1');
  if (!tail.includes('%%EOF') || !tail.includes('startxref')) throw new UnacceptableFileError('PDF is truncated (no trailer)', { key: 'document.pdfDamaged' });
  // Scan the whole file in chunks that overlap by the longest name, so none is split unseen.
  const chunk = 64 * 1024;
  const overlap = 16;
  for (let pos = 0; pos < size; pos += chunk - overlap) {
    const text = readAt(fd, pos, chunk).toString('latin1');
    const found = PDF_ACTIVE.find((name) => new RegExp(`${name.replace('/', '\\/')}(?![A-Za-z])`).test(text));
    if (found) throw new UnacceptableFileError(`PDF with active content (${found}) is not accepted`, { key: 'document.pdfActive' });
    if (pos + chunk >= size) break;
  }
  return { mimeType: 'application/pdf' };
}

/** The same structure checks as screenshots (images.ts): no trailing data, no truncation. */
function checkImage(fd: number, size: number): Sniffed {
  try {
    const { mimeType, width, height } = inspectImage(fileSource(fd, size), DOCUMENT_IMAGE_LIMITS);
    return { mimeType: mimeType as 'image/png' | 'image/jpeg', width, height };
  } catch (err) {
    if (err instanceof ImageCheckError) throw new UnacceptableFileError(err.message, { key: IMAGE_REFUSAL_DETAIL[err.reason].key });
    throw err;
  }
}

/** Identifies a stored file as PDF, PNG or JPEG, or throws UnacceptableFileError saying why not. */
export function sniffDocument(file: string): Sniffed {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    if (size === 0) throw new UnacceptableFileError('The file is empty', { key: 'document.empty' });
    const magic = readAt(fd, 0, 12);
    if (magic.toString('latin1', 0, 5) === '%PDF-') return checkPdf(fd, size);
    const image = sniffImageType(magic);
    if (image === 'image/png' || image === 'image/jpeg') return checkImage(fd, size);
    throw new UnacceptableFileError('Only PDF, PNG and JPEG files are accepted', { key: 'document.wrongType' });
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The second step for a document that sniffed as an image: every pixel must decode (a scan that
 * cannot be shown is no evidence of anything). PDFs are left as checked above.
 */
export async function assertDocumentDecodes(file: string, sniffed: Sniffed): Promise<void> {
  if (sniffed.mimeType === 'application/pdf') return;
  try {
    await assertDecodes(file, DOCUMENT_IMAGE_LIMITS.maxPixels);
  } catch (err) {
    if (err instanceof ImageDecodeError) throw new UnacceptableFileError(err.message, { key: 'document.undecodable' });
    throw err;
  }
}
