import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { Decoder, Encoder, PacketType, type Packet } from 'socket.io-parser';
import { createSessionService } from '../server/src/features/exam/session-service.ts';
import { SESSION_VIEW_WIRE } from '../shared/events.ts';
import { decodeSessionView, lazyItemsOf, type CompactSessionView, type SessionViewReply } from '../shared/session-view-wire.ts';
import { examOwners } from '../tests/helpers/owners.ts';
import { cpuMs, log, openBenchStore, seedCrowd } from './engine-store.ts';

/**
 * `npm run bench:start-path -- --store sqlite --candidates 2000`: the start storm in one process,
 * without sockets (issue #19): CPU per start and per resume, each reply encoded as the socket's ack
 * is (socket.io-parser's Encoder: JSON text and binary attachments, then the text's UTF-8 bytes), and
 * the bytes allocated per resume (V8's sampling heap profiler, garbage included), so a change to the
 * view can be compared on a loaded machine. Both reply formats side by side: today's SessionView and
 * the compact one (shared/session-view-wire.ts), with the receiving side's CPU per reply (the
 * parser's Decoder, then decodeSessionView, as the exam page and the load generator do).
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
const FORMATS = ['today', 'compact'] as const;
type Format = (typeof FORMATS)[number];
const wireOf = (format: Format) => (format === 'compact' ? SESSION_VIEW_WIRE : undefined);

const open = () => openBenchStore(flags.store, 'kc-start-path-');

const encoder = new Encoder();
/** What the socket layer does with a reply: the ack packet's text and attachments, then the text's bytes. */
function encode(view: SessionViewReply): { bytes: number; frames: (string | Buffer)[] } {
  const frames = encoder.encode({ type: PacketType.ACK, id: 1, nsp: '/', data: [{ ok: true, data: view }] }) as (string | Buffer)[];
  let bytes = 0;
  for (const f of frames) bytes += typeof f === 'string' ? Buffer.byteLength(f) : f.length;
  return { bytes, frames };
}

/**
 * What the receiving side does with the frames' bytes: the text frame's UTF-8 into a string (as ws
 * does), the parser's Decoder (JSON.parse, attachments put back), then the shared decoder.
 */
function receive(frames: readonly { text: boolean; bytes: Buffer }[]): SessionViewReply {
  const decoder = new Decoder();
  let packet: Packet | undefined;
  decoder.on('decoded', (p: Packet) => (packet = p));
  for (const f of frames) decoder.add(f.text ? f.bytes.toString('utf8') : f.bytes);
  const [ack] = packet!.data as [{ ok: true; data: SessionViewReply }];
  return ack.data;
}

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

  // The storm: every candidate presses start in the same second; half asks for today's reply, half for the compact one.
  const halves = { today: users.slice(0, Math.floor(N / 2)), compact: users.slice(Math.floor(N / 2)) };
  const sessionIds = new Map<number, number>();
  const frames: Partial<Record<Format, (string | Buffer)[]>> = {};
  for (const format of FORMATS) {
    const crowd = halves[format];
    let bytes = 0;
    const c0 = cpuMs();
    const w0 = performance.now();
    await Promise.all(crowd.map(async (u) => {
      const view = await sessions.start(u, exam.theoryPartId, { view: wireOf(format) });
      const encoded = encode(view);
      bytes += encoded.bytes;
      frames[format] ??= encoded.frames;
      sessionIds.set(u.userId, view.sessionId);
    }));
    log(`${flags.store}, ${format}: start storm of ${crowd.length}: ${Math.round(performance.now() - w0)} ms, CPU per start ${Math.round(((cpuMs() - c0) * 1000) / crowd.length)} µs, reply ${Math.round(bytes / crowd.length)} B`);
  }

  // Every candidate's page reloads at once (the same view, no insert): the view's own cost, in rounds, the formats taking turns.
  const resumeAll = (format: Format, asks: number) =>
    Promise.all(users.flatMap((u) => Array.from({ length: asks }, async () => encode(await sessions.resume(u, sessionIds.get(u.userId)!, undefined, wireOf(format))).bytes)));
  const perResume: Record<Format, number[]> = { today: [], compact: [] };
  for (let r = 0; r < ROUNDS; r++) {
    for (const format of FORMATS) {
      const c1 = cpuMs();
      await resumeAll(format, 1);
      perResume[format].push(((cpuMs() - c1) * 1000) / N);
    }
  }
  const fmt = (xs: number[]) => xs.map((x) => Math.round(x)).join(' / ');
  for (const format of FORMATS) log(`${format}: resume storms: ${ROUNDS} × ${N}: CPU per resume ${fmt(perResume[format])} µs (least ${Math.round(Math.min(...perResume[format]))})`);
  // Each candidate asking twice at once, as a page that asks again while its first ask waits.
  for (const format of FORMATS) {
    const c2 = cpuMs();
    await resumeAll(format, 2);
    log(`${format}: resume storm, every candidate asking twice at once: CPU per candidate ${Math.round(((cpuMs() - c2) * 1000) / N)} µs`);
  }
  for (const format of FORMATS) {
    const bytesPerResume = (await allocated(() => resumeAll(format, 1))) / N;
    log(`${format}: allocated per resume (sampled, with its reply's encoding): ${Math.round(bytesPerResume / 1024)} KB`);
  }
  // The receiving side (a page, or the load generator's many pages): CPU per reply received and decoded.
  for (const format of FORMATS) {
    const received = frames[format]!.map((f) => (typeof f === 'string' ? { text: true, bytes: Buffer.from(f) } : { text: false, bytes: f }));
    const reps = Math.max(200, Math.min(N, 2000));
    const c3 = cpuMs();
    for (let i = 0; i < reps; i++) decodeSessionView(receive(received));
    log(`${format}: receiving side (the same reply again and again, as the load generator's pages get it), CPU per reply decoded into a SessionView: ${Math.round(((cpuMs() - c3) * 1000) / reps)} µs`);
    if (format !== 'compact') continue;
    // The load generator's own reading (bench/worker.ts): checked in full, its items built one per save.
    const c4 = cpuMs();
    for (let i = 0; i < reps; i++) lazyItemsOf(receive(received) as CompactSessionView);
    log(`${format}: receiving side as the load generator reads it (checked in full, items built one per save): ${Math.round(((cpuMs() - c4) * 1000) / reps)} µs`);
  }

  await sessions.stop();
  await done();
}

main().catch((err: unknown) => {
  process.stderr.write(`start-path bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
