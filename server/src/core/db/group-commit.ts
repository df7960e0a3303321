import type { Db } from './connection.ts';

type Job = { run: (db: Db) => unknown; resolve: (v: unknown) => void; reject: (e: unknown) => void };

/**
 * Group commit: writes that arrive in the same turn of the event loop share one transaction, so
 * one fsync (synchronous=FULL) makes all of them durable. Each write runs in its own savepoint, so
 * one refused write never undoes another; a write's promise settles only after the commit, which
 * is what makes an ack mean "on disk".
 */
export function createGroupCommit(db: Db, opts: { maxBatch?: number } = {}) {
  const maxBatch = opts.maxBatch ?? 500;
  const client = db.$client;
  // Prepared once: this runs for every answer saved.
  const savepoint = client.prepare('SAVEPOINT group_commit_job');
  const release = client.prepare('RELEASE group_commit_job');
  const rollback = client.prepare('ROLLBACK TO group_commit_job');
  let queue: Job[] = [];
  let scheduled = false;

  const runBatch = client.transaction((batch: Job[]) =>
    batch.map((job) => {
      savepoint.run();
      try {
        const value = job.run(db);
        release.run();
        return { ok: true as const, value };
      } catch (error) {
        rollback.run();
        release.run();
        return { ok: false as const, error };
      }
    }),
  );

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
