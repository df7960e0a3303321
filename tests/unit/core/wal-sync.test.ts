import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { afterEach, expect, it } from 'vitest';
import { openSqliteStore } from '../../../server/src/core/db/sqlite-store.ts';
import type { Store } from '../../../server/src/core/db/store.ts';
import { createWalSync, type Fdatasync } from '../../../server/src/core/db/wal-sync.ts';

/**
 * SQLite commits without fsync and has its log synced on the thread pool (core/db/wal-sync.ts):
 * nothing is reported committed before a sync that began after its COMMIT returned.
 */
const dirs: string[] = [];
const stores: Store[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** An fdatasync that waits until told: `pending` syncs started and not finished yet. */
function heldSync() {
  const pending: { fd: number; done: (err: NodeJS.ErrnoException | null) => void }[] = [];
  const fdatasync: Fdatasync = (fd, done) => void pending.push({ fd, done });
  return { fdatasync, pending, finish: (err: NodeJS.ErrnoException | null = null) => pending.shift()!.done(err) };
}
const settled = async (p: Promise<unknown>) => {
  let state = 'pending';
  p.then(() => (state = 'resolved'), () => (state = 'rejected'));
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  return state;
};
function tempFile() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-wal-'));
  dirs.push(dir);
  return path.join(dir, 'db.sqlite');
}

it('runs one sync at a time: callers during a sync share the next one, which begins after it', async () => {
  const file = tempFile();
  fs.writeFileSync(`${file}-wal`, '');
  const held = heldSync();
  const wal = createWalSync(`${file}-wal`, held.fdatasync);
  const first = wal.durable();
  const [second, third] = [wal.durable(), wal.durable()];
  expect(held.pending).toHaveLength(1);
  held.finish();
  expect(await settled(first)).toBe('resolved');
  expect(await settled(second)).toBe('pending');
  expect(held.pending).toHaveLength(1);
  held.finish();
  expect([await settled(second), await settled(third)]).toEqual(['resolved', 'resolved']);
  await wal.close();
});

it('reports a transaction and a write outside one only after the log is synced; a failed sync fails the writes', async () => {
  const file = tempFile();
  const held = heldSync();
  const store = openSqliteStore(file, { fdatasync: held.fdatasync });
  stores.push(store);
  const witness = new Database(file, { readonly: true });
  expect(witness.pragma('journal_mode', { simple: true })).toBe('wal');
  const created = store.db.execute(sql`create table t (id integer primary key, v text)`);
  while ((await settled(created)) === 'pending') if (held.pending.length > 0) held.finish();
  const tx = store.db.transaction(async (t) => t.execute(sql`insert into t (v) values ('tx')`));
  expect(await settled(tx)).toBe('pending');
  // Committed already (another connection reads it), but not reported before the sync.
  expect(witness.prepare('select v from t').all()).toEqual([{ v: 'tx' }]);
  witness.close();
  held.finish();
  expect(await settled(tx)).toBe('resolved');

  const outside = store.db.execute(sql`insert into t (v) values ('root')`);
  expect(await settled(outside)).toBe('pending');
  held.finish();
  expect(await settled(outside)).toBe('resolved');
  // A read waits for nothing.
  expect(await settled(store.db.execute(sql`select count(*) from t`))).toBe('resolved');

  const failing = store.db.transaction(async (t) => t.execute(sql`insert into t (v) values ('lost?')`));
  await settled(failing);
  held.finish(Object.assign(new Error('EIO'), { code: 'EIO' }));
  expect(await settled(failing)).toBe('rejected');
  await failing.catch(() => undefined);
});

it('leaves 1,500 pages in the log: no checkpoint (on the event loop, inside a COMMIT) before 10,000', async () => {
  const file = tempFile();
  const store = openSqliteStore(file);
  stores.push(store);
  await store.db.execute(sql`create table big (id integer primary key, v blob)`);
  await store.db.transaction(async (t) => t.execute(sql`insert into big (v) with recursive n(i) as (select 1 union all select i + 1 from n where i < 1500) select randomblob(4000) from n`));
  // One more commit past the default threshold (1,000 pages) would have copied the log into the file.
  await store.db.transaction(async (t) => t.execute(sql`insert into big (v) values (1)`));
  expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(1500 * 4096);
  expect(fs.statSync(file).size).toBeLessThan(1024 * 1024);
});
