import { io, type Socket } from 'socket.io-client';
import type { Ack, AckFn, ClientToServerEvents, ServerToClientEvents } from '@shared/events.ts';
import { SOCKET_TRANSPORTS } from '../api/socketOptions.ts';
import { sebJsKeys } from '../seb/sebKeys.ts';
import { clearSebRefusal, isSebRefusal, reportSebRefusal } from '../seb/sebRefusal.ts';

export type ExamSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export const ACK_TIMEOUT_MS = 10_000;
/**
 * How long an ask that keeps listening past ACK_TIMEOUT_MS still does (requestKeepingLate): the
 * page asks again every 13 s meanwhile, and the connection closing ends it sooner.
 */
export const LATE_ANSWER_MS = 120_000;

type EventName = keyof ClientToServerEvents;
type PayloadOf<E extends EventName> = Parameters<ClientToServerEvents[E]>[0];
export type DataOf<E extends EventName> = Parameters<ClientToServerEvents[E]>[1] extends AckFn<infer T> ? T : never;

/** The emit never got an answer (timeout, or the connection dropped while waiting). */
export class NoReplyError extends Error {
  constructor(cause: Error) {
    super(cause.message);
    this.name = 'NoReplyError';
  }
}

export function createExamSocket(): ExamSocket {
  // autoConnect off: the controller attaches its listeners first so it never misses 'connect'.
  // auth is asked for on every (re)connection: SEB's JavaScript API keys for this page, if any (#17).
  const socket: ExamSocket = io({ ...SOCKET_TRANSPORTS, withCredentials: true, autoConnect: false, auth: (cb) => void sebJsKeys().then((seb) => cb(seb ? { seb } : {})) });
  socket.on('connect', clearSebRefusal);
  socket.on('connect_error', (err) => {
    const data = (err as Error & { data?: { key?: unknown; params?: Record<string, unknown> } }).data;
    if (isSebRefusal(data?.key)) reportSebRefusal(data.key, data.params);
  });
  return socket;
}

/** Emits with a timeout so an unanswered request becomes a NoReplyError instead of hanging forever. */
export function request<E extends EventName>(
  socket: ExamSocket,
  event: E,
  payload: PayloadOf<E>,
  timeoutMs: number = ACK_TIMEOUT_MS,
): Promise<Ack<DataOf<E>>> {
  return new Promise((resolve, reject) => {
    const timed = socket.timeout(timeoutMs);
    // socket.io's typed overloads cannot follow a generic event name, hence the narrow cast.
    const emit = timed.emit as unknown as (
      event: E,
      payload: PayloadOf<E>,
      ack: (err: Error | null, reply: Ack<DataOf<E>>) => void,
    ) => void;
    emit.call(timed, event, payload, (err, reply) => {
      if (err) reject(new NoReplyError(err));
      else resolve(reply);
    });
  });
}

/**
 * Like request(), but an answer later than timeoutMs still resolves: `overdue` is called at
 * timeoutMs and the ask goes on listening until LATE_ANSWER_MS, or the connection drops (a
 * NoReplyError then). socket.io itself forgets an ack at its timeout, so its timeout is the longer one.
 */
export function requestKeepingLate<E extends EventName>(
  socket: ExamSocket,
  event: E,
  payload: PayloadOf<E>,
  overdue: () => void,
  timeoutMs: number = ACK_TIMEOUT_MS,
): Promise<Ack<DataOf<E>>> {
  const timer = setTimeout(overdue, timeoutMs);
  const answer = request(socket, event, payload, LATE_ANSWER_MS);
  const stop = () => clearTimeout(timer);
  answer.then(stop, stop);
  return answer;
}

export function isUnauthenticated(err: Error): boolean {
  const data = (err as Error & { data?: { code?: unknown } }).data;
  return data?.code === 'UNAUTHENTICATED' || /unauth/i.test(err.message);
}
