import sharp from 'sharp';
import type { ImageType } from './images.ts';

/**
 * Full decoding of uploaded images with sharp (libvips): a file whose structure looks right can
 * still carry pixel data no viewer can show (plain text in IDAT, a bad CRC). Every pixel is decoded
 * before anything is acknowledged. libvips runs on libuv's thread pool, so a large image does not
 * hold the event loop while it decodes.
 */

export class ImageDecodeError extends Error {}

/** Warnings (an sRGB profile libpng dislikes) are common in real screenshots; errors are not. */
const inputOptions = (maxPixels: number) => ({ limitInputPixels: maxPixels, failOn: 'error' as const, sequentialRead: true });

function refused(err: unknown): ImageDecodeError {
  const detail = err instanceof Error ? err.message.split('\n')[0] : String(err);
  return new ImageDecodeError(`The image could not be decoded (${detail})`);
}

/** Decodes every pixel without keeping them: the check for documents, which are stored as sent. */
export async function assertDecodes(file: string, maxPixels: number): Promise<void> {
  try {
    await sharp(file, inputOptions(maxPixels)).stats();
  } catch (err) {
    throw refused(err);
  }
}

export type CleanImage = { mimeType: ImageType; width: number; height: number; bytes: number };

/**
 * Decodes `file` fully and writes a fresh encoding of its pixels to `out`: no text chunks, no EXIF,
 * no ICC profile, nothing riding along. EXIF orientation is applied first so the picture stays
 * upright without it. PNG and WebP become PNG (lossless: screenshots keep every pixel), JPEG
 * stays JPEG at high quality with full chroma so text in it stays sharp.
 */
export async function writeCleanCopy(file: string, mimeType: ImageType, out: string, maxPixels: number): Promise<CleanImage> {
  try {
    const pipeline = sharp(file, inputOptions(maxPixels)).rotate();
    const encoded = mimeType === 'image/jpeg' ? pipeline.jpeg({ quality: 92, chromaSubsampling: '4:4:4', mozjpeg: true }) : pipeline.png({ compressionLevel: 6 });
    const info = await encoded.toFile(out);
    return { mimeType: mimeType === 'image/jpeg' ? 'image/jpeg' : 'image/png', width: info.width, height: info.height, bytes: info.size };
  } catch (err) {
    throw refused(err);
  }
}
