import { fork, spawn, type ChildProcess } from 'node:child_process';
import { sqliteStoreFor } from '../server/src/core/db/sqlite-store.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import pg from 'pg';
import { systemClock } from '../server/src/core/clock.ts';
import { openDatabase } from '../server/src/core/db/connection.ts';
import { openPgStore } from '../server/src/core/db/pg-store.ts';
import { seedCrowdExam } from '../server/src/features/demo/seed.ts';
import { buildServer } from '../server/build.ts';
import { BENCH_USAGE, parseBenchArgs, serveNodeFlags } from './args.ts';
import { gcCollector, summariseGc } from './gc.ts';
import { processSyscalls, processUsage, summarise } from './stats.ts';
import type { Acked } from './worker.ts';
import { createPgDatabase } from '../tests/helpers/pg-database.ts';

/**
 * `npm run bench -- --candidates 2000 --interval 5 --duration 60`: the production server on a temp
 * database, driven by simulated candidates in worker processes over loopback.
 */

const root = fileURLToPath(new URL('..', import.meta.url));
const parsed = parseBenchArgs(process.argv.slice(2));
if (parsed.kind !== 'run') {
  if (parsed.kind === 'error') process.stderr.write(`bench: ${parsed.message}\n\n${BENCH_USAGE}`);
  else process.stdout.write(BENCH_USAGE);
  process.exit(parsed.kind === 'help' ? 0 : 2);
}
const flags = parsed.args;
const N = flags.candidates;
const intervalMs = flags.interval * 1000;
const durationMs = flags.duration * 1000;
const W = flags.workers;
const port = flags.port;
const nodeCount = flags.nodes;
const ports = Array.from({ length: nodeCount }, (_, i) => port + i);
const baseUrlOf = (p: number) => `http://127.0.0.1:${p}`;
const PASSWORD = 'bench-pass';
const REDIS_URL = process.env.KAOCHANG_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);
const nodeFlags = flags.nodeFlags ?? serveNodeFlags((JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { serve: string } }).scripts.serve);

/**
 * Where the run's data lives: a SQLite file in the temp folder, or a PostgreSQL database of the run's
 * own. The bench reads it directly (`?` placeholders) to check acked answers and deadlines.
 */
type Target = { env: Record<string, string>; query<T>(sql: string, params?: unknown[]): Promise<T[]>; close(): Promise<void> };
type Seeded = Awaited<ReturnType<typeof seedCrowdExam>>;

async function openTarget(dataDir: string): Promise<Target & { seeded: Seeded }> {
  const seedOpts = { count: N, password: PASSWORD, ticketPrefix: 'B', banksDir: path.join(root, 'question-banks') };
  if (flags.store === 'sqlite') {
    const file = path.join(dataDir, 'kaochang.sqlite');
    const db = openDatabase(file);
    const seeded = await seedCrowdExam(sqliteStoreFor(db.$client).db, systemClock, seedOpts);
    db.$client.close();
    return {
      seeded,
      env: {},
      async query<T>(sql: string, params: unknown[] = []) {
        const conn = new Database(file);
        try {
          const stmt = conn.prepare(sql);
          if (stmt.reader) return stmt.all(...params) as T[];
          stmt.run(...params);
          return [];
        } finally {
          conn.close();
        }
      },
      close: async () => {},
    };
  }
  const database = await createPgDatabase();
  const store = await openPgStore({ url: database.url, poolMax: 2 });
  const seeded = await seedCrowdExam(store.db, systemClock, seedOpts);
  await store.close();
  const pool = new pg.Pool({ connectionString: database.url, max: 2 });
  return {
    seeded,
    env: { DATABASE_URL: database.url, ...(nodeCount > 1 ? { REDIS_URL, REDIS_PREFIX: `kc-bench-${randomBytes(4).toString('hex')}` } : {}) },
    async query<T>(sql: string, params: unknown[] = []) {
      let n = 0;
      return (await pool.query(sql.replace(/\?/g, () => `$${++n}`), params)).rows as T[];
    },
    async close() {
      await pool.end();
      await database.drop();
    },
  };
}

/** One app node: its process, and its GC pauses (its `--trace-gc` lines on stdout) placed in time by its start. */
const SERVER_OPEN_FILES = 65536;

