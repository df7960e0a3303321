import { dialectOf, type Db } from './store.ts';

type Job = { run: (tx: Db) => Promise<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void };
type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export type AsyncGroupCommitOptions = {
  /**
   * Writes per transaction. PostgreSQL keeps 64 subtransactions (savepoints) per transaction in
   * shared memory; beyond that every other session's visibility checks slow down, hence 64 there.
   */
  maxBatch?: number;
};

/**
 * Group commit on either store: writes received while the previous batch was committing (on
 * SQLite: in the same turn of the event loop) share one transaction, so one fsync makes all of
 * them durable. Each write runs in its own savepoint (a nested transaction), so one refused write
 * never undoes another; a write's promise settles only after the COMMIT returned, which is what
 * makes an ack mean "on disk" (SQLite synchronous=FULL, PostgreSQL synchronous_commit=on). If the
 * COMMIT fails, every write of the batch is rejected. One batch at a time, in arrival order, so
 * writes are committed in the order they were received.
 *
 * A write's function must await only the database (it runs inside the transaction).
 */
export function createAsyncGroupCommit(db: Db, opts: AsyncGroupCommitOptions = {}) {
  const maxBatch = opts.maxBatch ?? (dialectOf(db) === 'pg' ? 64 : 500);
  let queue: Job[] = [];
  let inFlight = false;
  const stats = { batches: 0, writes: 0 };

  function commitNext(): void {
    if (inFlight || queue.length === 0) return;
    inFlight = true;
    let batch: Job[] | undefined;
    db.transaction(async (tx) => {
      // Taken when the transaction starts, so it holds everything received until then.
      batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      const outcomes: Outcome[] = [];
      for (const job of batch) {
        try {
          outcomes.push({ ok: true, value: await tx.transaction(job.run) });
        } catch (error) {
          outcomes.push({ ok: false, error });
        }
      }
      return outcomes;
    })
      .then(
        (outcomes) => {
          stats.batches++;
          stats.writes += batch!.length;
          batch!.forEach((job, i) => {
            const o = outcomes[i]!;
            if (o.ok) job.resolve(o.value);
            else job.reject(o.error);
          });
        },
        (error: unknown) => {
          // The COMMIT failed, or the transaction never began (database unreachable): nothing of
          // this batch is durable. Rejecting the queue's head when no batch was taken means a dead
          // database fails writes instead of retrying them for ever.
          const failed = batch ?? queue.splice(0, maxBatch);
          for (const job of failed) job.reject(error);
        },
      )
      .finally(() => {
        inFlight = false;
        commitNext();
      });
  }

  function write<T>(run: (tx: Db) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      queue.push({ run, resolve: resolve as (v: unknown) => void, reject });
      commitNext();
    });
  }

  return {
    write,
    /** Settles once every write received so far is committed or refused: before anything that must see them all. */
    flush: (): Promise<void> => (queue.length === 0 && !inFlight ? Promise.resolve() : write(async () => undefined).then(noop, noop)),
    /** Writes waiting for a batch (not counting the one committing). */
    get pending() {
      return queue.length;
    },
    /** Committed batches and the writes they carried, for benchmarks and tests. */
    get stats(): Readonly<typeof stats> {
      return { ...stats };
    },
  };
}
export type AsyncGroupCommit = ReturnType<typeof createAsyncGroupCommit>;

function noop(): void {}
