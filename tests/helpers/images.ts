import zlib from 'node:zlib';

/** Small, structurally real images built in memory for the upload tests. */

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A decodable RGB PNG; `seed` changes the pixels so two images get two hashes. */
export function png(width = 4, height = 3, seed = 0): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const rows = Buffer.alloc(height * (1 + width * 3));
  for (let y = 0; y < height; y++) for (let x = 0; x < width * 3; x++) rows[y * (1 + width * 3) + 1 + x] = (x + y + seed) & 0xff;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

/** A PNG header claiming huge dimensions (the checker reads them without decoding). */
export function pngClaiming(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(Buffer.alloc(10))), chunk('IEND', Buffer.alloc(0))]);
}

const seg = (marker: number, data: Buffer) => {
  const h = Buffer.from([0xff, marker, 0, 0]);
  h.writeUInt16BE(data.length + 2, 2);
  return Buffer.concat([h, data]);
};

/** A baseline JPEG's container: SOI, APP0, SOF0 with the dimensions, SOS, scan bytes, EOI. */
export function jpeg(width = 8, height = 6): Buffer {
  const sof = Buffer.from([8, 0, 0, 0, 0, 1, 1, 0x11, 0]);
  sof.writeUInt16BE(height, 1);
  sof.writeUInt16BE(width, 3);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    seg(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1')),
    seg(0xc0, sof),
    seg(0xda, Buffer.from([1, 1, 0, 0, 0x3f, 0])),
    Buffer.from([0x12, 0x34, 0xff, 0x00, 0x56]),
    Buffer.from([0xff, 0xd9]),
  ]);
}

/** A lossless WebP container (VP8L) of the given size. */
export function webp(width = 5, height = 7): Buffer {
  const vp8l = Buffer.alloc(6);
  vp8l[0] = 0x2f;
  vp8l.writeUInt32LE(((width - 1) & 0x3fff) | (((height - 1) & 0x3fff) << 14), 1);
  const head = Buffer.from('VP8L\0\0\0\0', 'latin1');
  head.writeUInt32LE(vp8l.length, 4);
  const body = Buffer.concat([Buffer.from('WEBP', 'latin1'), head, vp8l]);
  const riff = Buffer.from('RIFF\0\0\0\0', 'latin1');
  riff.writeUInt32LE(body.length, 4);
  return Buffer.concat([riff, body]);
}

/** GIF89a header: a real image type that is not accepted. */
export const gif = () => Buffer.from('474946383961010001000000002c00000000010001000002003b', 'hex');

/** Real, decodable images of the other accepted types, encoded by sharp. */
export async function realJpeg(width = 8, height = 6, exif?: Record<string, Record<string, string>>): Promise<Buffer> {
  const { default: sharp } = await import('sharp');
  const image = sharp({ create: { width, height, channels: 3, background: '#2f9e44' } }).jpeg({ quality: 90 });
  return (exif ? image.withExif(exif) : image).toBuffer();
}
export async function realWebp(width = 9, height = 9): Promise<Buffer> {
  const { default: sharp } = await import('sharp');
  return sharp({ create: { width, height, channels: 3, background: '#1971c2' } }).webp({ lossless: true }).toBuffer();
}

/** A copy of a PNG with an extra chunk inserted before its image data. */
export function withChunk(source: Buffer, type: string, data: Buffer): Buffer {
  const ihdrEnd = 8 + 12 + source.readUInt32BE(8);
  return Buffer.concat([source.subarray(0, ihdrEnd), chunk(type, data), source.subarray(ihdrEnd)]);
}

/** The PNG's IDAT replaced by other bytes (with a correct CRC): a sound container around undecodable data. */
export function withIdat(source: Buffer, data: Buffer): Buffer {
  const ihdrEnd = 8 + 12 + source.readUInt32BE(8);
  const idatLength = source.readUInt32BE(ihdrEnd);
  return Buffer.concat([source.subarray(0, ihdrEnd), chunk('IDAT', data), source.subarray(ihdrEnd + 12 + idatLength)]);
}

/** The PNG with one bit of its IDAT's CRC flipped. */
export function withBadCrc(source: Buffer): Buffer {
  const out = Buffer.from(source);
  const ihdrEnd = 8 + 12 + source.readUInt32BE(8);
  out[ihdrEnd + 8 + source.readUInt32BE(ihdrEnd) + 3]! ^= 1;
  return out;
}
