import { describe, expect, it } from 'vitest';
import { bufferSource, ImageCheckError, inspectImage, type ImageRefusal } from '../../../server/src/core/uploads/images.ts';
import { gif, jpeg, png, pngClaiming, webp } from '../../helpers/images.ts';

const limits = { maxWidth: 16384, maxHeight: 16384, maxPixels: 40_000_000 };
const inspect = (b: Buffer) => inspectImage(bufferSource(b), limits);
function refusal(b: Buffer): ImageRefusal | 'accepted' {
  try {
    inspect(b);
    return 'accepted';
  } catch (err) {
    if (err instanceof ImageCheckError) return err.reason;
    throw err;
  }
}

describe('inspectImage', () => {
  it('reads type and dimensions of PNG, JPEG and WebP from their content', () => {
    expect(inspect(png(4, 3))).toEqual({ mimeType: 'image/png', width: 4, height: 3 });
    expect(inspect(jpeg(640, 480))).toEqual({ mimeType: 'image/jpeg', width: 640, height: 480 });
    expect(inspect(webp(5, 7))).toEqual({ mimeType: 'image/webp', width: 5, height: 7 });
  });

  it('refuses other types and non-images', () => {
    expect(refusal(gif())).toBe('not-an-image');
    expect(refusal(Buffer.from('#!/bin/sh\nrm -rf /\n'))).toBe('not-an-image');
    expect(refusal(Buffer.alloc(0))).toBe('not-an-image');
    expect(refusal(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBe('not-an-image');
  });

  it('refuses polyglots: bytes after the end of the image', () => {
    const zip = Buffer.from('PK\x03\x04 payload', 'latin1');
    expect(refusal(Buffer.concat([png(), zip]))).toBe('trailing-data');
    expect(refusal(Buffer.concat([jpeg(), zip]))).toBe('trailing-data');
    const w = Buffer.concat([webp(), Buffer.from('<script>', 'latin1')]);
    expect(refusal(w)).toBe('trailing-data');
  });

  it('refuses truncated or damaged containers', () => {
    const p = png();
    expect(refusal(p.subarray(0, p.length - 12))).toBe('malformed');
    expect(refusal(p.subarray(0, 20))).toBe('malformed');
    const j = jpeg();
    expect(refusal(Buffer.concat([j.subarray(0, 2), Buffer.from([0xff, 0xd9])]))).toBe('malformed');
    const w = webp();
    expect(refusal(w.subarray(0, w.length - 2))).toBe('malformed');
    // IHDR not first
    const noHeader = Buffer.concat([p.subarray(0, 8), p.subarray(33)]);
    expect(refusal(noHeader)).toBe('malformed');
  });

  it('refuses dimensions beyond the limits, each side and in total', () => {
    expect(refusal(pngClaiming(20000, 10))).toBe('dimensions');
    expect(refusal(pngClaiming(10000, 10000))).toBe('dimensions');
    expect(refusal(pngClaiming(0, 10))).toBe('malformed');
    expect(refusal(pngClaiming(16384, 2000))).toBe('accepted');
  });
});
