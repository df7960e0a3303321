import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export class UploadTooLargeError extends Error {}

const SHA256 = /^[0-9a-f]{64}$/;
/** Temp files older than this at start-up were cut off by a crash; younger ones may be another node's upload in flight. */
const STALE_TEMP_MS = 3600_000;

/**
 * Files stored by content (evidence screenshots, application documents, photos): the name is the
 * SHA-256 of the bytes, written to a temp file and then renamed. So two writers of the same
 * content at once (two nodes on one shared volume, docs/cluster.md §7) both succeed and leave one
 * file, and nothing is ever overwritten with different content. A client's file name never
 * reaches the file system.
 */
export interface FileStore {
  /** Stores bytes under their hash, which must be theirs. */
  put(sha256: string, bytes: Uint8Array): Promise<void>;
  /** Streams an upload to a temp file in the store, hashing and counting; past `maxBytes` it is cut off and removed. */
  receive(source: Readable, maxBytes?: number): Promise<{ tmpPath: string; sha256: string; bytes: number }>;
  /** A fresh temp path in the store, for a file the server writes itself; then `commit` or `discard` it. */
  tempPath(): string;
  /** Makes a checked temp file durable under its content address, or drops it if that content is already there. */
  commit(tmpPath: string, sha256: string): void;
  discard(tmpPath: string): void;
  has(sha256: string): boolean;
  open(sha256: string): Readable;
  remove(sha256: string): void;
  /** Where the file is on this machine's disk (a local folder or a volume mounted at the same path on every node). */
  pathOf(sha256: string): string;
}

/** `<root>/<sha256[0..2]>/<sha256>`, temp files in `<root>/tmp`. */
export function createLocalFileStore(root: string): FileStore {
  const tmpDir = path.join(root, 'tmp');
  // Uploads cut off by a crash left only a temp file: no row points at it.
  for (const name of fs.existsSync(tmpDir) ? fs.readdirSync(tmpDir) : []) {
    const file = path.join(tmpDir, name);
    if (name.endsWith('.part') && Date.now() - fs.statSync(file).mtimeMs > STALE_TEMP_MS) fs.rmSync(file, { force: true });
  }

  const pathOf = (sha256: string) => {
    if (!SHA256.test(sha256)) throw new Error('not a sha256');
    return path.join(root, sha256.slice(0, 2), sha256);
  };
  // The folders appear with the first file, not at start-up: a server that never stores one has none.
  let tmpReady = false;
  const tempPath = () => {
    if (!tmpReady) fs.mkdirSync(tmpDir, { recursive: true });
    tmpReady = true;
    return path.join(tmpDir, `${randomUUID()}.part`);
  };
  const discard = (tmpPath: string) => fs.rmSync(tmpPath, { force: true });

  function commit(tmpPath: string, sha256: string): void {
    const final = pathOf(sha256);
    fsyncPath(tmpPath, 'r+');
    const dir = path.dirname(final);
    fs.mkdirSync(dir, { recursive: true });
    if (fs.existsSync(final)) return discard(tmpPath);
    // Another writer may rename the same content in between: a rename replaces atomically, and the content is the same.
    fs.renameSync(tmpPath, final);
    // The rename itself must survive a crash before the row that points at it is committed.
    fsyncPath(dir, 'r');
  }

  return {
    pathOf,
    tempPath,
    discard,
    commit,

    async put(sha256, bytes) {
      if (createHash('sha256').update(bytes).digest('hex') !== sha256) throw new Error('the bytes do not have this sha256');
      if (fs.existsSync(pathOf(sha256))) return;
      const tmpPath = tempPath();
      try {
        await fs.promises.writeFile(tmpPath, bytes, { flag: 'wx' });
        commit(tmpPath, sha256);
      } catch (err) {
        discard(tmpPath);
        throw err;
      }
    },

    async receive(source, maxBytes = Infinity) {
      const tmpPath = tempPath();
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
        discard(tmpPath);
        throw err;
      }
      return { tmpPath, sha256: hash.digest('hex'), bytes };
    },

    has: (sha256) => fs.existsSync(pathOf(sha256)),
    open: (sha256) => fs.createReadStream(pathOf(sha256)),
    remove: (sha256) => fs.rmSync(pathOf(sha256), { force: true }),
  };
}

function fsyncPath(file: string, flags: 'r' | 'r+'): void {
  const fd = fs.openSync(file, flags);
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
