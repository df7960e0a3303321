import path from 'node:path';
import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import { ManualClock } from '../server/src/core/clock.ts';
import { tablesOf } from '../server/src/core/db/store.ts';
import type { SessionUser } from '../server/src/core/session-user.ts';
import { seedCrowdExam } from '../server/src/features/demo/seed.ts';
import { createSessionService } from '../server/src/features/exam/session-service.ts';
import type { SessionView } from '../shared/events.ts';
import { examOwners } from '../tests/helpers/owners.ts';
import { openBenchStore } from './engine-store.ts';

/**
 * `npm run bench:save-path -- --store sqlite --candidates 2000`: the exam engine alone, in one
 * process, without sockets: CPU per answer save (bursts of --burst saves arriving in one turn, as a
 * room autosaves) and the deadline storm (every session due at once, finalised and scored).
 */
const { values: flags } = parseArgs({
  options: {
    store: { type: 'string', default: 'sqlite' },
    candidates: { type: 'string', default: '2000' },
    burst: { type: 'string', default: '200' },
    rounds: { type: 'string', default: '50' },
  },
});
const N = Number(flags.candidates);
const BURST = Number(flags.burst);
const ROUNDS = Number(flags.rounds);
const log = (msg: string) => process.stdout.write(`${msg}\n`);
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const open = () => openBenchStore(flags.store, 'kc-save-path-');

async function main() {
  const { store, done } = await open();
  const clock = new ManualClock(Date.now());
  const { exam } = await seedCrowdExam(store.db, clock, { count: N, password: 'x', ticketPrefix: 'S', banksDir: path.join(import.meta.dirname, '../question-banks') });
  const t = tablesOf(store.db);
  const rows = await store.db.select({ id: t.candidates.id, userId: t.candidates.userId, ticketNo: t.candidates.ticketNo }).from(t.candidates).where(eq(t.candidates.sittingId, exam.sittingId));
  const users: SessionUser[] = rows.map((r) => ({ userId: r.userId, role: 'candidate', displayName: r.ticketNo, ticketNo: r.ticketNo, candidateId: r.id }));
  let ended = 0;
  const service = (on: ManualClock) =>
    createSessionService({
      db: store.db,
      clock: on,
      owners: examOwners,
      notifier: { answerSaved: () => {}, sessionEnded: () => void ended++, candidateChanged: () => {} },
      screenshotLimits: { perTask: 20, maxBytes: 1 << 20, maxWidth: 4096, maxHeight: 4096, maxPixels: 16_000_000 },
      screenshots: { screenshotsOf: () => [], itemsWithScreenshots: () => [] },
      sweepMs: 0,
    });
  const sessions = service(clock);
  const views: SessionView[] = [];
  for (let i = 0; i < users.length; i += 500) views.push(...(await Promise.all(users.slice(i, i + 500).map((u) => sessions.start(u, exam.theoryPartId)))));
  log(`${flags.store}: ${views.length} sessions started`);

  let change = 0;
  const saveOne = (i: number) => {
    const view = views[i]!;
    const item = view.items[Math.floor(Math.random() * view.items.length)]!;
    const pick = item.options[Math.floor(Math.random() * item.options.length)]!;
    return sessions.saveAnswer(users[i]!, { sessionId: view.sessionId, itemId: item.id, response: { choices: [pick.id] }, flagged: false, changeId: `c${change++}` });
  };
  // Warm-up, then measured rounds: each a burst of saves from different candidates in one turn.
  for (let r = 0; r < 5; r++) await Promise.all(Array.from({ length: BURST }, (_, k) => saveOne((r * BURST + k) % N)));
  // Five measured phases; the least CPU per save is the figure least disturbed by other load on the machine.
  const phases: { cpu: number; wall: number }[] = [];
  for (let phase = 0; phase < 5; phase++) {
    const c0 = cpuMs();
    const w0 = performance.now();
    for (let r = 0; r < ROUNDS; r++) await Promise.all(Array.from({ length: BURST }, (_, k) => saveOne((r * BURST + k) % N)));
    phases.push({ cpu: ((cpuMs() - c0) * 1000) / (ROUNDS * BURST), wall: ((performance.now() - w0) * 1000) / (ROUNDS * BURST) });
  }
  const fmt = (xs: number[]) => xs.map((x) => Math.round(x)).join(' / ');
  log(`saves: 5 × ${ROUNDS * BURST} in bursts of ${BURST}: CPU per save ${fmt(phases.map((x) => x.cpu))} µs (least ${Math.round(Math.min(...phases.map((x) => x.cpu)))}), wall ${fmt(phases.map((x) => x.wall))} µs`);

  // The deadline storm, as after a restart: a fresh service whose clock is past every deadline ends them all at once.
  await sessions.stop();
  const deadline = Math.max(...views.map((v) => v.deadline ?? 0));
  const after = service(new ManualClock(deadline));
  const c1 = cpuMs();
  const w1 = performance.now();
  const { finalised } = await after.restoreDeadlines();
  const wall = performance.now() - w1;
  const t2 = tablesOf(store.db);
  const scores = await store.db.select({ id: t2.scores.id }).from(t2.scores);
  log(`deadline storm: ${finalised} ended (${ended} told), ${scores.length} scored of ${views.length} in ${Math.round(wall)} ms (${Math.round(((cpuMs() - c1) * 1000) / views.length)} µs CPU per session)`);
  await after.stop();
  await done();
}

main().catch((err: unknown) => {
  process.stderr.write(`save-path bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
