import { answerSaveSchema, clockPingSchema, sessionRefSchema, sessionStartSchema } from '@shared/events.ts';
import { handle, type HandlerContext } from '../../core/socket-handler.ts';
import type { AppServer, AppSocket } from '../../core/socket.ts';
import type { Clock } from '../../core/clock.ts';
import { lateSyncSubmitSchema } from '@shared/latesync.ts';
import type { LateSyncService } from './late-sync-service.ts';
import type { SessionService } from './session-service.ts';
import { createNewestOnly } from './start-coalescing.ts';

const candidateOnly = ['candidate'] as const;

export function registerExamHandlers(io: AppServer, deps: { sessions: SessionService; clock: Clock; ctx: HandlerContext; lateSync?: LateSyncService }) {
  const { sessions, clock, ctx, lateSync } = deps;
  io.on('connection', (socket: AppSocket) => {
    const user = socket.data.user;
    // Sessions this connection worked on: once it closes, this node's timers for them wait the grace
    // (docs/cluster.md §6). Made on first use: most connections serve one session, many none.
    let served: Set<number> | undefined;
    const serving = (sessionId: number) => (served ??= new Set()).add(sessionId);
    socket.on('disconnect', () => served && sessions.disown(served));
    // A closed connection never gets its reply: a start still queued for it builds no paper view.
    const stillConnected = () => socket.connected;
    const newestOnly = createNewestOnly();
    socket.on('clock:ping', handle(socket, ctx, { event: 'clock:ping', roles: ['candidate', 'proctor', 'grader', 'admin'], schema: clockPingSchema }, (p) => ({ clientSentAt: p.clientSentAt, serverNow: clock.now() })));
    socket.on('session:start', handle(socket, ctx, { event: 'session:start', roles: candidateOnly, schema: sessionStartSchema }, async (p) => {
      const view = await newestOnly(`start:${p.sittingPartId}`, () => sessions.start(user, p.sittingPartId, { instructionsConfirmed: p.instructionsConfirmed, waiting: stillConnected }));
      serving(view.sessionId);
      return view;
    }));
    socket.on('session:resume', handle(socket, ctx, { event: 'session:resume', roles: candidateOnly, schema: sessionRefSchema }, (p) => (serving(p.sessionId), newestOnly(`resume:${p.sessionId}`, () => sessions.resume(user, p.sessionId, stillConnected)))));
    socket.on('answer:save', handle(socket, ctx, { event: 'answer:save', roles: candidateOnly, schema: answerSaveSchema }, (p) => (serving(p.sessionId), sessions.saveAnswer(user, p))));
    if (lateSync) socket.on('session:late_sync', handle(socket, ctx, { event: 'session:late_sync', roles: candidateOnly, schema: lateSyncSubmitSchema }, (p) => lateSync.submit(user, p)));
    socket.on('session:submit', handle(socket, ctx, { event: 'session:submit', roles: candidateOnly, schema: sessionRefSchema }, (p) => sessions.submit(user, p.sessionId)));
  });
}
