import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { ManualClock } from '../server/src/core/clock.ts';
import { tablesOf } from '../server/src/core/db/store.ts';
import { createSessionService } from '../server/src/features/exam/session-service.ts';
import type { SessionView } from '../shared/events.ts';
import { examOwners } from '../tests/helpers/owners.ts';
import { cpuMs, fillAnswers, log, openBenchStore, seedCrowd, startProfile, stopProfile } from './engine-store.ts';

/**
 * `npm run bench:save-path -- --store sqlite --candidates 2000`: the exam engine alone, in one
 * process, without sockets: CPU per answer save (bursts of --burst saves arriving in one turn, as a
 * room autosaves) and the deadline storm (every session due at once, finalised and scored).
 * `--rate R` sends the saves spread out instead, R a second (those due at each millisecond's timer in
 * one turn, as a server reads its sockets), and `--spacing MS` is the group commit's
 * EXAM_COMMIT_SPACING_MS (0 by default): a quiet stream's small batches, each paying a whole commit.
 * `--rounds 0` skips the saves; `--answers K` gives every session K answered items before the storm
 * (written straight to the table, as a sitting near its end holds them); `--profile DIR` writes a
 * V8 CPU profile of the storm alone to DIR.
 */
const { values: flags } = parseArgs({
  options: {
    store: { type: 'string', default: 'sqlite' },
    candidates: { type: 'string', default: '2000' },
    burst: { type: 'string', default: '200' },
    rounds: { type: 'string', default: '50' },
    answers: { type: 'string', default: '0' },
    rate: { type: 'string' },
    spacing: { type: 'string', default: '0' },
    profile: { type: 'string' },
  },
});
const N = Number(flags.candidates);
const BURST = Number(flags.burst);
const ROUNDS = Number(flags.rounds);
const ANSWERS = Number(flags.answers);

const open = () => openBenchStore(flags.store, 'kc-save-path-');

async function main() {
  const { store, done } = await open();
  const { clock, exam, users } = await seedCrowd(store, N);
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
      // One node, as app.ts wires it without Redis: deadlines end at once, no grace.
      sweepGraceMs: 0,
      commitSpacingMs: Number(flags.spacing),
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
  const burst = (r: number) => Promise.all(Array.from({ length: BURST }, (_, k) => saveOne((r * BURST + k) % N)));
  /** `count` saves, R a second: each millisecond's timer sends those due by then, in one turn. */
  const paced = async (count: number, perSecond: number) => {
    const acks: Promise<unknown>[] = [];
    const t0 = performance.now();
    await new Promise<void>((resolve) => {
      const tick = setInterval(() => {
        const due = Math.min(count, Math.floor(((performance.now() - t0) * perSecond) / 1000));
        while (acks.length < due) acks.push(saveOne(acks.length % N));
        if (acks.length >= count) resolve(clearInterval(tick));
      }, 1);
    });
    await Promise.all(acks);
  };
  const RATE = flags.rate ? Number(flags.rate) : 0;
  // Warm-up, then measured rounds: each a burst of saves from different candidates in one turn.
  for (let r = 0; r < 5; r++) await burst(r);
  // Five measured phases; the least CPU per save is the figure least disturbed by other load on the machine.
  const phases: { cpu: number; wall: number }[] = [];
  for (let phase = 0; phase < (ROUNDS > 0 ? 5 : 0); phase++) {
    const c0 = cpuMs();
    const w0 = performance.now();
    if (RATE > 0) await paced(ROUNDS * BURST, RATE);
    else for (let r = 0; r < ROUNDS; r++) await burst(r);
    phases.push({ cpu: ((cpuMs() - c0) * 1000) / (ROUNDS * BURST), wall: ((performance.now() - w0) * 1000) / (ROUNDS * BURST) });
  }
  const fmt = (xs: number[]) => xs.map((x) => Math.round(x)).join(' / ');
  const how = RATE > 0 ? `at ${RATE}/s, spacing ${flags.spacing} ms` : `in bursts of ${BURST}`;
  if (ROUNDS > 0) log(`saves: 5 × ${ROUNDS * BURST} ${how}: CPU per save ${fmt(phases.map((x) => x.cpu))} µs (least ${Math.round(Math.min(...phases.map((x) => x.cpu)))}), wall ${fmt(phases.map((x) => x.wall))} µs`);

  // The deadline storm, as after a restart: a fresh service whose clock is past every deadline ends them all at once.
  await sessions.stop();
  if (ANSWERS > 0) log(`${await fillAnswers(store, sessions.papers, exam.theoryPartId, views, ANSWERS, clock.now())} answers written (${ANSWERS} per session)`);
  const deadline = Math.max(...views.map((v) => v.deadline ?? 0));
  const after = service(new ManualClock(deadline));
  const profiler = flags.profile ? await startProfile() : undefined;
  const statements = countStatements();
  const c1 = cpuMs();
  const w1 = performance.now();
  const { finalised } = await after.restoreDeadlines();
  const wall = performance.now() - w1;
  const cpu = cpuMs() - c1;
  const sent = statements.stop();
  if (profiler) await stopProfile(profiler, path.join(flags.profile!, `deadline-storm-${flags.store}-${N}.cpuprofile`));
  const t2 = tablesOf(store.db);
  const scores = await store.db.select({ id: t2.scores.id }).from(t2.scores);
  log(`deadline storm: ${finalised} ended (${ended} told), ${scores.length} scored of ${views.length} in ${Math.round(wall)} ms wall, ${Math.round(cpu)} ms CPU (${Math.round((cpu * 1000) / views.length)} µs CPU per session; ${ANSWERS} answers each${flags.store === 'pg' ? `; ${sent} statements sent to PostgreSQL` : ''})`);
  await after.stop();
  await done();
}

/** Statements sent to PostgreSQL (each one round trip) until stopped; 0 on SQLite. */
function countStatements(): { stop: () => number } {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  let n = 0;
  proto.query = function (this: unknown, ...args: unknown[]) {
    n++;
    return original.apply(this, args);
  };
  return { stop: () => ((proto.query = original), n) };
}

main().catch((err: unknown) => {
  process.stderr.write(`save-path bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
