import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { assertDecodes, assertDocumentDecodes, ImageDecodeError, UnacceptableFileError, writeCleanCopy } from '../../../server/src/core/uploads/index.ts';
import { ImageCheckError, inspectImage, bufferSource, PNG_UNKNOWN_CHUNK_MAX } from '../../../server/src/core/uploads/images.ts';
import { JPEG_2X3, PNG_1X1 } from '../../helpers/documents.ts';
import { png, realJpeg, realWebp, withBadCrc, withChunk, withIdat } from '../../helpers/images.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaochang-decode-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let n = 0;
function file(content: Buffer): string {
  const p = path.join(dir, `f${n++}`);
  fs.writeFileSync(p, content);
  return p;
}
const LIMITS = { maxWidth: 4096, maxHeight: 4096, maxPixels: 4_000_000 };

describe('full decoding of uploaded images', () => {
  it('decodes sound PNG, JPEG and WebP', async () => {
    for (const image of [png(10, 10), await realJpeg(), await realWebp()]) await expect(assertDecodes(file(image), LIMITS.maxPixels)).resolves.toBeUndefined();
  });

  it('refuses a sound container whose pixel data does not decode', async () => {
    const good = png(20, 20, 3);
    for (const bad of [withBadCrc(good), withIdat(good, Buffer.from('plain text, not zlib'))]) {
      // The structure walk passes: only decoding finds these.
      expect(inspectImage(bufferSource(bad), LIMITS)).toMatchObject({ mimeType: 'image/png' });
      await expect(assertDecodes(file(bad), LIMITS.maxPixels)).rejects.toThrow(ImageDecodeError);
    }
  });

  it('refuses more pixels than the limit even when decoding would work', async () => {
    await expect(assertDecodes(file(png(100, 100)), 5_000)).rejects.toThrow(ImageDecodeError);
  });

  it('refuses kilobytes in an unregistered PNG chunk, lets tools keep a few bytes', () => {
    const zip = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(PNG_UNKNOWN_CHUNK_MAX, 2)]);
    const check = (b: Buffer) => () => inspectImage(bufferSource(b), LIMITS);
    expect(check(withChunk(png(), 'zpKg', zip))).toThrow(ImageCheckError);
    expect(check(withChunk(png(), 'zpKg', zip))).toThrow(/unregistered chunk/);
    expect(check(withChunk(png(), 'vpAg', Buffer.alloc(9)))).not.toThrow();
    // A big registered chunk is fine: it is dropped from the clean copy anyway.
    expect(check(withChunk(png(), 'iTXt', Buffer.alloc(5000, 0x41)))).not.toThrow();
    // An unknown critical chunk cannot be decoded by anyone.
    expect(check(withChunk(png(), 'ZZZZ', Buffer.alloc(4)))).toThrow(/critical/);
  });

  it('writes a clean copy: same pixels, no text chunk, no EXIF, orientation applied', async () => {
    const tagged = withChunk(png(12, 8, 1), 'tEXt', Buffer.from('Comment\0T0001', 'latin1'));
    const out = path.join(dir, 'clean.png');
    const clean = await writeCleanCopy(file(tagged), 'image/png', out, LIMITS.maxPixels);
    const written = fs.readFileSync(out);
    expect(clean).toEqual({ mimeType: 'image/png', width: 12, height: 8, bytes: written.length });
    expect(written.includes(Buffer.from('T0001'))).toBe(false);
    expect(await sharp(written).raw().toBuffer()).toEqual(await sharp(png(12, 8, 1)).raw().toBuffer());

    // EXIF orientation 6 (rotate 90°): stored upright, without the EXIF that said so.
    const rotated = await sharp({ create: { width: 30, height: 10, channels: 3, background: '#000' } }).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const outJpeg = path.join(dir, 'clean.jpg');
    const cleanJpeg = await writeCleanCopy(file(rotated), 'image/jpeg', outJpeg, LIMITS.maxPixels);
    expect(cleanJpeg).toMatchObject({ mimeType: 'image/jpeg', width: 10, height: 30 });
    expect((await sharp(outJpeg).metadata()).orientation).toBeUndefined();
  });

  it('checks images among application documents the same way; PDFs are left alone', async () => {
    await expect(assertDocumentDecodes(file(PNG_1X1), { mimeType: 'image/png' })).resolves.toBeUndefined();
    await expect(assertDocumentDecodes(file(JPEG_2X3), { mimeType: 'image/jpeg' })).resolves.toBeUndefined();
    await expect(assertDocumentDecodes(file(Buffer.from('%PDF-1.4 whatever')), { mimeType: 'application/pdf' })).resolves.toBeUndefined();
    const refusal = assertDocumentDecodes(file(withBadCrc(png(8, 8))), { mimeType: 'image/png' });
    await expect(refusal).rejects.toThrow(UnacceptableFileError);
    await expect(refusal).rejects.toMatchObject({ key: 'document.undecodable' });
  });
});
