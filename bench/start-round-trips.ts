import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import pg from 'pg';
import { buildApp } from '../server/src/app.ts';
import { ManualClock } from '../server/src/core/clock.ts';
import { loadConfig } from '../server/src/core/config.ts';
import { openStore } from '../server/src/core/db/open-store.ts';
import { tablesOf } from '../server/src/core/db/store.ts';
import type { SessionUser } from '../server/src/core/session-user.ts';
import { seedCrowdExam } from '../server/src/features/demo/seed.ts';
import { createPgDatabase } from '../tests/helpers/pg-database.ts';
import { cpuMs, log } from './engine-store.ts';

/**
 * `npm run bench:start-round-trips -- --candidates 2000`: the start storm in one process on PostgreSQL,
 * through the whole app's wiring (every port a start reads) but without sockets: server CPU and
 * database round trips per start, in bursts of --burst starts arriving together. CPU, not wall time,
 * is the figure to compare on a loaded machine.
 */
const { values: flags } = parseArgs({ options: { candidates: { type: 'string', default: '2000' }, burst: { type: 'string', default: '200' } } });
const N = Number(flags.candidates);
const BURST = Number(flags.burst);

/** Every statement any pg client of this process sends (BEGIN and COMMIT included). */
function countStatements() {
  const counts = { n: 0 };
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    counts.n++;
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  return counts;
}

async function main() {
  const database = await createPgDatabase();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-start-round-trips-'));
  const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: database.url });
  const store = await openStore(config);
  const clock = new ManualClock(Date.now());
  const { exam } = await seedCrowdExam(store.db, clock, { count: N, password: 'x', ticketPrefix: 'S', banksDir: path.join(import.meta.dirname, '../question-banks') });
  const t = tablesOf(store.db);
  const rows = await store.db.select({ id: t.candidates.id, userId: t.candidates.userId, ticketNo: t.candidates.ticketNo }).from(t.candidates).where(eq(t.candidates.sittingId, exam.sittingId));
  const users: SessionUser[] = rows.map((r) => ({ userId: r.userId, role: 'candidate', displayName: r.ticketNo, ticketNo: r.ticketNo, candidateId: r.id }));
  const app = await buildApp({ config, clock, store, clientDir: path.join(dir, 'no-client') });
  const statements = countStatements();
  const start = (u: SessionUser) => app.sessions.start(u, exam.theoryPartId);

  // The first burst warms the node's caches (paper, part, settings, secrets) and the prepared statements.
  await Promise.all(users.slice(0, BURST).map(start));
  const phases: { cpu: number; statements: number }[] = [];
  for (let i = BURST; i + BURST <= users.length; i += BURST) {
    const c0 = cpuMs();
    const s0 = statements.n;
    await Promise.all(users.slice(i, i + BURST).map(start));
    await app.proctor.idle();
    phases.push({ cpu: ((cpuMs() - c0) * 1000) / BURST, statements: (statements.n - s0) / BURST });
  }
  const fmt = (xs: number[], digits = 0) => xs.map((x) => x.toFixed(digits)).join(' / ');
  const cpu = phases.map((p) => p.cpu);
  log(`starts: ${phases.length} × ${BURST} after a warm-up burst: CPU per start ${fmt(cpu)} µs (least ${Math.round(Math.min(...cpu))}, median ${Math.round(cpu.sort((a, b) => a - b)[Math.floor(cpu.length / 2)]!)})`);
  log(`statements per start (BEGIN and COMMIT shared by a batch included): ${fmt(phases.map((p) => p.statements), 2)}`);
  await app.close();
  await store.close();
  await database.drop();
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  process.stderr.write(`start-round-trips bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
