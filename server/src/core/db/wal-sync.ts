import fs from 'node:fs';

export type WalSync = {
  /** Resolves once everything committed before the call is on disk (an fdatasync begun after it returned). */
  durable(): Promise<void>;
  close(): Promise<void>;
};

export type Fdatasync = (fd: number, done: (err: NodeJS.ErrnoException | null) => void) => void;

/**
 * The fsync of SQLite's write-ahead log, on libuv's thread pool instead of inside COMMIT on the
 * event loop. With `synchronous = NORMAL` in WAL mode a COMMIT only writes its frames to the log
 * (and the log is synced before every checkpoint); syncing the log file afterwards, before anyone is
 * told the transaction committed, gives what `synchronous = FULL` gives (the log is appended in
 * order, so one fdatasync covers every commit before it) while sockets, timers and the next batch
 * run. Callers arriving while a sync is under way share the next one: one sync in flight at most.
 */
export function createWalSync(walFile: string, fdatasync: Fdatasync = fs.fdatasync): WalSync {
  let fd: number | null = null;
  let inFlight: Promise<void> | null = null;
  let next: Promise<void> | null = null;

  function syncNow(): Promise<void> {
    return new Promise((resolve, reject) => {
      // SQLite keeps the log file while its connection is open; opened at the first commit, when it exists.
      fd ??= fs.openSync(walFile, 'r');
      fdatasync(fd, (err) => (err ? reject(err) : resolve()));
    });
  }

  function durable(): Promise<void> {
    if (!inFlight) {
      inFlight = syncNow().finally(() => (inFlight = null));
      return inFlight;
    }
    // One under way began before this commit may have been written: the next one covers it.
    next ??= inFlight.then(noop, noop).then(() => {
      next = null;
      return durable();
    });
    return next;
  }

  return {
    durable,
    async close() {
      await Promise.all([inFlight, next].map((p) => p?.catch(noop)));
      if (fd !== null) fs.closeSync(fd);
      fd = null;
    },
  };
}

function noop(): void {}
