import type { SessionViewWire } from '@shared/events.ts';
import type { SessionViewReply, SessionViewReplyFor } from '@shared/session-view-wire.ts';
import { UnavailableError } from '../../core/errors.ts';
import type { SessionUser } from '../../core/session-user.ts';

/** Whether the one who asked still waits for the answer (its socket is connected). */
export type StillWaiting = () => boolean;

const always: StillWaiting = () => true;

/**
 * Work in flight per key, shared by whoever asks for the same key meanwhile. `work` is given one
 * StillWaiting for all the askers: true while any of them still waits.
 */
export function createCoalescer<T>() {
  const inFlight = new Map<string, { waiting: StillWaiting[]; done: Promise<T> }>();
  return {
    run(key: string, waiting: StillWaiting | undefined, work: (anyoneWaiting: StillWaiting) => Promise<T>): Promise<T> {
      const joined = inFlight.get(key);
      if (joined) {
        joined.waiting.push(waiting ?? always);
        return joined.done;
      }
      const askers = [waiting ?? always];
      const done = (async () => {
        try {
          return await work(() => askers.some((w) => w()));
        } finally {
          inFlight.delete(key);
        }
      })();
      inFlight.set(key, { waiting: askers, done });
      return done;
    },
    /** Keys in flight (tests). */
    get size() {
      return inFlight.size;
    },
  };
}

/** Thrown instead of building a view no one will receive: every asker's socket closed meanwhile. */
export const nobodyWaiting = () => new UnavailableError('Nobody waits for this session view any more (the connection closed)', { key: 'exam.nobodyWaiting' });

/** `view`: the reply's wire format (shared/session-view-wire.ts); none is today's SessionView. */
export type StartOptions<W extends SessionViewWire | undefined> = { instructionsConfirmed?: boolean; waiting?: StillWaiting; view?: W };
type Starts = {
  start<W extends SessionViewWire | undefined = undefined>(user: SessionUser, sittingPartId: number, opts?: StartOptions<W>): Promise<SessionViewReplyFor<{ view: W }>>;
  resume<W extends SessionViewWire | undefined = undefined>(user: SessionUser, sessionId: number, waiting?: StillWaiting, wire?: W): Promise<SessionViewReplyFor<{ view: W }>>;
};

/**
 * A candidate's repeated starts (the exam page asks again after 13 s unanswered, and in a start
 * storm many are) join the one in flight on this node for the same part, or the same session for a
 * resume: one session read, one paper view built, the same reply to each. Each asker passes whether
 * it still waits, and the service builds the view only if one does (docs/cluster.md §9, issue #19).
 */
export function coalescingStarts<S extends Starts>(service: S): S {
  // Asks for the two wire formats are not the same ask: each gets the format it asked for.
  const starts = createCoalescer<SessionViewReply>();
  const resumes = createCoalescer<SessionViewReply>();
  type For<W> = Promise<SessionViewReplyFor<{ view: W }>>;
  return {
    ...service,
    start: <W extends SessionViewWire | undefined = undefined>(user: SessionUser, sittingPartId: number, opts: StartOptions<W> = {}) =>
      starts.run(`${user.userId}:${sittingPartId}:${opts.view ?? ''}`, opts.waiting, (waiting) => service.start(user, sittingPartId, { ...opts, waiting })) as For<W>,
    resume: <W extends SessionViewWire | undefined = undefined>(user: SessionUser, sessionId: number, waiting?: StillWaiting, wire?: W) =>
      resumes.run(`${user.userId}:${sessionId}:${wire ?? ''}`, waiting, (anyone) => service.resume(user, sessionId, anyone, wire)) as For<W>,
  } satisfies Starts;
}

/**
 * The earlier ask was answered on this connection: its answer is written and will arrive (one
 * connection delivers in order, or closes, and a closed one takes its asks with it). In a start
 * storm on a slow network or a busy page, answering the ask made again would send a second paper
 * the page drops on arrival, since it takes the first view that comes (client/src/exam/lateAnswer.ts).
 */
const answerOnItsWay = () => new UnavailableError('The earlier ask was answered on this connection: its answer is on its way', { key: 'exam.answerOnItsWay' });

/**
 * Per connection: of asks for the same key in flight on it, only the newest is answered with the
 * result; the older ones get a small refusal. The exam page asks again only once its earlier ask
 * went unanswered for 13 s, and still listens to the older one (a late answer counts:
 * client/src/exam/lateAnswer.ts), but identical asks in flight together share one result
 * (coalescingStarts), so the newer's view arrives in the same turn as the older's refusal, which the
 * page ignores while its newer ask is out. A paper view (35 KB of JSON and a frame of it) for each of
 * a storm's repeated asks was most of the server's writing. An ask made again after the earlier one
 * was answered gets `answerOnItsWay`, and any other ask is answered afresh.
 */
export function createNewestOnly() {
  const newest = new Map<string, object>();
  const answered = new Set<string>();
  /** `again`: the page asks again, its earlier identical ask still unanswered from where it stands. */
  return async function newestOnly<T>(key: string, work: () => Promise<T>, again = false): Promise<T> {
    if (again && answered.has(key)) throw answerOnItsWay();
    answered.delete(key);
    const mine = {};
    newest.set(key, mine);
    try {
      const out = await work();
      if (newest.get(key) !== mine) throw new UnavailableError('A newer ask on this connection took the place of this one', { key: 'exam.newerAsk' });
      answered.add(key);
      return out;
    } finally {
      if (newest.get(key) === mine) newest.delete(key);
    }
  };
}
