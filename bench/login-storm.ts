/**
 * Login storm (issue #19): N candidates log in through the candidate form, C at a time, against the
 * whole app on SQLite, once with candidates' passwords hashed at each cost. Prints logins/s, login
 * latency and the event loop's delay while it ran (the load generator shares the process and the
 * machine: absolute figures on a loaded 2-core box are pessimistic).
 *
 *   npx tsx bench/login-storm.ts --candidates 2000 --concurrency 64 --cost standard,admission
 */
import fs from 'node:fs';
import { sqliteStoreFor } from '../server/src/core/db/sqlite-store.ts';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { buildApp } from '../server/src/app.ts';
import { systemClock } from '../server/src/core/clock.ts';
import { loadConfig } from '../server/src/core/config.ts';
import { openDatabase } from '../server/src/core/db/connection.ts';
import { hashPassword, type PasswordCost } from '../server/src/features/auth/passwords.ts';

const { values: flags } = parseArgs({
  options: {
    candidates: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '64' },
    cost: { type: 'string', default: 'standard,admission' },
  },
});
const N = Number(flags.candidates);
const C = Number(flags.concurrency);
const PASSWORD = 'k7mp2xqa';

async function storm(cost: PasswordCost) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-login-storm-'));
  const db = openDatabase(path.join(dir, 'bench.sqlite'));
  const hash = await hashPassword(PASSWORD, cost);
  const insert = db.$client.prepare("insert into users (role, login, display_name, password_hash, created_at) values ('candidate', ?, ?, ?, ?)");
  db.$client.transaction(() => {
    for (let i = 0; i < N; i++) insert.run(`B${String(i).padStart(6, '0')}`, `考生${i}`, hash, Date.now());
  })();
  const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', LOGIN_RATE_MAX: String(N * 10) });
  const app = await buildApp({ config, clock: systemClock, store: sqliteStoreFor(db.$client), clientDir: path.join(dir, 'no-client') });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  if (!addr || typeof addr === 'string') throw new Error('no address');
  const url = `http://127.0.0.1:${addr.port}/api/auth/candidate/login`;

  const latencies: number[] = [];
  let failed = 0;
  let next = 0;
  const loop = monitorEventLoopDelay({ resolution: 5 });
  const cpu = process.cpuUsage();
  const started = performance.now();
  loop.enable();
  await Promise.all(
    Array.from({ length: C }, async () => {
      for (let i = next++; i < N; i = next++) {
        const t0 = performance.now();
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ticketNo: `B${String(i).padStart(6, '0')}`, password: PASSWORD }) });
        await res.arrayBuffer();
        if (res.status !== 200) failed++;
        latencies.push(performance.now() - t0);
      }
    }),
  );
  loop.disable();
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  await app.close();
  db.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!.toFixed(0);
  const ms = (ns: number) => (ns / 1e6).toFixed(1);
  return {
    cost: `${cost} (${hash.split('$').slice(1, 4).join('/')})`,
    logins: N,
    failed,
    'logins/s': (N / seconds).toFixed(0),
    'latency p50/p99 ms': `${q(0.5)} / ${q(0.99)}`,
    'event loop delay p99/max ms': `${ms(loop.percentile(99))} / ${ms(loop.max)}`,
    'main-thread CPU ms/login': ((used.user + used.system) / 1000 / N).toFixed(2),
  };
}

console.log(`${N} candidate logins, ${C} at a time, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}, ${os.cpus().length} cores`);
for (const cost of flags.cost.split(',') as PasswordCost[]) console.log(await storm(cost));
