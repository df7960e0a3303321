import type Database from 'better-sqlite3';
import { sqliteHealth } from './store-health.ts';
import { sql, type SQLWrapper } from 'drizzle-orm';
import { drizzle, type SqliteRemoteDatabase } from 'drizzle-orm/sqlite-proxy';
import { SQLiteAsyncDialect } from 'drizzle-orm/sqlite-core';
import { openDatabase } from './connection.ts';
import { createWalCheckpointer, type WalCheckpointer } from './wal-checkpointer.ts';
import { createWalSync, type Fdatasync, type WalSync } from './wal-sync.ts';
import type { Db, Store } from './store.ts';

type Method = 'run' | 'all' | 'values' | 'get';
type Raw = { rows: unknown; rowCount?: number };
type Waiter = { resolve: () => void; reject: (e: unknown) => void };
type Pending = { fn: (tx: Db) => Promise<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void };
type Outcome = { job: Pending; ok: boolean; value: unknown };

/** A transaction awaited something other than the database, so other code could have run inside it. */
export class TransactionSpannedTurnError extends Error {}

const SPANNED =
  'A transaction stayed open past its turn of the event loop: its body awaited something other than the database ' +
  '(file or network I/O, a timer) or a statement on the root db (inside db.transaction(fn), use the tx it passes). It was rolled back.';
const OUTSIDE = 'A statement on the root db ran while a transaction was open past its turn; inside db.transaction(fn), use the tx it passes.';

/** better-sqlite3 statements by SQL text: drizzle builds the text per call, SQLite compiles it once. */
function statementCache(sqlite: Database.Database, max = 1000) {
  const cache = new Map<string, Database.Statement>();
  return (text: string) => {
    let stmt = cache.get(text);
    if (!stmt) {
      if (cache.size >= max) cache.clear();
      stmt = sqlite.prepare(text);
      cache.set(text, stmt);
    }
    return stmt;
  };
}

const stores = new WeakMap<Database.Database, Store>();

/**
 * The store over an open better-sqlite3 connection. One per connection, because the transaction
 * runner below is what keeps transactions apart on a single connection; while features still use
 * the synchronous `Db` of connection.ts, both share the connection.
 */
export function sqliteStoreFor(sqlite: Database.Database): Store {
  let store = stores.get(sqlite);
  if (!store) {
    store = createSqliteStore(sqlite, false, walSyncOf(sqlite));
    stores.set(sqlite, store);
  }
  return store;
}

/** Opens (and migrates) the SQLite file as a store that owns its connection. */
export function openSqliteStore(file: string, opts: { fdatasync?: Fdatasync } = {}): Store {
  const sqlite = openDatabase(file).$client;
  const wal = walSyncOf(sqlite, opts.fdatasync);
  const store = createSqliteStore(sqlite, true, wal, wal ? createWalCheckpointer(sqlite, `${sqlite.name}-wal`) : null);
  stores.set(sqlite, store);
  return store;
}

/**
 * A file database commits without fsync inside COMMIT (`synchronous = NORMAL`) and has its log
 * synced on the thread pool before a commit is reported (wal-sync.ts): the event loop waits for the
 * disk only in a checkpoint, and an acknowledged write is as durable as with `synchronous = FULL`.
 */
function walSyncOf(sqlite: Database.Database, fdatasync?: Fdatasync): WalSync | null {
  // Without a log (a file system refusing WAL), COMMIT keeps syncing the database itself (FULL).
  if (sqlite.memory || sqlite.readonly || sqlite.pragma('journal_mode', { simple: true }) !== 'wal') return null;
  sqlite.pragma('synchronous = NORMAL');
  // A checkpoint runs inside the COMMIT that crosses the threshold, on the event loop, and syncs the
  // log and the database file there: at 1,000 pages (the default) one every few hundred saves, most
  // of the COMMITs' time in the save path's profile. At 10,000 (about 40 MB of log) a tenth as many
  // run, and a page saved many times in between is copied to the database once. A store that owns its
  // connection moves checkpoints to a worker thread instead (wal-checkpointer.ts); this threshold is
  // what applies without one, or if it fails.
  sqlite.pragma('wal_autocheckpoint = 10000');
  return createWalSync(`${sqlite.name}-wal`, fdatasync);
}

