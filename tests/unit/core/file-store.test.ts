import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalFileStore, UploadTooLargeError, type FileStore } from '../../../server/src/core/file-store.ts';
import { PNG_1X1 } from '../../helpers/documents.ts';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
/** Every file under the store, temp files included, relative to its root. */
const filesIn = (root: string) => (fs.readdirSync(root, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(root, f)).isFile()).sort();

describe('local file store', () => {
  let root: string;
  let store: FileStore;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'kaochang-files-'));
    store = createLocalFileStore(root);
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('keeps content under <sha256[0..2]>/<sha256>, as the evidence and document folders always have', async () => {
    const hash = sha(PNG_1X1);
    await store.put(hash, PNG_1X1);
    expect(store.pathOf(hash)).toBe(path.join(root, hash.slice(0, 2), hash));
    expect(store.has(hash)).toBe(true);
    const read: Buffer[] = [];
    for await (const chunk of store.open(hash)) read.push(chunk as Buffer);
    expect(Buffer.concat(read).equals(PNG_1X1)).toBe(true);
    store.remove(hash);
    expect(store.has(hash)).toBe(false);
  });

  it('lets two writers of the same content succeed at once, leaving one file and no temp file', async () => {
    const bytes = Buffer.alloc(4 * 1024 * 1024, 7);
    const hash = sha(bytes);
    // Two stores on one folder: two nodes on one shared volume.
    const other = createLocalFileStore(root);
    await expect(Promise.all([store.put(hash, bytes), other.put(hash, bytes), store.put(hash, bytes)])).resolves.toHaveLength(3);
    const received = await Promise.all([other.receive(Readable.from([bytes])), store.receive(Readable.from([bytes]))]);
    for (const r of received) store.commit(r.tmpPath, r.sha256);
    expect(filesIn(root)).toEqual([path.join(hash.slice(0, 2), hash)]);
    expect(fs.readFileSync(store.pathOf(hash)).equals(bytes)).toBe(true);
  });

  it('refuses bytes under a hash that is not theirs, writing nothing', async () => {
    await expect(store.put(sha(Buffer.from('other')), PNG_1X1)).rejects.toThrow(/sha256/);
    expect(filesIn(root)).toEqual([]);
    expect(() => store.pathOf('../../etc/passwd')).toThrow(/sha256/);
  });

  it('hashes and counts an upload while streaming, then stores it once', async () => {
    const a = await store.receive(Readable.from([PNG_1X1.subarray(0, 10), PNG_1X1.subarray(10)]), 1000);
    expect(a).toMatchObject({ sha256: sha(PNG_1X1), bytes: PNG_1X1.length });
    store.commit(a.tmpPath, a.sha256);
    const b = await store.receive(Readable.from([PNG_1X1]), 1000);
    store.commit(b.tmpPath, b.sha256);
    expect(fs.existsSync(b.tmpPath)).toBe(false);
    expect(fs.readFileSync(store.pathOf(a.sha256)).equals(PNG_1X1)).toBe(true);
  });

  it('cuts an oversized upload off at the limit and leaves nothing behind', async () => {
    await expect(store.receive(Readable.from([Buffer.alloc(600), Buffer.alloc(600)]), 1000)).rejects.toThrow(UploadTooLargeError);
    expect(filesIn(root)).toEqual([]);
  });

  it("clears temp files a crash left long ago, not another node's upload in flight", () => {
    const stale = path.join(root, 'tmp', 'crashed.part');
    const fresh = path.join(root, 'tmp', 'in-flight.part');
    fs.mkdirSync(path.dirname(stale));
    fs.writeFileSync(stale, 'x');
    fs.writeFileSync(fresh, 'y');
    const longAgo = new Date(Date.now() - 2 * 3600_000);
    fs.utimesSync(stale, longAgo, longAgo);
    createLocalFileStore(root);
    expect(filesIn(root)).toEqual([path.join('tmp', 'in-flight.part')]);
  });
});
