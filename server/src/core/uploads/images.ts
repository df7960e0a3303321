import fs from 'node:fs';

/**
 * Structure checks for raster images, by content only (never by name or declared type). Pure JS,
 * no decoder: the container is walked end to end so that a file is exactly one image — trailing
 * bytes (a ZIP or script glued after IEND/EOI, the classic polyglot) or a chunk running past the end
 * are refused. Works on any random-access source, so an uploaded file is checked on disk without
 * being read into memory whole.
 */

export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];
export type ImageInfo = { mimeType: ImageType; width: number; height: number };
export type ImageLimits = { maxWidth: number; maxHeight: number; maxPixels: number };

export type ImageRefusal = 'not-an-image' | 'malformed' | 'trailing-data' | 'hidden-data' | 'dimensions';

/** How the client words each refusal (errors.detail.<key>); the English message stays for the logs. */
export const IMAGE_REFUSAL_DETAIL = {
  'not-an-image': { key: 'image.notAnImage' },
  malformed: { key: 'image.malformed' },
  'trailing-data': { key: 'image.trailingData' },
  'hidden-data': { key: 'screenshotImage.hiddenData' },
  dimensions: { key: 'image.dimensions' },
} satisfies Record<ImageRefusal, { key: string }>;
export class ImageCheckError extends Error {
  constructor(
    readonly reason: ImageRefusal,
    message: string,
  ) {
    super(message);
  }
}

/** Random access to the bytes being checked; `read` may return fewer bytes at the end. */
export interface ByteSource {
  readonly size: number;
  read(offset: number, length: number): Buffer;
}

export function bufferSource(buf: Buffer): ByteSource {
  return { size: buf.length, read: (offset, length) => buf.subarray(offset, Math.min(buf.length, offset + length)) };
}

/** A file read through a 64 KiB window, so walking thousands of small chunks costs few system calls. */
export function fileSource(fd: number, size: number): ByteSource {
  const windowSize = 64 * 1024;
  const window = Buffer.alloc(windowSize);
  let start = -1;
  let filled = 0;
  return {
    size,
    read(offset, length) {
      if (length > windowSize) {
        const out = Buffer.alloc(Math.min(length, Math.max(0, size - offset)));
        const n = fs.readSync(fd, out, 0, out.length, offset);
        return out.subarray(0, n);
      }
      if (start < 0 || offset < start || offset + length > start + filled) {
        start = offset;
        filled = fs.readSync(fd, window, 0, windowSize, offset);
      }
      const from = offset - start;
      return Buffer.from(window.subarray(from, Math.min(filled, from + length)));
    },
  };
}

const malformed = (why: string) => new ImageCheckError('malformed', `The image is damaged or not a real image (${why})`);

