import { appendAudits, type AuditEntry } from '../audit.ts';
import { dialectOf, type Db } from './store.ts';

/**
 * Hands an audit entry to the batch: written, with those of the batch's other writes, in a few
 * multi-row inserts after the last write ran and before COMMIT; dropped if the write throws.
 */
export type BatchAudit = (entry: AuditEntry) => void;
type Job = { run: (tx: Db, audit: BatchAudit) => Promise<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void };
type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };
type Lane = { queue: Job[]; inFlight: boolean; began: number; paced: ReturnType<typeof setTimeout> | null };

export type AsyncGroupCommitOptions = {
  /**
   * Writes per transaction. PostgreSQL keeps 64 subtransactions (savepoints) per transaction in
   * shared memory; beyond that every other session's visibility checks slow down, hence 64 there.
   */
  maxBatch?: number;
  /**
   * Batches committing at once, each on its own connection (PostgreSQL: 4; SQLite has one
   * connection: 1). Writes with the same `key` always share a lane, so they commit in the order
   * they were received; writes without a key go to the first lane.
   */
  lanes?: number;
  /**
   * The least time, in ms, from the start of a lane's batch to the start of its next one (0: none).
   * A commit has a cost whatever it holds (BEGIN, COMMIT, the log's sync, the turns between): under
   * load, writes wait up to this long to share one; a write arriving after a quiet spell commits at
   * once. Real time, not the injected clock: it paces the disk, it decides nothing.
   */
  spacingMs?: number;
};

/**
 * Group commit on either store: writes received while the previous batch of their lane was
 * committing (on SQLite: in the same turn of the event loop) share one transaction, so one fsync
 * makes all of them durable. Each write runs in its own savepoint (a nested transaction), so one
 * refused write never undoes another; a write's promise settles only after the COMMIT returned,
 * which is what makes an ack mean "on disk" (SQLite synchronous=FULL, PostgreSQL
 * synchronous_commit=on). If the COMMIT fails, every write of the batch is rejected.
 *
 * A write's function must await only the database (it runs inside the transaction) and do nothing
 * else: it may run twice (see `optimistic`), the first run rolled back. Its audit
 * entries go through the `audit` it is handed: the batch writes them all in a few multi-row inserts
 * before COMMIT (answer saves: one statement per 64 entries instead of one each).
 */
export function createAsyncGroupCommit(db: Db, opts: AsyncGroupCommitOptions = {}) {
  const pg = dialectOf(db) === 'pg';
  const maxBatch = opts.maxBatch ?? (pg ? 64 : 500);
  const lanes: Lane[] = Array.from({ length: Math.max(1, opts.lanes ?? (pg ? 4 : 1)) }, () => ({ queue: [], inFlight: false, began: -Infinity, paced: null }));
  const spacingMs = opts.spacingMs ?? 0;
  const stats = { batches: 0, writes: 0 };

  /** Each write in a savepoint of its own: a write that throws undoes only itself (its audit entries too). */
  async function isolated(tx: Db, batch: Job[]): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    const audits: AuditEntry[] = [];
    for (const job of batch) {
      const mine: AuditEntry[] = [];
      try {
        outcomes.push({ ok: true, value: await tx.transaction((sp) => job.run(sp, (e) => mine.push(e))) });
        audits.push(...mine);
      } catch (error) {
        outcomes.push({ ok: false, error });
      }
    }
    await appendAudits(tx, audits);
    return outcomes;
  }

  /**
   * A savepoint and its release are two more statements per write (on PostgreSQL two more round
   * trips; on SQLite two more statements and a copy of every page the write first touches), so the
   * batch first runs without them. Should any write throw, that whole attempt is rolled back and the
   * batch runs again with a savepoint per write; nothing was committed or acknowledged in between,
   * so each write still counts once. A refused write is the rare case (a save after its session
   * ended): it costs its batch one replay.
   */
  async function optimistic(take: () => Job[]): Promise<Outcome[]> {
    const refused = Symbol('refused');
    let batch: Job[] = [];
    try {
      return await db.transaction(async (tx) => {
        batch = take();
        const outcomes: Outcome[] = [];
        const audits: AuditEntry[] = [];
        const audit = (e: AuditEntry) => void audits.push(e);
        for (const job of batch) {
          try {
            outcomes.push({ ok: true, value: await job.run(tx, audit) });
          } catch {
            throw refused;
          }
        }
        await appendAudits(tx, audits);
        return outcomes;
      });
    } catch (error) {
      if (error !== refused) throw error;
      return db.transaction((tx) => isolated(tx, batch));
    }
  }

  /** Whether the lane's next batch waits for its spacing (a timer armed to start it); a full batch does not. */
  function pacing(lane: Lane): boolean {
    if (lane.queue.length >= maxBatch) {
      if (lane.paced) clearTimeout(lane.paced);
      lane.paced = null;
      return false;
    }
    if (lane.paced) return true;
    const wait = lane.began + spacingMs - performance.now();
    if (wait <= 0) return false;
    lane.paced = setTimeout(() => {
      lane.paced = null;
      commitNext(lane);
    }, wait);
    return true;
  }

  function commitNext(lane: Lane): void {
    if (lane.inFlight || lane.queue.length === 0 || (spacingMs > 0 && pacing(lane))) return;
    lane.inFlight = true;
    lane.began = performance.now();
    let batch: Job[] | undefined;
    // Taken when the transaction has begun, so it holds everything received until then (on SQLite:
    // everything received in this turn of the event loop).
    const take = () => (batch = lane.queue.splice(0, maxBatch));
    const committed = optimistic(take);
    committed
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
          const failed = batch ?? lane.queue.splice(0, maxBatch);
          for (const job of failed) job.reject(error);
        },
      )
      .finally(() => {
        lane.inFlight = false;
        commitNext(lane);
      });
  }

  const laneOf = (key: number | string | undefined): Lane => {
    if (key === undefined || lanes.length === 1) return lanes[0]!;
    const n = typeof key === 'number' ? key : [...key].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, 0);
    return lanes[Math.abs(n) % lanes.length]!;
  };

  function write<T>(run: (tx: Db, audit: BatchAudit) => Promise<T>, opts: { key?: number | string } = {}): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const lane = laneOf(opts.key);
      lane.queue.push({ run, resolve: resolve as (v: unknown) => void, reject });
      commitNext(lane);
    });
  }

  return {
    /** `key` (a session id, say): writes of one key commit in the order received. */
    write,
    /** Settles once every write received so far is committed or refused: before anything that must see them all. */
    flush: async (): Promise<void> => {
      await Promise.all(lanes.map((lane, i) => (lane.queue.length === 0 && !lane.inFlight ? undefined : write(async () => undefined, { key: i }).then(noop, noop))));
    },
    /** Writes waiting for a batch (not counting those committing). */
    get pending() {
      return lanes.reduce((n, lane) => n + lane.queue.length, 0);
    },
    /** Committed batches and the writes they carried, for benchmarks and tests. */
    get stats(): Readonly<typeof stats> {
      return { ...stats };
    },
  };
}
export type AsyncGroupCommit = ReturnType<typeof createAsyncGroupCommit>;

function noop(): void {}
