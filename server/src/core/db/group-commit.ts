import type { Db } from './connection.ts';

// The synchronous group commit the exam ran on before issue #16: the server no longer uses it;
// `npm run bench:group-commit` keeps it as the baseline the async one (async-group-commit.ts) is measured against.

type Job = { run: (db: Db) => unknown; resolve: (v: unknown) => void; reject: (e: unknown) => void };
export type Isolated<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Runs a function inside a savepoint of the current transaction: if it throws, only its own writes
 * are undone. Statements are prepared once, since this runs for every save and every finalised session.
 */
export function createSavepointRunner(db: Db) {
  const client = db.$client;
  const savepoint = client.prepare('SAVEPOINT isolated_write');
  const release = client.prepare('RELEASE isolated_write');
  const rollback = client.prepare('ROLLBACK TO isolated_write');
  return <T>(fn: () => T): Isolated<T> => {
    savepoint.run();
    try {
      const value = fn();
      release.run();
      return { ok: true, value };
    } catch (error) {
      rollback.run();
      release.run();
      return { ok: false, error };
    }
  };
}

/**
 * Group commit: writes that arrive in the same turn of the event loop share one transaction, so
 * one fsync (synchronous=FULL) makes all of them durable. Each write runs in its own savepoint, so
 * one refused write never undoes another; a write's promise settles only after the commit, which
 * is what makes an ack mean "on disk".
 */
export function createGroupCommit(db: Db, opts: { maxBatch?: number } = {}) {
  const maxBatch = opts.maxBatch ?? 500;
  const isolated = createSavepointRunner(db);
  let queue: Job[] = [];
  let scheduled = false;

  const runBatch = db.$client.transaction((batch: Job[]) => batch.map((job) => isolated(() => job.run(db))));

  function flush(): void {
    scheduled = false;
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(maxBatch);
      let outcomes: ReturnType<typeof runBatch>;
      try {
        outcomes = runBatch(batch);
      } catch (error) {
        // The commit itself failed (disk full, I/O error): nothing of this batch is durable.
        for (const job of batch) job.reject(error);
        continue;
      }
      batch.forEach((job, i) => {
        const outcome = outcomes[i]!;
        if (outcome.ok) job.resolve(outcome.value);
        else job.reject(outcome.error);
      });
    }
  }

  return {
    write<T>(run: (db: Db) => T): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ run, resolve: resolve as (v: unknown) => void, reject });
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      });
    },
    /** Commits what is queued now; used before anything that must see every received write. */
    flushNow: flush,
    get pending() {
      return queue.length;
    },
  };
}
export type GroupCommit = ReturnType<typeof createGroupCommit>;
