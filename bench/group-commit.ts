import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { and, eq, sql } from 'drizzle-orm';
import { createAsyncGroupCommit } from '../server/src/core/db/async-group-commit.ts';
import { openDatabase, type Db as SyncDb } from '../server/src/core/db/connection.ts';
import { createGroupCommit } from '../server/src/core/db/group-commit.ts';
import { openPgStore } from '../server/src/core/db/pg-store.ts';
import { sqliteStoreFor } from '../server/src/core/db/sqlite-store.ts';
import { prepared } from '../server/src/core/db/prepared.ts';
import { tablesOf, type Db, type Store } from '../server/src/core/db/store.ts';
import * as schema from '../server/src/core/db/schema.ts';
import { auditRow } from '../server/src/core/audit.ts';
import { createPgDatabase } from '../tests/helpers/pg-database.ts';
import { summarise } from './stats.ts';

/**
 * `npm run bench:group-commit -- --store sqlite,pg`: the answer save's write (upsert the answer,
 * append its audit entry) through the synchronous group commit of today and the async one of the
 * new data layer, in one process, interleaved so the machine's load weighs on both alike.
 *
 * burst: B writes arrive in one turn (a room autosaving together): time and CPU per write.
 * steady: writes spread evenly at --rate per second for --duration seconds: ack latency and CPU.
 */
const { values: flags } = parseArgs({
  options: {
    store: { type: 'string', default: 'sqlite,pg' },
    sessions: { type: 'string', default: '2000' },
    rate: { type: 'string', default: '400' },
    duration: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '20' },
  },
});
const SESSIONS = Number(flags.sessions);
const ITEMS = 10;
const log = (msg: string) => process.stdout.write(`${msg}\n`);

type Writer = { name: string; save: (sessionId: number, itemId: number, n: number) => Promise<unknown> };

/** Plan, sitting, paper and SESSIONS running sessions: enough rows for the answers' foreign keys. */
async function seed(db: Db): Promise<{ sessionIds: number[]; itemIds: number[] }> {
  const t = tablesOf(db);
  return db.transaction(async (tx) => {
    const [occ] = await tx.insert(t.occupations).values({ code: 'B', nameZh: '基准', nameEn: 'bench' }).returning({ id: t.occupations.id });
    const [plan] = await tx.insert(t.examPlans).values({ occupationId: occ!.id, title: 'bench', examDate: '2026-06-01', registrationDeadline: 1, createdAt: 1 }).returning({ id: t.examPlans.id });
    const [sitting] = await tx.insert(t.sittings).values({ planId: plan!.id, level: 4, name: 'bench', startsAt: 1 }).returning({ id: t.sittings.id });
    const [paper] = await tx.insert(t.papers).values({ title: 'bench', part: 'theory', seed: 's', createdAt: 1 }).returning({ id: t.papers.id });
    const [part] = await tx.insert(t.sittingParts).values({ sittingId: sitting!.id, part: 'theory', durationMinutes: 90, paperId: paper!.id }).returning({ id: t.sittingParts.id });
    const items = await tx
      .insert(t.paperItems)
      .values(Array.from({ length: ITEMS }, (_, i) => ({ paperId: paper!.id, position: i, bankItemId: `b${i}`, type: 'single' as const, stem: 's', optionsJson: '[]', answerKeyJson: '[]', points: 1 })))
      .returning({ id: t.paperItems.id });
    const sessionIds: number[] = [];
    for (let i = 0; i < SESSIONS; i += 500) {
      const n = Math.min(500, SESSIONS - i);
      const users = await tx
        .insert(t.users)
        .values(Array.from({ length: n }, (_, j) => ({ role: 'candidate' as const, login: `B${i + j}`, displayName: 'c', passwordHash: 'x', createdAt: 1 })))
        .returning({ id: t.users.id });
      const cands = await tx
        .insert(t.candidates)
        .values(users.map((u, j) => ({ userId: u.id, sittingId: sitting!.id, ticketNo: `B${i + j}`, name: 'c', room: 'r', seat: String(i + j) })))
        .returning({ id: t.candidates.id });
      const sessions = await tx
        .insert(t.examSessions)
        .values(cands.map((c) => ({ candidateId: c.id, sittingPartId: part!.id, status: 'in_progress' as const, startedAt: 1, deadline: 2 ** 41 })))
        .returning({ id: t.examSessions.id });
      sessionIds.push(...sessions.map((s) => s.id));
    }
    return { sessionIds, itemIds: items.map((i) => i.id) };
  });
}

