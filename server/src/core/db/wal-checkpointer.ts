import fs from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/** The log's size past which checkpoints move to the worker (SQLite's own default: 1,000 pages). */
const START_BYTES = 4 * 1024 * 1024;
/** How often the worker copies the log's committed frames into the database. */
const EVERY_MS = 200;
/** Commits between two looks at the log's size before the worker starts. */
const CHECK_EVERY = 32;

// Plain CommonJS, run by the worker: its own connection to the file, checkpointing on a timer.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
const timer = setInterval(() => {
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)');
    if (r && r.checkpointed > 0) parentPort.postMessage({ checkpointed: r.checkpointed });
  } catch (err) { parentPort.postMessage({ failed: String(err) }); }
}, workerData.everyMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

/**
 * SQLite's WAL checkpoint on a worker thread's own connection instead of inside a COMMIT on the
 * event loop. The automatic checkpoint runs in the COMMIT that takes the log past 1,000 pages:
 * it copies the log into the database and syncs both, on the event loop; in a deadline storm (scores
 * of about 6 KB a session) nearly every set's COMMIT carried one (in-process 5,000: COMMIT 152 ms
 * with, 50 ms without). A PASSIVE checkpoint from another connection copies only committed frames
 * and never blocks the writer; durability is SQLite's as before (the log is synced before its
 * frames are copied). Started once the log first passes START_BYTES, so a store that writes little
 * (most tests) never starts a thread; should the worker fail, the automatic checkpoint comes back.
 */
export function createWalCheckpointer(sqlite: Database.Database, walFile: string) {
  let worker: Worker | null = null;
  let exited: Promise<void> = Promise.resolve();
  let fallenBack = false;
  let commits = 0;
  const copied: (() => void)[] = [];
  // The threshold the connection was given (sqlite-store.ts walSyncOf): what a failed worker leaves to.
  const automatic = Number(sqlite.pragma('wal_autocheckpoint', { simple: true }));
  sqlite.pragma('wal_autocheckpoint = 0');

  function fallBack(): void {
    if (fallenBack || !sqlite.open) return;
    fallenBack = true;
    sqlite.pragma(`wal_autocheckpoint = ${automatic}`);
  }

  function start(): void {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const w = new Worker(WORKER, { eval: true, workerData: { driver, file: sqlite.name, everyMs: EVERY_MS } });
    w.unref();
    w.on('message', (m: { failed?: string; checkpointed?: number }) => {
      if (m.failed !== undefined) fallBack();
      else for (const fn of copied.splice(0)) fn();
    });
    w.on('error', fallBack);
    exited = new Promise((resolve) => w.once('exit', () => resolve()));
    void exited.then(() => {
      if (worker === w) fallBack();
    });
    worker = w;
  }

  return {
    /** After a commit: starts the worker once the log has grown past START_BYTES. */
    committed(): void {
      if (worker || fallenBack) return;
      // A stat is a system call: looked at every CHECK_EVERY commits, not on every save's commit.
      if (commits++ % CHECK_EVERY !== 0) return;
      let size = 0;
      try {
        size = fs.statSync(walFile).size;
      } catch {
        return;
      }
      if (size >= START_BYTES) start();
    },
    /** Whether checkpoints run on the worker now. */
    get started(): boolean {
      return worker !== null && !fallenBack;
    },
    /** Resolves after the worker's next checkpoint that copied frames (tests wait for it). */
    copied: (): Promise<void> => new Promise((resolve) => copied.push(resolve)),
    /** Before the connection closes: the worker's connection closes first, so the last one out checkpoints as before. */
    async close(): Promise<void> {
      const w = worker;
      worker = null;
      w?.postMessage('close');
      await exited;
    },
  };
}
export type WalCheckpointer = ReturnType<typeof createWalCheckpointer>;
