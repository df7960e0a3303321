import { monitorEventLoopDelay, PerformanceObserver, type IntervalHistogram } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import { SESSION_VIEW_WIRE, type Ack, type ClientToServerEvents, type ServerToClientEvents } from '../shared/events.ts';
import { decodeSessionView, isCompact, lazyItemsOf, type LazyItems, type SessionViewReply } from '../shared/session-view-wire.ts';
import { askUntilAnswered } from '../client/src/exam/lateAnswer.ts';

/**
 * One load-generator process: simulated candidates with real socket.io-client connections.
 * The parent drives the phases by message; the worker reports raw latencies back.
 */

/** `baseUrls[i]`: the node `tickets[i]` uses (several with --nodes, as a load balancer spreads them). */
/** `reply`: the start reply asked for (bench/args.ts --reply). */
type Init = { baseUrls: string[]; tickets: string[]; password: string; sittingPartId: number; intervalMs: number; durationMs: number; reply: 'compact' | 'today' };
/** `view`: what a save needs of the reply: its session, and its items as the page shows them (built one at a time). */
type Candidate = { ticket: string; cookie: string; socket: Socket<ServerToClientEvents, ClientToServerEvents>; view?: { sessionId: number; items: LazyItems } };
/** `texts`: the chosen options' texts, since the database keeps bank option ids and the browser its own. */
export type Acked = { sessionId: number; itemId: number; revision: number; texts: string[] };

let init: Init;
const candidates: Candidate[] = [];
const send = (msg: unknown) => process.send?.(msg);

function emitAck<T>(socket: Candidate['socket'], event: keyof ClientToServerEvents, payload: unknown, timeoutMs = 30_000): Promise<Ack<T>> {
  return new Promise((resolve, reject) => {
    (socket.timeout(timeoutMs) as unknown as { emit: (e: string, p: unknown, cb: (err: Error | null, r: Ack<T>) => void) => void }).emit(event, payload, (err, reply) =>
      err ? reject(err) : resolve(reply),
    );
  });
}

/** Why a login or a start failed, counted by reason: an error count alone does not say whose limit it was. */
function reasonOf(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  // fetch says only "fetch failed": what failed (a reset, a timeout, the other side closing) is its cause.
  const cause = err instanceof Error && err.cause instanceof Error ? `: ${(err.cause as NodeJS.ErrnoException).code ?? err.cause.message}` : '';
  return `${message}${cause}`.replace(/\d{4,}/g, 'N').slice(0, 80);
}
const countInto = (into: Record<string, number>, key: string) => (into[key] = (into[key] ?? 0) + 1);