function exact(src: ByteSource, offset: number, length: number, what: string): Buffer {
  const b = src.read(offset, length);
  if (b.length < length) throw malformed(`${what} runs past the end of the file`);
  return b;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Chunk types the PNG specification (3rd edition, with APNG and the registered extensions) defines. */
const PNG_KNOWN_CHUNKS = new Set(
  'IHDR PLTE IDAT IEND tRNS cHRM gAMA iCCP sBIT sRGB cICP mDCV cLLI mDCv cLLi tEXt zTXt iTXt bKGD hIST pHYs sPLT eXIf tIME acTL fcTL fdAT oFFs pCAL sCAL sTER gIFg gIFx'.split(' '),
);
/**
 * Tools leave a few bytes of their own chunks (ImageMagick's vpAg, Apple's iDOT); kilobytes in an
 * unregistered chunk are a file riding inside the image (a ZIP in a private chunk), not a screenshot.
 */
export const PNG_UNKNOWN_CHUNK_MAX = 1024;

export function sniffImageType(head: Buffer): ImageType | null {
  if (head.length >= 8 && head.subarray(0, 8).equals(PNG_SIGNATURE)) return 'image/png';
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (head.length >= 12 && head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return null;
}

function checkPng(src: ByteSource): { width: number; height: number } {
  let pos = 8;
  let dims: { width: number; height: number } | null = null;
  let sawData = false;
  for (;;) {
    const header = exact(src, pos, 8, 'a PNG chunk header');
    const length = header.readUInt32BE(0);
    const type = header.toString('latin1', 4, 8);
    if (!/^[A-Za-z]{4}$/.test(type)) throw malformed('invalid PNG chunk type');
    const end = pos + 12 + length;
    if (length > 0x7fffffff || end > src.size) throw malformed(`PNG chunk ${type} runs past the end of the file`);
    if (dims === null) {
      if (type !== 'IHDR' || length !== 13) throw malformed('PNG does not start with IHDR');
      const ihdr = exact(src, pos + 8, 13, 'IHDR');
      dims = { width: ihdr.readUInt32BE(0), height: ihdr.readUInt32BE(4) };
    } else if (type === 'IHDR') throw malformed('second IHDR');
    if (type === 'IDAT') sawData = true;
    if (!PNG_KNOWN_CHUNKS.has(type)) {
      // An unknown critical chunk (upper-case first letter) cannot be decoded by anyone.
      if (type.charCodeAt(0) < 0x61) throw malformed(`unknown critical PNG chunk ${type}`);
      if (length > PNG_UNKNOWN_CHUNK_MAX) throw new ImageCheckError('hidden-data', `The PNG carries ${length} bytes in an unregistered chunk (${type})`);
    }
    if (type === 'IEND') {
      if (!sawData) throw malformed('PNG without image data');
      if (end !== src.size) throw new ImageCheckError('trailing-data', 'The file carries extra data after the end of the PNG image');
      return dims;
    }
    pos = end;
  }
}

const isSof = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;

function checkJpeg(src: ByteSource): { width: number; height: number } {
  let pos = 2;
  let dims: { width: number; height: number } | null = null;
  for (;;) {
    let b = exact(src, pos, 2, 'a JPEG marker');
    if (b[0] !== 0xff) throw malformed('JPEG marker expected');
    // Fill bytes: any number of 0xFF before the marker code.
    while (b[1] === 0xff) {
      pos++;
      b = exact(src, pos, 2, 'a JPEG marker');
    }
    const marker = b[1]!;
    if (marker === 0xd9 || marker === 0xd8 || marker === 0x00) throw malformed('JPEG ends before its image data');
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      pos += 2;
      continue;
    }
    const length = exact(src, pos + 2, 2, 'a JPEG segment').readUInt16BE(0);
    if (length < 2 || pos + 2 + length > src.size) throw malformed('JPEG segment runs past the end of the file');
    if (isSof(marker)) {
      const sof = exact(src, pos + 4, 5, 'SOF');
      dims = { width: sof.readUInt16BE(3), height: sof.readUInt16BE(1) };
    }
    if (marker === 0xda) {
      if (!dims) throw malformed('JPEG scan before its frame header');
      // Entropy-coded data follows; the image must end exactly with EOI, nothing glued after it.
      const tail = exact(src, src.size - 2, 2, 'EOI');
      if (tail[0] !== 0xff || tail[1] !== 0xd9) throw new ImageCheckError('trailing-data', 'The file does not end where the JPEG image ends');
      if (src.size - 2 < pos + 2 + length) throw malformed('JPEG without scan data');
      return dims;
    }
    pos += 2 + length;
  }
}

function checkWebp(src: ByteSource): { width: number; height: number } {
  const riff = exact(src, 0, 12, 'RIFF header');
  const declared = riff.readUInt32LE(4) + 8;
  if (declared < src.size) throw new ImageCheckError('trailing-data', 'The file carries extra data after the end of the WebP image');
  if (declared > src.size) throw malformed('WebP is shorter than its header says');
  let pos = 12;
  let dims: { width: number; height: number } | null = null;
  let sawBitstream = false;
  while (pos < src.size) {
    const header = exact(src, pos, 8, 'a WebP chunk header');
    const fourcc = header.toString('latin1', 0, 4);
    const length = header.readUInt32LE(4);
    const end = pos + 8 + length + (length % 2);
    if (end > src.size) throw malformed(`WebP chunk ${JSON.stringify(fourcc)} runs past the end of the file`);
    const first = pos === 12;
    if (fourcc === 'VP8 ') {
      const d = exact(src, pos + 8, 10, 'VP8 header');
      if (d[3] !== 0x9d || d[4] !== 0x01 || d[5] !== 0x2a) throw malformed('VP8 start code');
      if (first) dims = { width: d.readUInt16LE(6) & 0x3fff, height: d.readUInt16LE(8) & 0x3fff };
      sawBitstream = true;
    } else if (fourcc === 'VP8L') {
      const d = exact(src, pos + 8, 5, 'VP8L header');
      if (d[0] !== 0x2f) throw malformed('VP8L signature');
      const bits = d.readUInt32LE(1);
      if (first) dims = { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
      sawBitstream = true;
    } else if (fourcc === 'VP8X') {
      if (!first) throw malformed('VP8X must come first');
      const d = exact(src, pos + 8, 10, 'VP8X header');
      dims = { width: d.readUIntLE(4, 3) + 1, height: d.readUIntLE(7, 3) + 1 };
    } else if (fourcc === 'ANMF') {
      sawBitstream = true;
    } else if (first) {
      throw malformed('WebP without a VP8, VP8L or VP8X chunk');
    }
    pos = end;
  }
  if (!dims || !sawBitstream) throw malformed('WebP without image data');
  return dims;
}

/** The image's real type and dimensions, or an ImageCheckError saying why it is refused. */
export function inspectImage(src: ByteSource, limits: ImageLimits): ImageInfo {
  const mimeType = sniffImageType(src.read(0, 12));
  if (!mimeType) throw new ImageCheckError('not-an-image', 'Only PNG, JPEG or WebP images are accepted');
  const dims = mimeType === 'image/png' ? checkPng(src) : mimeType === 'image/jpeg' ? checkJpeg(src) : checkWebp(src);
  if (dims.width < 1 || dims.height < 1) throw malformed('zero width or height');
  if (dims.width > limits.maxWidth || dims.height > limits.maxHeight || dims.width * dims.height > limits.maxPixels) {
    throw new ImageCheckError(
      'dimensions',
      `The image is ${dims.width}×${dims.height}; at most ${limits.maxWidth}×${limits.maxHeight} and ${Math.round(limits.maxPixels / 1e6)} megapixels are accepted`,
    );
  }
  return { mimeType, ...dims };
}

/** Checks a file on disk by walking it in place. */
export function inspectImageFile(file: string, limits: ImageLimits): ImageInfo {
  const fd = fs.openSync(file, 'r');
  try {
    return inspectImage(fileSource(fd, fs.fstatSync(fd).size), limits);
  } finally {
    fs.closeSync(fd);
  }
}
