import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import { tablesOf } from '../server/src/core/db/store.ts';
import type { SessionService } from '../server/src/features/exam/session-service.ts';
import type { SessionUser } from '../server/src/core/session-user.ts';
import type { SessionView } from '../shared/events.ts';
import { sessionEngine } from '../tests/helpers/session-engine.ts';
import { cpuMs, fillAnswers, log, openBenchStore, seedCrowd, startProfile, stopProfile } from './engine-store.ts';

/**
 * `npm run bench:deadline-path -- --store sqlite|pg --candidates 20000`: the deadline storm in one
 * process, without sockets (issue #19). N sessions start (as the candidates press start, in sets),
 * each holds --answers answered items, then the manual clock moves past their common deadline and
 * their own timers fire together, as on the node that serves them. Measured until all are ended and
 * scored: CPU and wall time per session, and what the storm does to everyone else: the event loop's
 * longest block (perf_hooks) and the latency of saves by --probes candidates whose deadline is later,
 * saving one after another all through the storm. `--profile DIR` writes a V8 CPU profile of the
 * storm alone to DIR.
 */
const { values: flags } = parseArgs({
  options: {
    store: { type: 'string', default: 'sqlite' },
    candidates: { type: 'string', default: '5000' },
    answers: { type: 'string', default: '5' },
    probes: { type: 'string', default: '50' },
    profile: { type: 'string' },
  },
});
const N = Number(flags.candidates);
const ANSWERS = Number(flags.answers);
const PROBES = Number(flags.probes);

async function main() {
  const { store, done } = await openBenchStore(flags.store, 'kc-deadline-path-');
  const { clock, exam, users } = await seedCrowd(store, N + PROBES);
  let told = 0;
  let changed = 0;
  const sessions = sessionEngine(store.db, clock, {
    notifier: { answerSaved: () => {}, sessionEnded: () => void told++, candidateChanged: () => void changed++ },
    sweepMs: 0,
    // One node, as app.ts wires it without Redis: deadlines end at once, no grace.
    sweepGraceMs: 0,
  });
  const crowd = users.slice(0, N);
  const views = await startAll(sessions, crowd, exam.theoryPartId);
  // The probes start a minute later: their deadline is not the crowd's.
  clock.advance(60_000);
  const probeViews = await startAll(sessions, users.slice(N), exam.theoryPartId);
  await fillAnswers(store, sessions.papers, exam.theoryPartId, views, ANSWERS, clock.now());
  log(`${flags.store}: ${views.length} sessions started, ${ANSWERS} answers each; ${probeViews.length} probes`);

  const deadline = Math.max(...views.map((v) => v.deadline ?? 0));
  told = changed = 0;
  const stall = monitorEventLoopDelay({ resolution: 5 });
  const probe = probing(sessions, users.slice(N), probeViews);
  const profiler = flags.profile ? await startProfile() : undefined;
  stall.enable();
  const c0 = cpuMs();
  const w0 = performance.now();
  clock.set(deadline);
  await sessions.idle();
  const wall = performance.now() - w0;
  const cpu = cpuMs() - c0;
  stall.disable();
  if (profiler) await stopProfile(profiler, path.join(flags.profile!, `deadline-path-${flags.store}-${N}.cpuprofile`));
  const saves = await probe.stop();

  const t = tablesOf(store.db);
  const scored = (await store.db.select({ id: t.scores.id }).from(t.scores)).length;
  const running = (await store.db.select({ id: t.examSessions.id }).from(t.examSessions).where(eq(t.examSessions.status, 'in_progress'))).length;
  log(`deadline storm: ${N} due, ${told} told, ${changed} proctor rows asked, ${scored} scored, ${running - probeViews.length} of the crowd still running`);
  log(`  wall ${Math.round(wall)} ms, CPU ${Math.round(cpu)} ms: ${Math.round((cpu * 1000) / N)} µs CPU per session (probe saves included: ${saves.count})`);
  log(`  longest event-loop block ${Math.round(stall.max / 1e6)} ms (p99 ${Math.round(stall.percentile(99) / 1e6)} ms); probe save latency p50/p99/max ${saves.p50} / ${saves.p99} / ${saves.max} ms`);
  await sessions.stop();
  await done();
}

/** Starts in sets of 500, as a room's start storm arrives. */
async function startAll(sessions: SessionService, users: readonly SessionUser[], partId: number): Promise<SessionView[]> {
  const views: SessionView[] = [];
  for (let i = 0; i < users.length; i += 500) views.push(...(await Promise.all(users.slice(i, i + 500).map((u) => sessions.start(u, partId)))));
  return views;
}

/** The probes save one after another until stopped; the latency of each, in ms. */
function probing(sessions: SessionService, users: readonly SessionUser[], views: readonly SessionView[]) {
  const latencies: number[] = [];
  let running = views.length > 0;
  let change = 0;
  const loop = (async () => {
    for (let i = 0; running; i = (i + 1) % views.length) {
      const view = views[i]!;
      const item = view.items[change % view.items.length]!;
      const t0 = performance.now();
      await sessions.saveAnswer(users[i]!, { sessionId: view.sessionId, itemId: item.id, response: { choices: [item.options[0]!.id] }, flagged: false, changeId: `p${change++}` });
      latencies.push(performance.now() - t0);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      const sorted = latencies.sort((a, b) => a - b);
      const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
      return { count: sorted.length, p50: at(0.5), p99: at(0.99), max: Math.round(sorted.at(-1) ?? 0) };
    },
  };
}

main().catch((err: unknown) => {
  process.stderr.write(`deadline-path bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