const runningSession = prepared('bench.running_session', (db, name) => {
  const { examSessions } = tablesOf(db);
  return db.select({ id: examSessions.id }).from(examSessions).where(and(eq(examSessions.id, sql.placeholder('id')), eq(examSessions.status, 'in_progress'))).prepare(name);
});
const upsertAnswer = prepared('bench.upsert_answer', (db, name) => {
  const { answers } = tablesOf(db);
  return db
    .insert(answers)
    .values({ sessionId: sql.placeholder('sessionId'), paperItemId: sql.placeholder('itemId'), responseJson: sql.placeholder('responseJson'), flagged: false, revision: 1, receivedAt: sql.placeholder('receivedAt') })
    .onConflictDoUpdate({ target: [answers.sessionId, answers.paperItemId], set: { responseJson: sql`excluded.response_json`, revision: sql`${answers.revision} + 1`, receivedAt: sql`excluded.received_at` } })
    .returning({ revision: answers.revision })
    .prepare(name);
});
const insertAudit = prepared('bench.insert_audit', (db, name) => {
  const { auditLog } = tablesOf(db);
  const p = (n: string) => sql.placeholder(n);
  return db.insert(auditLog).values({ at: p('at'), actorUserId: null, action: p('action'), entity: p('entity'), entityId: p('entityId'), detailsJson: p('detailsJson') }).prepare(name);
});

/** The async data layer's save as converted data access code will write it: plain drizzle on tablesOf(tx), hot statements prepared. */
function asyncWriter(name: string, store: Store): Writer & { stats: () => object } {
  const gc = createAsyncGroupCommit(store.db);
  return {
    name,
    stats: () => gc.stats,
    save: (sessionId, itemId, n) =>
      gc.write(async (tx) => {
        const [running] = await runningSession(tx).execute({ id: sessionId });
        if (!running) throw new Error('not running');
        const [row] = await upsertAnswer(tx).execute({ sessionId, itemId, responseJson: JSON.stringify({ choices: [`o${n % 4}`] }), receivedAt: Date.now() });
        await insertAudit(tx).execute(auditRow({ at: Date.now(), actorUserId: null, action: 'answer.saved', entity: 'session', entityId: sessionId, details: { itemId, revision: row!.revision } }));
        return row!.revision;
      }, { key: sessionId }),
  };
}

