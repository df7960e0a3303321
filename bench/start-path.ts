import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { createSessionService } from '../server/src/features/exam/session-service.ts';
import type { SessionView } from '../shared/events.ts';
import { examOwners } from '../tests/helpers/owners.ts';
import { cpuMs, log, openBenchStore, seedCrowd } from './engine-store.ts';

/**
 * `npm run bench:start-path -- --store sqlite --candidates 2000`: the start storm in one process,
 * without sockets (issue #19): CPU per start and per resume, each reply encoded as the socket's ack
 * would (JSON text, then UTF-8 bytes), and the bytes allocated per resume (V8's sampling heap
 * profiler, garbage included), so a change to the view can be compared on a loaded machine.
 */
const { values: flags } = parseArgs({
  options: {
    store: { type: 'string', default: 'sqlite' },
    candidates: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '5' },
  },
});
const N = Number(flags.candidates);
const ROUNDS = Number(flags.rounds);

const open = () => openBenchStore(flags.store, 'kc-start-path-');

/** What the socket layer does with a reply: JSON text, then the frame's bytes. */
const encode = (view: SessionView) => Buffer.byteLength(JSON.stringify(view));

/** Bytes allocated (sampled, scaled by V8, garbage included) while `work` runs. */
async function allocated(work: () => Promise<unknown>): Promise<number> {
  const inspector = new Session();
  inspector.connect();
  await inspector.post('HeapProfiler.enable');
  await inspector.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  await work();
  const { profile } = await inspector.post('HeapProfiler.stopSampling');
  inspector.disconnect();
  type Node = { selfSize: number; children: Node[] };
  const total = (n: Node): number => n.selfSize + n.children.reduce((s, c) => s + total(c), 0);
  return total(profile.head as Node);
}

async function main() {
  const { store, done } = await open();
  const { clock, exam, users } = await seedCrowd(store, N);
  const sessions = createSessionService({
    db: store.db,
    clock,
    owners: examOwners,
    notifier: { answerSaved: () => {}, sessionEnded: () => {}, candidateChanged: () => {} },
    screenshotLimits: { perTask: 20, maxBytes: 1 << 20, maxWidth: 4096, maxHeight: 4096, maxPixels: 16_000_000 },
    screenshots: { screenshotsOf: () => [], itemsWithScreenshots: () => [] },
    sweepMs: 0,
  });

  // The storm: every candidate presses start in the same second.
  let bytes = 0;
  const c0 = cpuMs();
  const w0 = performance.now();
  const views = await Promise.all(users.map(async (u) => {
    const view = await sessions.start(u, exam.theoryPartId);
    bytes += encode(view);
    return view;
  }));
  log(`${flags.store}: start storm of ${N}: ${Math.round(performance.now() - w0)} ms, CPU per start ${Math.round(((cpuMs() - c0) * 1000) / N)} µs, reply ${Math.round(bytes / N)} B`);

  // Every candidate's page reloads at once (the same view, no insert): the view's own cost, in rounds.
  const resumeAll = (asks: number) => Promise.all(users.flatMap((u, i) => Array.from({ length: asks }, async () => encode(await sessions.resume(u, views[i]!.sessionId)))));
  const perResume: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const c1 = cpuMs();
    await resumeAll(1);
    perResume.push(((cpuMs() - c1) * 1000) / N);
  }
  const fmt = (xs: number[]) => xs.map((x) => Math.round(x)).join(' / ');
  log(`resume storms: ${ROUNDS} × ${N}: CPU per resume ${fmt(perResume)} µs (least ${Math.round(Math.min(...perResume))})`);
  // Each candidate asking twice at once, as a page that asks again while its first ask waits.
  const c2 = cpuMs();
  await resumeAll(2);
  log(`resume storm, every candidate asking twice at once: CPU per candidate ${Math.round(((cpuMs() - c2) * 1000) / N)} µs`);
  const bytesPerResume = (await allocated(() => resumeAll(1))) / N;
  log(`allocated per resume (sampled, with its reply's JSON): ${Math.round(bytesPerResume / 1024)} KB`);

  await sessions.stop();
  await done();
}

main().catch((err: unknown) => {
  process.stderr.write(`start-path bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
