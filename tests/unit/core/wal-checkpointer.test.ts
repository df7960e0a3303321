import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { afterEach, expect, it } from 'vitest';
import { openSqliteStore } from '../../../server/src/core/db/sqlite-store.ts';
import { createWalCheckpointer } from '../../../server/src/core/db/wal-checkpointer.ts';

/**
 * SQLite's checkpoints on a worker's connection (issue #19, the deadline storm): the event loop's
 * COMMIT no longer copies the log into the database, the worker does, and nothing committed is lost.
 */
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function openWal() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-checkpointer-'));
  dirs.push(dir);
  const file = path.join(dir, 'db.sqlite');
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.exec('create table t (id integer primary key, body text not null)');
  return { sqlite, file, wal: `${file}-wal` };
}

/** Rows of 8 KB, one transaction: past SQLite's 1,000 pages, where its own checkpoint would run inside COMMIT. */
function write(sqlite: Database.Database, rows: number) {
  const insert = sqlite.prepare('insert into t (body) values (?)');
  sqlite.transaction(() => {
    for (let i = 0; i < rows; i++) insert.run('x'.repeat(8192));
  })();
}

it('takes the checkpoint off the connection: COMMIT leaves the log to the worker, which copies it, and every row stays', async () => {
  const { sqlite, file, wal } = openWal();
  const checkpointer = createWalCheckpointer(sqlite, wal);
  expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
  write(sqlite, 1000);
  // SQLite's own checkpoint would have run in that COMMIT and grown the database file by the 8 MB.
  expect(fs.statSync(file).size).toBeLessThan(1024 * 1024);
  checkpointer.committed();
  expect(checkpointer.started).toBe(true);
  await checkpointer.copied();
  expect(fs.statSync(file).size).toBeGreaterThan(8 * 1000 * 1024);
  await checkpointer.close();
  sqlite.close();
  const reopened = new Database(file, { readonly: true });
  expect(reopened.prepare('select count(*) as n from t').get()).toEqual({ n: 1000 });
  reopened.close();
});

it('starts no worker for a store that writes little', async () => {
  const { sqlite, wal } = openWal();
  const checkpointer = createWalCheckpointer(sqlite, wal);
  write(sqlite, 10);
  checkpointer.committed();
  expect(checkpointer.started).toBe(false);
  await checkpointer.close();
  sqlite.close();
});

it('is started by writes outside transactions too: a store that makes none still has its log copied', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-checkpointer-'));
  dirs.push(dir);
  const file = path.join(dir, 'db.sqlite');
  const store = openSqliteStore(file);
  try {
    await store.db.execute(sql`create table big (body text not null)`);
    const before = fs.statSync(file).size;
    // 8 MB in 8 KB rows, each its own autocommit: past the log size at which the worker starts.
    for (let i = 0; i < 1000; i++) await store.db.execute(sql`insert into big (body) values (${'x'.repeat(8192)})`);
    // SQLite's own checkpoint is off: the database file grows only when the worker copies the log.
    for (let i = 0; i < 200 && fs.statSync(file).size < before + 8 * 1000 * 1024; i++) await new Promise((r) => setTimeout(r, 50));
    expect(fs.statSync(file).size).toBeGreaterThan(before + 8 * 1000 * 1024);
  } finally {
    await store.close();
  }
});
