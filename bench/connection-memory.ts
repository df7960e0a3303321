/**
 * What one connected candidate costs the server (issue #19), measured in-process after full GCs:
 * the app on a temp SQLite database, N candidates logged in and connected by the bench's own load
 * generator (bench/worker.ts, another process), then, with --start, each with a started paper.
 * Prints heap, external and array-buffer bytes per candidate, and with --snapshot the heap's
 * objects per candidate by kind (closures, objects, strings …) from two heap snapshots.
 *
 *   node --expose-gc --import tsx bench/connection-memory.ts --candidates 1000 [--start] [--snapshot]
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PerformanceObserver } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import { buildApp } from '../server/src/app.ts';
import { systemClock } from '../server/src/core/clock.ts';
import { loadConfig } from '../server/src/core/config.ts';
import { openDatabase } from '../server/src/core/db/connection.ts';
import { sqliteStoreFor } from '../server/src/core/db/sqlite-store.ts';
import { seedCrowdExam } from '../server/src/features/demo/seed.ts';
import { countByKind, perUnit } from './heap-kinds.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values: flags } = parseArgs({ options: { candidates: { type: 'string', default: '1000' }, start: { type: 'boolean', default: false }, snapshot: { type: 'boolean', default: false } } });
const N = Number(flags.candidates);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc --import tsx');

function settle() {
  for (let i = 0; i < 3; i++) gc!();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers };
}

function snapshotKinds(dir: string, name: string) {
  const file = v8.writeHeapSnapshot(path.join(dir, `${name}.heapsnapshot`));
  const counts = countByKind(JSON.parse(fs.readFileSync(file, 'utf8')));
  fs.rmSync(file);
  return counts;
}

const waitFor = (w: ChildProcess, type: string) =>
  new Promise<Record<string, unknown>>((resolve) => {
    const on = (m: Record<string, unknown>) => m.type === type && (w.off('message', on), resolve(m));
    w.on('message', on);
  });

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-conn-mem-'));
const db = openDatabase(path.join(dir, 'kaochang.sqlite'));
const store = sqliteStoreFor(db.$client);
const { exam, tickets } = await seedCrowdExam(store.db, systemClock, { count: N, password: 'bench-pass', ticketPrefix: 'M', banksDir: path.join(root, 'question-banks') });
const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', SEED_DEMO: 'false', LOGIN_RATE_MAX: String(N * 10) });
const app = await buildApp({ config, clock: systemClock, store, clientDir: path.join(dir, 'no-client') });
await app.listen({ port: 0, host: '127.0.0.1' });
const addr = app.server.address();
if (!addr || typeof addr === 'string') throw new Error('no address');
const baseUrl = `http://127.0.0.1:${addr.port}`;

const worker = fork(path.join(root, 'bench/worker.ts'), { execArgv: ['--import', 'tsx'], cwd: root });
const before = settle();
const kindsBefore = flags.snapshot ? snapshotKinds(dir, 'before') : undefined;
worker.send({ type: 'init', init: { baseUrls: tickets.map(() => baseUrl), tickets, password: 'bench-pass', sittingPartId: exam.theoryPartId, intervalMs: 5000, durationMs: 0 } });
const logins = await waitFor(worker, 'logged-in');
const connected = Number(logins.count);
const kb = (bytes: number) => Math.round((bytes / connected / 1024) * 10) / 10;
const delta = (a: ReturnType<typeof settle>, b: ReturnType<typeof settle>) => ({ rssKb: kb(b.rss - a.rss), heapKb: kb(b.heap - a.heap), externalKb: kb(b.external - a.external), arrayBuffersKb: kb(b.arrayBuffers - a.arrayBuffers) });
const afterLogins = settle();
console.log(`${connected} connected (load ${os.loadavg()[0]!.toFixed(1)}), per candidate after full GC:`, delta(before, afterLogins));
if (kindsBefore) console.log('heap objects per candidate:', perUnit(kindsBefore, snapshotKinds(dir, 'after'), connected));
if (flags.start) {
  // The storm's peak, sampled, and its GC time: what a larger young generation (--max-semi-space-size) changes.
  let peak = { rss: 0, heapTotal: 0 };
  const sample = setInterval(() => {
    const m = process.memoryUsage();
    peak = { rss: Math.max(peak.rss, m.rss), heapTotal: Math.max(peak.heapTotal, m.heapTotal) };
  }, 100);
  let gcMs = 0;
  const gcs = new PerformanceObserver((list) => list.getEntries().forEach((e) => (gcMs += e.duration)));
  gcs.observe({ entryTypes: ['gc'] });
  const cpu0 = process.cpuUsage();
  worker.send({ type: 'start' });
  const started = await waitFor(worker, 'started');
  clearInterval(sample);
  gcs.disconnect();
  const cpu = process.cpuUsage(cpu0);
  const mb = (b: number) => Math.round(b / 2 ** 20);
  console.log(`start storm (node ${process.execArgv.join(' ')}): peak RSS ${mb(peak.rss)} MB, peak heap ${mb(peak.heapTotal)} MB, GC ${Math.round(gcMs)} ms of ${Math.round((cpu.user + cpu.system) / 1000)} ms CPU`);
  console.log(started.reasons);
  console.log(`${connected - Number(started.errors)} started, per candidate after full GC:`, delta(before, settle()), 'of which the start:', delta(afterLogins, settle()));
}
worker.send({ type: 'close' });
await waitFor(worker, 'closed');
await app.close();
db.$client.close();
fs.rmSync(dir, { recursive: true, force: true });