/** A process's soft limit on open files, as Linux reports it ('unknown' elsewhere). */
function openFilesOf(pid: number): string {
  try {
    return /^Max open files\s+(\S+)/m.exec(fs.readFileSync(`/proc/${pid}/limits`, 'utf8'))?.[1] ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

type Node = { proc: ChildProcess; gc: ReturnType<typeof gcCollector>; spawnedAt: number };

function startNode(dataDir: string, nodePort: number, env: Record<string, string>): Promise<Node> {
  const profiling = flags.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(flags.profile)}`] : [];
  const gc = gcCollector();
  const spawnedAt = Date.now();
  // The server holds a descriptor per candidate, as in production (docker-compose.yml: nofile 65536);
  // raised where the machine allows it (root, or a hard limit above), else left as it is.
  const args = [...profiling, '--trace-gc', ...nodeFlags, 'dist/server/src/main.js'];
  const proc = spawn('/bin/sh', ['-c', `ulimit -n ${SERVER_OPEN_FILES} 2>/dev/null; exec "$0" "$@"`, process.execPath, ...args], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', DATA_DIR: dataDir, PORT: String(nodePort), HOST: '127.0.0.1', SEED_DEMO: 'false', LOG_LEVEL: 'warn', LOGIN_RATE_MAX: '100000000', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  proc.stdout!.on('data', (chunk: Buffer) => gc.write(chunk));
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 60_000;
    const poll = async () => {
      if (Date.now() > deadline) return reject(new Error('server did not start'));
      const ok = await fetch(`${baseUrlOf(nodePort)}/api/health`).then((r) => r.ok).catch(() => false);
      if (ok) resolve({ proc, gc, spawnedAt });
      else setTimeout(poll, 200);
    };
    void poll();
  });
}

/**
 * The worst node's event-loop delay since its previous health probe (each read resets it), in ms;
 * null where a node did not answer (at this machine's descriptor limit a new connection may be refused).
 */
async function serverLoopDelays(): Promise<{ p99: number; max: number } | null> {
  type Health = { checks?: { eventLoop?: { p99Ms: number; maxMs: number } } };
  const probes = await Promise.all(ports.map((p) => fetch(`${baseUrlOf(p)}/api/health`, { signal: AbortSignal.timeout(5000) }).then((r) => r.json() as Promise<Health>).then((h) => h.checks?.eventLoop ?? null, () => null)));
  if (probes.some((p) => p === null)) return null;
  const loops = probes as { p99Ms: number; maxMs: number }[];
  return { p99: Math.max(...loops.map((l) => l.p99Ms)), max: Math.max(...loops.map((l) => l.maxMs)) };
}

const startNodes = (dataDir: string, env: Record<string, string>) => Promise.all(ports.map((p) => startNode(dataDir, p, env)));

function stopNode(node: Node): Promise<void> {
  return new Promise((resolve) => {
    node.proc.once('exit', () => resolve());
    node.proc.kill('SIGTERM');
  });
}

/** CPU time and RSS of every node, summed. */
function nodesUsage(nodes: readonly Node[]) {
  const each = nodes.map((n) => processUsage(n.proc.pid!));
  const calls = nodes.map((n) => processSyscalls(n.proc.pid!));
  return {
    cpuMs: each.reduce((s, u) => s + u.cpuMs, 0),
    rssMb: Math.round(each.reduce((s, u) => s + u.rssMb, 0) * 10) / 10,
    reads: calls.reduce((s, c) => s + c.reads, 0),
    writes: calls.reduce((s, c) => s + c.writes, 0),
  };
}

/** Cores the nodes used over the next `ms`. */
async function coresOver(nodes: readonly Node[], ms: number): Promise<number> {
  const before = nodesUsage(nodes).cpuMs;
  await new Promise((r) => setTimeout(r, ms));
  return Math.round(((nodesUsage(nodes).cpuMs - before) / ms) * 100) / 100;
}

/**
 * Waits (up to two minutes) until the server is back to about its connected-and-idle CPU: starts
 * the generator gave up on are still being built and sent after the storm, and their CPU is the
 * start path's, not the saves' (docs/cluster.md §9).
 */
async function settle(nodes: readonly Node[], idleCores: number): Promise<{ waitedMs: number; cores: number }> {
  const t0 = Date.now();
  let cores = await coresOver(nodes, 1000);
  while (cores > Math.max(idleCores * 1.5, idleCores + 0.1) && Date.now() - t0 < 120_000) cores = await coresOver(nodes, 1000);
  return { waitedMs: Date.now() - t0, cores };
}

type Msg = { type: string; [k: string]: unknown };
function collect(workers: ChildProcess[], type: string): Promise<Msg[]> {
  return Promise.all(workers.map((w) => new Promise<Msg>((resolve) => {
    const onMessage = (m: Msg) => {
      if (m.type !== type) return;
      w.off('message', onMessage);
      resolve(m);
    };
    w.on('message', onMessage);
  })));
}

/** The load generator's event-loop delay in the saving window's first round (the start storm's wake) and after it. */
type LoopDelay = { p99: number; max: number };
type WorkerLoopDelays = { firstRound: LoopDelay | null; afterFirstRound: LoopDelay | null };
const worstOf = (delays: readonly (LoopDelay | null)[]): LoopDelay | null => {
  const seen = delays.filter((d): d is LoopDelay => d !== null);
  return seen.length === 0 ? null : { p99: Math.max(...seen.map((d) => d.p99)), max: Math.max(...seen.map((d) => d.max)) };
};
const worstLoopDelays = (workers: readonly WorkerLoopDelays[]) => ({ firstRound: worstOf(workers.map((w) => w.firstRound)), afterFirstRound: worstOf(workers.map((w) => w.afterFirstRound)) });
const delayText = (d: LoopDelay | null) => (d ? `p99 ${d.p99} ms, max ${d.max} ms` : 'not measured');
const round3 = (n: number) => Math.round(n * 1000) / 1000;
const reasonsText = (reasons: Record<string, number>) => (Object.keys(reasons).length > 0 ? ` ${JSON.stringify(reasons)}` : '');

/** The workers' counts of failures by reason, added up. */
function mergeCounts(msgs: readonly Msg[], field = 'reasons'): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of msgs) for (const [k, v] of Object.entries((m[field] ?? {}) as Record<string, number>)) out[k] = (out[k] ?? 0) + v;
  return out;
}

async function lostAnswers(target: Target, acked: Acked[]): Promise<number> {
  const latest = new Map<string, Acked>();
  for (const a of acked) {
    const key = `${a.sessionId}:${a.itemId}`;
    if ((latest.get(key)?.revision ?? 0) < a.revision) latest.set(key, a);
  }
  const rows = await target.query<{ session_id: number; paper_item_id: number; revision: number; response_json: string }>('select session_id, paper_item_id, revision, response_json from answers');
  const stored = new Map(rows.map((r) => [`${r.session_id}:${r.paper_item_id}`, r]));
  const items = await target.query<{ id: number; options_json: string }>('select id, options_json from paper_items');
  const options = new Map(items.map((r) => [r.id, new Map((JSON.parse(r.options_json) as { id: string; text: string }[]).map((o) => [o.id, o.text]))]));
  const textsOf = (itemId: number, json: string) => (JSON.parse(json) as { choices: string[] }).choices.map((id) => options.get(itemId)?.get(id));
  let lost = 0;
  for (const a of latest.values()) {
    const row = stored.get(`${a.sessionId}:${a.itemId}`);
    if (!row || row.revision < a.revision || (row.revision === a.revision && JSON.stringify(textsOf(a.itemId, row.response_json)) !== JSON.stringify(a.texts))) lost++;
  }
  return lost;
}

async function deadlineStorm(dataDir: string, target: Target, nodes: Node[]) {
  await Promise.all(nodes.map(stopNode));
  // Every running session gets the same deadline, a whole second a little after the restart.
  const at = Math.ceil((Date.now() + 10_000) / 1000) * 1000;
  const [counted] = await target.query<{ n: number }>("select count(*) as n from exam_sessions where status = 'in_progress'");
  await target.query("update exam_sessions set deadline = ? where status = 'in_progress'", [at]);
  const restarted = await startNodes(dataDir, target.env);
  let done: number | null = null;
  while (Date.now() < at + 60_000) {
    const [c] = await target.query<{ running: number }>("select count(*) as running from exam_sessions where status = 'in_progress'");
    if (Date.now() >= at && Number(c?.running) === 0) {
      done = Date.now();
      break;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  return { nodes: restarted, sessions: Number(counted?.n ?? 0), allFinalisedAfterMs: done === null ? null : done - at };
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaochang-bench-'));
  // The server under test is the compiled one production runs, not tsx's.
  await buildServer();
  log(`seeding ${N} candidates (${flags.store}, ${nodeCount} node${nodeCount > 1 ? 's' : ''}) in ${dataDir}`);
  const target = await openTarget(dataDir);
  const { exam, tickets } = target.seeded;
  let nodes = await startNodes(dataDir, target.env);
  const serverOpenFiles = openFilesOf(nodes[0]!.proc.pid!);
  const idle = nodesUsage(nodes);

  // With --profile the load generator's workers are profiled too (DIR/generator): half the CPU of a storm is theirs.
  const workerProfiling = flags.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(flags.profile, 'generator')}`] : [];
  const workers = Array.from({ length: W }, () => fork(path.join(root, 'bench/worker.ts'), { execArgv: ['--import', 'tsx', ...workerProfiling], cwd: root }));
  workers.forEach((w, i) =>
    w.send({ type: 'init', init: { baseUrls: tickets.map((_, j) => baseUrlOf(ports[j % nodeCount]!)).filter((_, j) => j % W === i), tickets: tickets.filter((_, j) => j % W === i), password: PASSWORD, sittingPartId: exam.theoryPartId, intervalMs, durationMs, reply: flags.reply } }),
  );
  const t0 = Date.now();
  const logins = await collect(workers, 'logged-in');
  const connected = logins.reduce((s, m) => s + Number(m.count), 0);
  const loginSeconds = (Date.now() - t0) / 1000;
  const afterLogins = nodesUsage(nodes);
  const loginStorm = {
    seconds: Math.round(loginSeconds * 10) / 10,
    perSecond: Math.round(connected / loginSeconds),
    errors: logins.reduce((s, m) => s + Number(m.errors), 0),
    reasons: mergeCounts(logins),
    // The figure a loaded machine does not distort: all the server's threads (scrypt's pool too) per login and handshake.
    serverCpuMicrosPerLogin: Math.round(((afterLogins.cpuMs - idle.cpuMs) * 1000) / Math.max(1, connected)),
  };
  log(`${connected} candidates logged in and connected in ${loginStorm.seconds} s (${loginStorm.perSecond}/s, ${loginStorm.serverCpuMicrosPerLogin} µs server CPU each)`);

  const connectedCores = await coresOver(nodes, 2000);
  const beforeStart = nodesUsage(nodes);

  const connectedRssMb = beforeStart.rssMb;
  const workersCpu = () => workers.reduce((sum, w) => sum + processUsage(w.pid!).cpuMs, 0);
  const workersBeforeStart = workersCpu();
  const startT0 = performance.now();
  const startMono0 = process.hrtime.bigint() / 1000n;
  workers.forEach((w) => w.send({ type: 'start' }));
  const starts = await collect(workers, 'started');
  log(`start storm window for the profiles (monotonic µs): ${startMono0}-${process.hrtime.bigint() / 1000n}`);
  const startStorm = {
    allStartedMs: Math.round(performance.now() - startT0),
    ...summarise(starts.flatMap((m) => m.latencies as number[])),
    errors: starts.reduce((s, m) => s + Number(m.errors), 0),
    reasons: mergeCounts(starts),
    // Asked again 3 s after the exam page's 10 s with no answer yet, as the page does; a late answer still counts.
    reasks: starts.reduce((s, m) => s + Number(m.reasks ?? 0), 0),
    lateAnswersUsed: starts.reduce((s, m) => s + Number(m.lateAnswersUsed ?? 0), 0),
    // Asked again when the earlier answer was already written: refused in a few bytes, the earlier one awaited.
    answersOnTheirWay: starts.reduce((s, m) => s + Number(m.onItsWay ?? 0), 0),
    viewsReceived: starts.reduce((s, m) => s + Number(m.views ?? 0), 0),
    // The compact replies also decoded whole as the page does (bench/worker.ts FULL_DECODE_EVERY); the rest build an item per save.
    fullyDecoded: starts.reduce((s, m) => s + Number(m.fullyDecoded ?? 0), 0),
    // Who spent the time: the server building and sending papers, or the generator parsing them.
    serverCpuMs: Math.round(nodesUsage(nodes).cpuMs - beforeStart.cpuMs),
    loadGeneratorCpuMs: Math.round(workersCpu() - workersBeforeStart),
  };
  log(`start storm: ${JSON.stringify(startStorm)}`);
  const startedRssMb = nodesUsage(nodes).rssMb;
  const settled = await settle(nodes, connectedCores);
  log(`server settled ${settled.waitedMs} ms after the start storm (${settled.cores} cores, connected and idle: ${connectedCores})`);

  const beforeSaves = nodesUsage(nodes);
  const workersBefore = workersCpu();
  let peakRss = beforeSaves.rssMb;
  const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, nodesUsage(nodes).rssMb)), 1000);
  const savesT0 = performance.now();
  // The saving window on the monotonic clock that V8's CPU profiles (--profile) stamp their samples with.
  const savesMono0 = process.hrtime.bigint() / 1000n;
  // The health probe opens files: within a few descriptors of the server's limit it would fail (EMFILE) and log errors of the bench's own making.
  const probeLoops = !(Number(serverOpenFiles) <= N / nodeCount + 100);
  if (probeLoops) await serverLoopDelays(); // resets each node's probe: the next reading covers the saving window
  workers.forEach((w) => w.send({ type: 'save' }));
  const saves = await collect(workers, 'saved');
  const serverLoopDelay = probeLoops ? await serverLoopDelays() : null;
  if (flags.profile) log(`saving window for the profiles (monotonic µs): ${savesMono0}-${process.hrtime.bigint() / 1000n}`);
  clearInterval(rssTimer);
  const afterSaves = nodesUsage(nodes);
  // Every node's pauses in the saving window, placed on wall time by its start.
  const gcDuringSaves = summariseGc(
    nodes.flatMap((n) => n.gc.pauses.map((p) => ({ ...p, atMs: p.atMs + n.spawnedAt }))),
    savesT0 + performance.timeOrigin,
    Date.now(),
  );
  // The JS heap's share of the peak: the rest of RSS is code, socket buffers, malloc and SQLite.
  const heapSinceLogins = summariseGc(
    nodes.flatMap((n) => n.gc.pauses.map((p) => ({ ...p, atMs: p.atMs + n.spawnedAt }))),
    t0,
    Date.now(),
  );
  const loadGeneratorCores = Math.round(((workersCpu() - workersBefore) / ((performance.now() - savesT0) || 1)) * 100) / 100;
  const saveSeconds = (performance.now() - savesT0) / 1000;
  const latencies = saves.flatMap((m) => m.latencies as number[]);
  const acked = saves.flatMap((m) => m.acked as Acked[]);
  const errorCodes: Record<string, number> = {};
  for (const m of saves) for (const [k, v] of Object.entries(m.errorCodes as Record<string, number>)) errorCodes[k] = (errorCodes[k] ?? 0) + v;
  const autosave = {
    ...summarise(latencies),
    // The first round of saves meets the start storm's wake (every page idle until then is sent a
    // heartbeat every 3 s, the storm's garbage is collected): the rest says what the steady state is.
    afterFirstRound: summarise(saves.flatMap((m) => m.afterFirstRound as number[])),
    savesPerSecond: Math.round(latencies.length / saveSeconds),
    errors: errorCodes,
    serverCpuMicrosPerSave: Math.round(((afterSaves.cpuMs - beforeSaves.cpuMs) * 1000) / Math.max(1, latencies.length)),
    serverCpuUtilisation: Math.round(((afterSaves.cpuMs - beforeSaves.cpuMs) / (saveSeconds * 1000)) * 100) / 100,
    serverSyscallsPerSave: {
      reads: Math.round(((afterSaves.reads - beforeSaves.reads) / Math.max(1, latencies.length)) * 100) / 100,
      writes: Math.round(((afterSaves.writes - beforeSaves.writes) / Math.max(1, latencies.length)) * 100) / 100,
    },
    // The generator shares the two cores: when it needs most of them, latencies are its own.
    loadGeneratorCores,
    // The worst worker's event-loop delay while saving: the part of an ack's latency that is the generator's stall, not the server's.
    serverLoopDelayMs: serverLoopDelay,
    loadGeneratorLoopDelayMs: worstLoopDelays(saves.map((m) => m.loopDelay as WorkerLoopDelays)),
    // Its GC pauses (the worst worker's): an ack that came during one is timed late by it as well.
    loadGeneratorGc: { shareOfWall: round3(Math.max(...saves.map((m) => (m.gc as { share: number }).share))), maxMs: Math.round(Math.max(...saves.map((m) => (m.gc as { maxMs: number }).maxMs))) },
  };
  log(`autosave: ${JSON.stringify(autosave)}`);
  const lost = await lostAnswers(target, acked);
  log(`lost answers: ${lost} of ${acked.length} acked`);
  const serverErrors = Object.fromEntries(nodes.flatMap((n) => [...n.gc.errors]));
  if (Object.keys(serverErrors).length > 0) log(`server error lines so far: ${JSON.stringify(serverErrors)}`);

  workers.forEach((w) => w.send({ type: 'close' }));
  await collect(workers, 'closed');
  const storm = await deadlineStorm(dataDir, target, nodes);
  nodes = storm.nodes;
  log(`deadline storm: ${storm.sessions} sessions finalised ${storm.allFinalisedAfterMs} ms after their common deadline`);
  await Promise.all(nodes.map(stopNode));
  await target.close();

  const perCandidateKb = (rssMb: number) => Math.round(((rssMb - idle.rssMb) * 1024) / Math.max(1, connected));
  const result = {
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    params: { candidates: N, intervalSeconds: intervalMs / 1000, durationSeconds: durationMs / 1000, workers: W, store: flags.store, nodes: nodeCount, reply: flags.reply },
    connected,
    loginStorm,
    startStorm,
    settledAfterStartsMs: settled.waitedMs,
    autosave,
    gcDuringSaves,
    lostAnswers: lost,
    ackedAnswers: acked.length,
    server: {
      idleRssMb: idle.rssMb,
      peakRssMb: peakRss,
      rssKbPerCandidate: perCandidateKb(peakRss),
      // Where the peak comes from: connections alone (after the logins), then with a paper each (after the starts).
      connectedRssMb,
      connectedRssKbPerCandidate: perCandidateKb(connectedRssMb),
      startedRssMb,
      startedRssKbPerCandidate: perCandidateKb(startedRssMb),
      nodeFlags,
      heapPeakCommittedMb: heapSinceLogins.peakCommittedMb,
      heapLiveAfterLastFullGcMb: heapSinceLogins.liveAfterFullGcMb,
    },
    deadlineStorm: { sessions: storm.sessions, allFinalisedAndScoredWithinMs: storm.allFinalisedAfterMs },
  };
  const stamp = result.at.replace(/[:.]/g, '-');
  const outDir = path.join(root, 'bench/results');
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, `${stamp}.json`), JSON.stringify(result, null, 2));
  const md = [
    `# Kaochang benchmark ${result.at}`,
    '',
    `Machine: ${result.machine.cpus} cores (${result.machine.cpuModel}), ${result.machine.memoryGb} GiB, Node ${result.machine.node}. Load generator on the same machine (${W} worker processes). Server's open-files limit: ${serverOpenFiles}.`,
    `Command: \`npm run bench -- --candidates ${N} --interval ${intervalMs / 1000} --duration ${durationMs / 1000}${flags.store === 'pg' ? ` --store pg --nodes ${nodeCount}` : ''}${flags.reply === 'today' ? ' --reply today' : ''}\``,
    ...(flags.store === 'pg' ? [`Store: PostgreSQL on this machine; ${nodeCount} node${nodeCount > 1 ? 's and Redis' : ''}, all sharing its cores (server CPU and RSS are the nodes' sums).`] : []),
    '',
    '| figure | value |',
    '|---|---|',
    `| connected candidates | ${connected} |`,
    `| login storm | ${connected} logged in and connected in ${loginStorm.seconds} s (${loginStorm.perSecond}/s, ${loginStorm.errors} errors${reasonsText(loginStorm.reasons)}; server CPU ${loginStorm.serverCpuMicrosPerLogin} µs per login) |`,
    `| start storm: all ${N} started | ${startStorm.allStartedMs} ms (p50 ${startStorm.p50} ms, p99 ${startStorm.p99} ms, errors ${startStorm.errors}${reasonsText(startStorm.reasons)}, asked again after 10 s: ${startStorm.reasks}, late answers used: ${startStorm.lateAnswersUsed}, asked again with the earlier answer on its way: ${startStorm.answersOnTheirWay}, views received: ${startStorm.viewsReceived}, each checked in full (content bytes, every layout index and token) with its items built one per save, ${startStorm.fullyDecoded} also decoded whole as the exam page does; CPU: server ${startStorm.serverCpuMs} ms, load generator ${startStorm.loadGeneratorCpuMs} ms) |`,
    `| server settled after the start storm | ${settled.waitedMs} ms (the saving window begins then) |`,
    `| autosave ack latency | p50 ${autosave.p50} ms, p95 ${autosave.p95} ms, p99 ${autosave.p99} ms, max ${autosave.max} ms |`,
    `| the same, saves begun after every candidate's first (${autosave.afterFirstRound.count} of ${autosave.count}) | p50 ${autosave.afterFirstRound.p50} ms, p95 ${autosave.afterFirstRound.p95} ms, p99 ${autosave.afterFirstRound.p99} ms, max ${autosave.afterFirstRound.max} ms |`,
    `| server's event-loop delay while saving (worst node, /api/health; its 20 ms sampling period included) | ${autosave.serverLoopDelayMs ? `p99 ${autosave.serverLoopDelayMs.p99} ms, max ${autosave.serverLoopDelayMs.max} ms` : 'not read (at the open-files limit, or a node did not answer its health probe)'} |`,
    `| load generator's event-loop delay while saving (worst worker; its 10 ms sampling period included) | first round ${delayText(autosave.loadGeneratorLoopDelayMs.firstRound)}; after it ${delayText(autosave.loadGeneratorLoopDelayMs.afterFirstRound)} |`,
    `| load generator's GC pauses while saving (worst worker, wall time) | ${(autosave.loadGeneratorGc.shareOfWall * 100).toFixed(1)} % of the time, max ${autosave.loadGeneratorGc.maxMs} ms |`,
    `| saves per second | ${autosave.savesPerSecond} |`,
    `| autosave errors | ${JSON.stringify(autosave.errors)} |`,
    `| server CPU per save | ${autosave.serverCpuMicrosPerSave} µs (server used ${autosave.serverCpuUtilisation} cores, load generator ${autosave.loadGeneratorCores} cores) |`,
    `| server system calls per save | ${autosave.serverSyscallsPerSave.reads} reads, ${autosave.serverSyscallsPerSave.writes} writes (sockets and files, all threads) |`,
    `| GC pauses while saving | ${gcDuringSaves.pauses} pauses, ${gcDuringSaves.totalMs} ms in all (${(gcDuringSaves.shareOfWall * 100).toFixed(1)} % of the time), p99 ${gcDuringSaves.p99Ms} ms, max ${gcDuringSaves.maxMs} ms; ${gcDuringSaves.markCompacts} full (mark-compact), longest ${gcDuringSaves.maxMarkCompactMs} ms |`,
    `| server RSS | idle ${result.server.idleRssMb} MB, peak ${result.server.peakRssMb} MB (${result.server.rssKbPerCandidate} KB per candidate); connected ${connectedRssMb} MB (${result.server.connectedRssKbPerCandidate} KB), started ${startedRssMb} MB (${result.server.startedRssKbPerCandidate} KB) |`,
    `| server JS heap (node ${nodeFlags.join(' ')}) | peak ${heapSinceLogins.peakCommittedMb} MB held since the logins began; ${heapSinceLogins.liveAfterFullGcMb ?? '–'} MB live after the last full GC |`,
    `| lost answers | ${lost} of ${acked.length} acked |`,
    `| server error log lines | ${JSON.stringify(serverErrors)} |`,
    `| deadline storm | ${storm.sessions} sessions with one deadline, all finalised and scored within ${storm.allFinalisedAfterMs} ms |`,
    '',
  ].join('\n');
  fs.writeFileSync(path.join(outDir, `${stamp}.md`), md);
  process.stdout.write(`${md}\n`);
  fs.rmSync(dataDir, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
