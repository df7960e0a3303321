import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export class UploadTooLargeError extends Error {}

/**
 * Streams an upload to a temporary file beside its final home, hashing and counting on the way,
 * so a large file never sits in memory and an oversized one is cut off at the limit.
 */
export async function streamToTempFile(source: Readable, dir: string, maxBytes: number): Promise<{ tmpPath: string; sha256: string; bytes: number }> {
  fs.mkdirSync(dir, { recursive: true });
  const tmpPath = path.join(dir, `.upload-${randomBytes(8).toString('hex')}`);
  const hash = createHash('sha256');
  let bytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      if (bytes > maxBytes) return done(new UploadTooLargeError(`The file is larger than ${maxBytes} bytes`));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(source, meter, fs.createWriteStream(tmpPath, { flags: 'wx' }));
  } catch (err) {
    fs.rmSync(tmpPath, { force: true });
    throw err;
  }
  return { tmpPath, sha256: hash.digest('hex'), bytes };
}

/** Moves a checked temp file to <dir>/<sha[0..2]>/<sha>; identical content is stored once. */
export function commitContentAddressed(tmpPath: string, dir: string, sha256: string): string {
  const target = path.join(dir, sha256.slice(0, 2), sha256);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  if (fs.existsSync(target)) fs.rmSync(tmpPath, { force: true });
  else fs.renameSync(tmpPath, target);
  return target;
}

export const contentPath = (dir: string, sha256: string) => path.join(dir, sha256.slice(0, 2), sha256);

/** SHA-256 of a file on disk, read as a stream. */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(fs.createReadStream(file), hash);
  return hash.digest('hex');
}