/**
 * One connection, so one transaction at a time, and nothing else may run while it is open: every
 * statement of the connection would join it. Transactions therefore start at the beginning of their
 * own macrotask (setImmediate) and, since their bodies await only SQLite (which answers at once),
 * run to COMMIT within that macrotask's microtasks, where no request handler, timer or socket
 * event of anyone else can run. A body that leaves its turn anyway is caught by sentinels armed
 * for the next turn, rolled back and reported (TransactionSpannedTurnError), so the rule is
 * enforced by the tests that run on SQLite. Transactions requested in one turn run back to back in one
 * macrotask, each committed on its own; their callers resume after the last one.
 */
function createSqliteStore(sqlite: Database.Database, owned: boolean, wal: WalSync | null, checkpointer: WalCheckpointer | null = null): Store {
  const prepare = statementCache(sqlite);
  const dialect = new SQLiteAsyncDialect();
  let queue: Pending[] = [];
  let scheduled = false;
  let running: Promise<void> = Promise.resolve();
  let open: { spanned: boolean } | null = null;
  let waiting: Waiter[] = [];
  let depth = 0;

  /** Whether the last statement on the root db (outside a transaction) changed anything: its commit needs the log synced. */
  let rootWrote = false;
  function exec(text: string, params: unknown[], method: Method): Raw {
    const stmt = prepare(text);
    if (!stmt.readonly) rootWrote = true;
    const args = params.map((p) => (typeof p === 'boolean' ? Number(p) : p));
    if (method === 'run' || !stmt.reader) return { rows: [], rowCount: stmt.run(...args).changes };
    stmt.raw(true);
    return { rows: method === 'get' ? stmt.get(...args) : stmt.all(...args) };
  }

  function execute(query: SQLWrapper | string) {
    const built = dialect.sqlToQuery(typeof query === 'string' ? sql.raw(query).getSQL() : query.getSQL());
    const stmt = prepare(built.sql);
    if (!stmt.readonly) rootWrote = true;
    const args = built.params.map((p) => (typeof p === 'boolean' ? Number(p) : p));
    if (!stmt.reader) return { rows: [], rowCount: stmt.run(...args).changes };
    const rows = stmt.raw(false).all(...args) as Record<string, unknown>[];
    return { rows, rowCount: rows.length };
  }

  /** Statements on the root db wait while a transaction is open (it is over before its turn ends). */
  async function outside(): Promise<void> {
    while (open) {
      if (open.spanned) throw new TransactionSpannedTurnError(OUTSIDE);
      await new Promise<void>((resolve, reject) => waiting.push({ resolve, reject }));
    }
  }
  function inside(): void {
    if (!open || !sqlite.inTransaction) throw new Error('This transaction is over: its tx cannot be used after it ended.');
  }

  /** A statement on the root db commits on its own (autocommit): a write is reported once the log is synced. */
  async function autocommit<T>(run: () => T): Promise<T> {
    await outside();
    rootWrote = false;
    const out = run();
    if (!rootWrote) return out;
    // The log is checkpointed only once the worker runs (SQLite's own checkpoint is off): a store
    // writing only outside transactions must start it too, or the log grows until one comes.
    checkpointer?.committed();
    await wal?.durable();
    return out;
  }

  const root = drizzle(async (text, params, method) => autocommit(() => exec(text, params, method)) as never) as SqliteRemoteDatabase & Record<string, unknown>;
  const tx = drizzle(async (text, params, method) => {
    inside();
    return exec(text, params, method) as never;
  }) as SqliteRemoteDatabase & Record<string, unknown>;

  Object.assign(root, {
    execute: async (query: SQLWrapper | string) => autocommit(() => execute(query)),
    transaction: (fn: Pending['fn']) =>
      new Promise((resolve, reject) => {
        queue.push({ fn, resolve, reject });
        schedule();
      }),
  });
  Object.assign(tx, {
    execute: async (query: SQLWrapper | string) => {
      inside();
      return execute(query);
    },
    // Nested: a savepoint, so a failure undoes only its own writes.
    transaction: async (fn: Pending['fn']) => {
      inside();
      const name = `sp${++depth}`;
      prepare(`savepoint ${name}`).run();
      try {
        const value = await fn(tx as unknown as Db);
        inside();
        prepare(`release ${name}`).run();
        return value;
      } catch (error) {
        if (sqlite.inTransaction) {
          prepare(`rollback to ${name}`).run();
          prepare(`release ${name}`).run();
        }
        throw error;
      } finally {
        depth--;
      }
    },
  });

  function schedule(): void {
    if (scheduled || queue.length === 0) return;
    scheduled = true;
    setImmediate(runQueued);
  }

  async function runOne(fn: Pending['fn']): Promise<unknown> {
    prepare('begin immediate').run();
    const state = { spanned: false };
    open = state;
    try {
      const value = await fn(tx as unknown as Db);
      if (state.spanned) throw new TransactionSpannedTurnError(SPANNED);
      inside();
      prepare('commit').run();
      return value;
    } catch (error) {
      // A failed COMMIT (a deferred constraint) leaves the transaction open; an I/O error may have ended it.
      if (sqlite.inTransaction) prepare('rollback').run();
      if (state.spanned && !(error instanceof TransactionSpannedTurnError)) throw new TransactionSpannedTurnError(SPANNED, { cause: error });
      throw error;
    } finally {
      open = null;
      depth = 0;
    }
  }

  function runQueued(): void {
    scheduled = false;
    const batch = queue;
    queue = [];
    let turnOver = false;
    const onTurnOver = () => {
      turnOver = true;
      if (!open) return;
      open.spanned = true;
      const stuck = waiting;
      waiting = [];
      for (const w of stuck) w.reject(new TransactionSpannedTurnError(OUTSIDE));
    };
    // Whichever of the next turn's phases comes first: a body awaiting a timer or an immediate
    // resumes after these (they were armed first). A body resuming from an I/O callback that came
    // back within the millisecond is not caught; that is why the rule is also in review.
    const sentinels = [setImmediate(onTurnOver), setTimeout(onTurnOver, 1)] as const;
    running = (async () => {
      const outcomes: Outcome[] = [];
      for (let i = 0; i < batch.length; i++) {
        // After a body left its turn we are in someone else's microtasks: the rest start afresh.
        if (turnOver) {
          queue = [...batch.slice(i), ...queue];
          break;
        }
        const job = batch[i]!;
        try {
          outcomes.push({ job, ok: true, value: await runOne(job.fn) });
        } catch (error) {
          outcomes.push({ job, ok: false, value: error });
        }
      }
      clearImmediate(sentinels[0]);
      clearTimeout(sentinels[1]);
      const released = waiting;
      waiting = [];
      for (const w of released) w.resolve();
      checkpointer?.committed();
      // The next transactions may run while this batch's commits reach the disk; its callers hear after.
      schedule();
      const synced = wal && outcomes.some((o) => o.ok) ? await wal.durable().then(() => null, (err: unknown) => err) : null;
      for (const o of outcomes) {
        if (synced !== null && o.ok) o.job.reject(synced);
        else (o.ok ? o.job.resolve : o.job.reject)(o.value);
      }
    })();
  }

  return {
    dialect: 'sqlite',
    db: root as unknown as Db,
    health: async () => sqliteHealth(sqlite),
    async close() {
      while (scheduled || open || queue.length > 0) {
        await running;
        await new Promise((r) => setImmediate(r));
      }
      await checkpointer?.close();
      await wal?.close();
      if (owned) sqlite.close();
    },
  };
}
