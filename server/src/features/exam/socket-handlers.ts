import { answerSaveSchema, clockPingSchema, sessionRefSchema, sessionResumeSchema, sessionStartSchema } from '@shared/events.ts';
import { handle, listenOnEach, type HandlerContext, type SocketListener } from '../../core/socket-handler.ts';
import { answerSaveShape } from './answer-save-shape.ts';
import type { AppServer, AppSocket } from '../../core/socket.ts';
import type { Clock } from '../../core/clock.ts';
import { lateSyncSubmitSchema } from '@shared/latesync.ts';
import type { LateSyncService } from './late-sync-service.ts';
import type { SessionService } from './session-service.ts';
import { createNewestOnly } from './start-coalescing.ts';

const candidateOnly = ['candidate'] as const;

/** The listeners are made once and shared by every connection (core/socket-handler.ts). */
export function registerExamHandlers(io: AppServer, deps: { sessions: SessionService; clock: Clock; ctx: HandlerContext; lateSync?: LateSyncService }) {
  const { sessions, clock, ctx, lateSync } = deps;
  // Sessions each connection worked on: once it closes, this node's timers for them wait the grace
  // (docs/cluster.md §6). An entry only for connections that served one: many serve none.
  const served = new WeakMap<AppSocket, Set<number>>();
  const serving = (socket: AppSocket, sessionId: number) => {
    const set = served.get(socket) ?? new Set<number>();
    served.set(socket, set.add(sessionId));
  };
  // Of a connection's identical asks in flight, only the newest gets the view (start-coalescing.ts).
  const newest = new WeakMap<AppSocket, ReturnType<typeof createNewestOnly>>();
  const newestOnly = (socket: AppSocket) => newest.get(socket) ?? newest.set(socket, createNewestOnly()).get(socket)!;
  // A closed connection never gets its reply: a start still queued for it builds no paper view.
  const stillConnected = (socket: AppSocket) => () => socket.connected;
  const listeners: Record<string, SocketListener> = {
    disconnect(this: AppSocket) {
      const set = served.get(this);
      if (set) sessions.disown(set);
    },
    'clock:ping': handle(ctx, { event: 'clock:ping', roles: ['candidate', 'proctor', 'grader', 'admin'], schema: clockPingSchema }, (_s, p) => ({ clientSentAt: p.clientSentAt, serverNow: clock.now() })),
    'session:start': handle(ctx, { event: 'session:start', roles: candidateOnly, schema: sessionStartSchema }, async (socket, p) => {
      const view = await newestOnly(socket)(`start:${p.sittingPartId}:${p.view ?? ''}`, () => sessions.start(socket.data.user, p.sittingPartId, { instructionsConfirmed: p.instructionsConfirmed, waiting: stillConnected(socket), view: p.view }), p.again);
      serving(socket, view.sessionId);
      return view;
    }),
    'session:resume': handle(ctx, { event: 'session:resume', roles: candidateOnly, schema: sessionResumeSchema }, (socket, p) => (serving(socket, p.sessionId), newestOnly(socket)(`resume:${p.sessionId}:${p.view ?? ''}`, () => sessions.resume(socket.data.user, p.sessionId, stillConnected(socket), p.view), p.again))),
    'answer:save': handle(ctx, { event: 'answer:save', roles: candidateOnly, schema: answerSaveSchema, shape: answerSaveShape }, (socket, p) => (serving(socket, p.sessionId), sessions.saveAnswer(socket.data.user, p))),
    ...(lateSync ? { 'session:late_sync': handle(ctx, { event: 'session:late_sync', roles: candidateOnly, schema: lateSyncSubmitSchema }, (socket, p) => lateSync.submit(socket.data.user, p)) } : {}),
    'session:submit': handle(ctx, { event: 'session:submit', roles: candidateOnly, schema: sessionRefSchema }, (socket, p) => sessions.submit(socket.data.user, p.sessionId)),
  };
  listenOnEach(io, listeners);
}