/** Today's save: prepared statements on the synchronous connection, as exam-dal.ts does it. */
function syncWriter(db: SyncDb): Writer {
  const gc = createGroupCommit(db);
  const { answers, auditLog, examSessions } = schema;
  const running = db.select({ id: examSessions.id }).from(examSessions).where(and(eq(examSessions.id, sql.placeholder('id')), eq(examSessions.status, 'in_progress'))).prepare();
  const upsert = db
    .insert(answers)
    .values({ sessionId: sql.placeholder('sessionId'), paperItemId: sql.placeholder('itemId'), responseJson: sql.placeholder('responseJson'), flagged: false, revision: 1, receivedAt: sql.placeholder('receivedAt') })
    .onConflictDoUpdate({ target: [answers.sessionId, answers.paperItemId], set: { responseJson: sql`excluded.response_json`, revision: sql`${answers.revision} + 1`, receivedAt: sql`excluded.received_at` } })
    .returning({ revision: answers.revision })
    .prepare();
  const audit = db
    .insert(auditLog)
    .values({ at: sql.placeholder('at'), actorUserId: null, action: sql.placeholder('action'), entity: sql.placeholder('entity'), entityId: sql.placeholder('entityId'), detailsJson: sql.placeholder('detailsJson') })
    .prepare();
  return {
    name: 'sqlite sync (today)',
    save: (sessionId, itemId, n) =>
      gc.write(() => {
        if (!running.get({ id: sessionId })) throw new Error('not running');
        const row = upsert.get({ sessionId, itemId, responseJson: JSON.stringify({ choices: [`o${n % 4}`] }), receivedAt: Date.now() })!;
        audit.run(auditRow({ at: Date.now(), actorUserId: null, action: 'answer.saved', entity: 'session', entityId: sessionId, details: { itemId, revision: row.revision } }));
        return row.revision;
      }),
  };
}

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function burst(w: Writer, size: number, rounds: number, ids: { sessionIds: number[]; itemIds: number[] }) {
  let wall = 0;
  let cpu = 0;
  let n = 0;
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    const c0 = cpuMs();
    await Promise.all(Array.from({ length: size }, (_, i) => w.save(ids.sessionIds[(r * size + i) % ids.sessionIds.length]!, ids.itemIds[(r + i) % ITEMS]!, n++)));
    wall += performance.now() - t0;
    cpu += cpuMs() - c0;
  }
  const writes = size * rounds;
  return { batch: size, msPerBatch: +(wall / rounds).toFixed(2), cpuMicrosPerWrite: Math.round((cpu * 1000) / writes), writesPerSecond: Math.round(writes / (wall / 1000)) };
}

async function steady(w: Writer, rate: number, seconds: number, ids: { sessionIds: number[]; itemIds: number[] }) {
  const latencies: number[] = [];
  const total = rate * seconds;
  const c0 = cpuMs();
  const t0 = performance.now();
  const pending: Promise<unknown>[] = [];
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const sent = performance.now();
    pending.push(w.save(ids.sessionIds[i % ids.sessionIds.length]!, ids.itemIds[i % ITEMS]!, i).then(() => latencies.push(performance.now() - sent)));
  }
  await Promise.all(pending);
  return { rate, ...summarise(latencies), cpuMicrosPerWrite: Math.round(((cpuMs() - c0) * 1000) / total) };
}

async function main() {
  const stores = String(flags.store).split(',');
  const writers: Array<{ w: Writer; ids: { sessionIds: number[]; itemIds: number[] }; close: () => Promise<void> }> = [];
  if (stores.includes('sqlite')) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-gcbench-'));
    const db = openDatabase(path.join(dir, 'bench.sqlite'));
    const store = sqliteStoreFor(db.$client);
    const ids = await seed(store.db);
    writers.push({ w: syncWriter(db), ids, close: async () => {} });
    writers.push({ w: asyncWriter('sqlite async (new)', store), ids, close: async () => void (db.$client.close(), fs.rmSync(dir, { recursive: true, force: true })) });
  }
  if (stores.includes('pg')) {
    const { url, drop } = await createPgDatabase();
    const store = await openPgStore({ url, poolMax: 10 });
    const ids = await seed(store.db);
    writers.push({ w: asyncWriter('pg async (new)', store), ids, close: async () => (await store.close(), await drop()) });
  }
  const rounds = Number(flags.rounds);
  log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}, node ${process.version}`);
  for (const size of [1, 10, 100, 500]) {
    // Interleaved: the same load weighs on each writer in turn.
    for (const { w, ids } of writers) log(`burst  ${w.name.padEnd(20)} ${JSON.stringify(await burst(w, size, size === 1 ? rounds * 10 : rounds, ids))}`);
  }
  for (const { w, ids } of writers) log(`steady ${w.name.padEnd(20)} ${JSON.stringify(await steady(w, Number(flags.rate), Number(flags.duration), ids))}`);
  for (const { close } of writers) await close();
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
