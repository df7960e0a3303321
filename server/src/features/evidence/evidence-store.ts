import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Content-addressed evidence files: <dataDir>/evidence/<sha256[0..2]>/<sha256>. The grading
 * feature reads the same layout. A client's file name never reaches the file system: the temp
 * name is random and the final name is the hash.
 */
export function createEvidenceStore(dataDir: string) {
  const root = path.join(dataDir, 'evidence');
  const tmpDir = path.join(root, 'tmp');
  fs.mkdirSync(tmpDir, { recursive: true });
  // Uploads cut off by a crash or restart left only a temp file: no row points at it.
  for (const name of fs.readdirSync(tmpDir)) if (name.endsWith('.part')) fs.rmSync(path.join(tmpDir, name), { force: true });

  const pathOf = (sha256: string) => {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('not a sha256');
    return path.join(root, sha256.slice(0, 2), sha256);
  };

  return {
    pathOf,

    /** Streams to a temp file while hashing and counting; nothing is held in memory beyond a chunk. */
    async receive(stream: Readable): Promise<{ tmpPath: string; sha256: string; bytes: number }> {
      const tmpPath = path.join(tmpDir, `${crypto.randomUUID()}.part`);
      const hash = crypto.createHash('sha256');
      let bytes = 0;
      const tap = new Transform({
        transform(chunk: Buffer, _enc, done) {
          hash.update(chunk);
          bytes += chunk.length;
          done(null, chunk);
        },
      });
      try {
        await pipeline(stream, tap, fs.createWriteStream(tmpPath, { flags: 'wx' }));
      } catch (err) {
        fs.rmSync(tmpPath, { force: true });
        throw err;
      }
      return { tmpPath, sha256: hash.digest('hex'), bytes };
    },

    /** fsyncs the temp file, then moves it to its content address (or drops it if that content is already there). */
    commit(tmpPath: string, sha256: string): void {
      const final = pathOf(sha256);
      const fd = fs.openSync(tmpPath, 'r+');
      try {
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      const dir = path.dirname(final);
      fs.mkdirSync(dir, { recursive: true });
      if (fs.existsSync(final)) {
        fs.rmSync(tmpPath, { force: true });
        return;
      }
      fs.renameSync(tmpPath, final);
      // The rename itself must survive a crash before the row that points at it is committed.
      const dfd = fs.openSync(dir, 'r');
      try {
        fs.fsyncSync(dfd);
      } finally {
        fs.closeSync(dfd);
      }
    },

    /** A fresh temp path beside the store, for a file the server writes itself (a clean re-encoding). */
    tempPath(): string {
      return path.join(tmpDir, `${crypto.randomUUID()}.part`);
    },

    discard(tmpPath: string): void {
      fs.rmSync(tmpPath, { force: true });
    },

    exists(sha256: string): boolean {
      return fs.existsSync(pathOf(sha256));
    },
  };
}
export type EvidenceStore = ReturnType<typeof createEvidenceStore>;