async function loginAll() {
  let errors = 0;
  const reasons: Record<string, number> = {};
  const queue = init.tickets.map((ticket, i) => ({ ticket, baseUrl: init.baseUrls[i]! }));
  const loginOne = async ({ ticket, baseUrl }: { ticket: string; baseUrl: string }) => {
    const res = await fetch(`${baseUrl}/api/auth/candidate/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ticketNo: ticket, password: init.password }) });
    if (res.status !== 200) throw new Error(`login ${res.status}`);
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    const socket: Candidate['socket'] = io(baseUrl, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', (err) => reject(new Error(`connect_error: ${err.message}`, { cause: (err as { description?: unknown }).description })));
    });
    candidates.push({ ticket, cookie, socket });
  };
  // scrypt makes each login cost ~40 ms of server CPU on purpose: a bounded number in flight.
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let t = queue.shift(); t; t = queue.shift())
        await loginOne(t).catch((err: unknown) => {
          errors++;
          countInto(reasons, reasonOf(err));
        });
    }),
  );
  send({ type: 'logged-in', count: candidates.length, errors, reasons });
}

/**
 * As the exam page asks (client/src/exam/socket.ts ACK_TIMEOUT_MS, examController.ts RECONNECT_MS,
 * lateAnswer.ts): a start unanswered within 10 s is asked again 3 s later unless an answer came
 * meanwhile, and a late answer to an earlier ask still counts (a start is idempotent, and each ask
 * the server answers with a view costs it a paper). Given up after two minutes; only then is it an error.
 */
const START_ACK_MS = 10_000;
const START_RETRY_MS = 3_000;
const START_GIVE_UP_MS = 120_000;

/** `views`: views received, used or not; above the number started, each is a paper the server sent in vain. */
/** `fullyDecoded`: compact replies also decoded whole, as the exam page does (FULL_DECODE_EVERY). */
type StartCounts = { reasks: number; lateAnswersUsed: number; onItsWay: number; views: number; fullyDecoded: number };

/**
 * A browser builds its whole paper from the reply (decodeSessionView); 20,000 pages in two processes
 * doing so was most of the generator's CPU per start, stolen from the server's two cores. So every
 * compact reply is checked in full as the page checks it (its content bytes against the paper's, every
 * layout index and token: lazyItemsOf), but its items are built one at a time, as a save picks one;
 * one reply in FULL_DECODE_EVERY (and each worker's first) is also decoded whole as the page does,
 * and must give the very items the lazy reading gives, or the start counts as an error.
 */
const FULL_DECODE_EVERY = 50;
let compactReplies = 0;

function itemsOfReply(reply: SessionViewReply, counts: StartCounts): LazyItems {
  if (!isCompact(reply)) return { count: reply.items.length, at: (k) => reply.items[k]! };
  const lazy = lazyItemsOf(reply);
  if (compactReplies++ % FULL_DECODE_EVERY === 0) {
    counts.fullyDecoded++;
    const whole = decodeSessionView(reply).items;
    const built = Array.from({ length: lazy.count }, (_, k) => lazy.at(k));
    if (JSON.stringify(built) !== JSON.stringify(whole)) throw new Error('the lazily read items differ from the decoded view');
  }
  return lazy;
}

async function startOne(c: Candidate, counts: StartCounts): Promise<number> {
  const t0 = performance.now();
  // Either reply decoded as the exam page decodes it (shared/session-view-wire.ts).
  const payload = init.reply === 'compact' ? { sittingPartId: init.sittingPartId, view: SESSION_VIEW_WIRE } : { sittingPartId: init.sittingPartId };
  const ask = (overdue: () => void, again: boolean) => {
    const timer = setTimeout(overdue, START_ACK_MS);
    const reply = emitAck<SessionViewReply>(c.socket, 'session:start', again ? { ...payload, again: true } : payload, START_GIVE_UP_MS);
    const stop = () => clearTimeout(timer);
    reply.then((r) => {
      stop();
      if (r.ok) counts.views++;
    }, stop);
    return reply;
  };
  const asked = await askUntilAnswered({
    ask,
    againAfterMs: START_RETRY_MS,
    mayAskAgain: () => c.socket.connected && performance.now() - t0 < START_GIVE_UP_MS,
    usableFromOlder: (reply) => reply.ok,
    onItsWay: (reply) => {
      const onItsWay = !reply.ok && reply.error.key === 'exam.answerOnItsWay';
      if (onItsWay) counts.onItsWay++;
      return onItsWay;
    },
  });
  counts.reasks += asked.asks - 1;
  if (!asked.answer) throw new Error(c.socket.connected ? 'operation has timed out' : 'socket has been disconnected');
  if (asked.late) counts.lateAnswersUsed++;
  if (!asked.answer.ok) throw new Error(asked.answer.error.code);
  const view = asked.answer.data;
  c.view = { sessionId: view.sessionId, items: itemsOfReply(view, counts) };
  return performance.now() - t0;
}

async function startAll() {
  const latencies: number[] = [];
  let errors = 0;
  const reasons: Record<string, number> = {};
  const counts: StartCounts = { reasks: 0, lateAnswersUsed: 0, onItsWay: 0, views: 0, fullyDecoded: 0 };
  await Promise.all(
    candidates.map(async (c) => {
      try {
        latencies.push(await startOne(c, counts));
      } catch (err) {
        errors++;
        countInto(reasons, reasonOf(err));
      }
    }),
  );
  send({ type: 'started', latencies, errors, reasons, ...counts });
}

async function saveLoop() {
  const latencies: number[] = [];
  /** Those of saves begun once every candidate here had begun its first: the start storm's wake is over. */
  const afterFirstRound: number[] = [];
  const acked: Acked[] = [];
  const errorCodes: Record<string, number> = {};
  const endAt = Date.now() + init.durationMs;
  const saving = candidates.filter((c) => c.view).length;
  let firstSavesBegun = 0;
  let allBegunAt = Infinity;
  let change = 0;
  // The generator's own stalls: an ack that came while this loop was busy is timed late by that much.
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  /** Null until every candidate here has begun its first save (a window shorter than a round never gets there). */
  let firstRoundLoopDelay: LoopDelay | null = null;
  // Its garbage collections too (wall time: on two shared cores a pause also waits for a core).
  const gcPauses: number[] = [];
  const gcWatch = new PerformanceObserver((list) => list.getEntries().forEach((e) => gcPauses.push(e.duration)));
  gcWatch.observe({ entryTypes: ['gc'] });
  const savesT0 = performance.now();
  await Promise.all(
    candidates.map(async (c, index) => {
      if (!c.view) return;
      const view = c.view;
      // Spread the candidates evenly over the interval, as real people are.
      await new Promise((r) => setTimeout(r, (index / candidates.length) * init.intervalMs + Math.random() * 50));
      let first = true;
      while (Date.now() < endAt) {
        const item = view.items.at(Math.floor(Math.random() * view.items.count));
        const pick = item.options[Math.floor(Math.random() * item.options.length)]!;
        const t0 = performance.now();
        if (first && ++firstSavesBegun === saving) {
          allBegunAt = t0;
          firstRoundLoopDelay = loopDelayOf(loopDelay);
          loopDelay.reset();
        }
        first = false;
        try {
          const reply = await emitAck<{ revision: number }>(c.socket, 'answer:save', { sessionId: view.sessionId, itemId: item.id, response: { choices: [pick.id] }, flagged: false, changeId: `b${change++}` });
          if (reply.ok) {
            latencies.push(performance.now() - t0);
            if (t0 > allBegunAt) afterFirstRound.push(performance.now() - t0);
            acked.push({ sessionId: view.sessionId, itemId: item.id, revision: reply.data.revision, texts: [pick.text] });
          } else errorCodes[reply.error.code] = (errorCodes[reply.error.code] ?? 0) + 1;
        } catch {
          errorCodes.TIMEOUT = (errorCodes.TIMEOUT ?? 0) + 1;
        }
        const wait = init.intervalMs - (performance.now() - t0);
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
    }),
  );
  loopDelay.disable();
  gcWatch.disconnect();
  const gc = { share: gcPauses.reduce((s, ms) => s + ms, 0) / (performance.now() - savesT0), maxMs: Math.max(0, ...gcPauses) };
  send({ type: 'saved', latencies, afterFirstRound, acked, errorCodes, loopDelay: firstRoundLoopDelay ? { firstRound: firstRoundLoopDelay, afterFirstRound: loopDelayOf(loopDelay) } : { firstRound: loopDelayOf(loopDelay), afterFirstRound: null }, gc });
}

type LoopDelay = { p99: number; max: number };
const ms = (ns: number) => Math.round(ns / 1e5) / 10;
const loopDelayOf = (h: IntervalHistogram): LoopDelay => ({ p99: ms(h.percentile(99)), max: ms(h.max) });

process.on('message', (msg: { type: string; init?: Init }) => {
  if (msg.type === 'init' && msg.init) {
    init = msg.init;
    void loginAll();
  } else if (msg.type === 'start') void startAll();
  else if (msg.type === 'save') void saveLoop();
  else if (msg.type === 'close') {
    for (const c of candidates) c.socket.close();
    send({ type: 'closed' });
    setTimeout(() => process.exit(0), 100);
  }
});
