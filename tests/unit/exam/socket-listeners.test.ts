import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { FastifyBaseLogger } from 'fastify';
import { ManualClock } from '../../../server/src/core/clock.ts';
import type { AppServer, AppSocket } from '../../../server/src/core/socket.ts';
import { registerExamHandlers } from '../../../server/src/features/exam/socket-handlers.ts';
import type { SessionService } from '../../../server/src/features/exam/session-service.ts';

/** A connection as the listeners see it: an EventEmitter (so a listener's `this` is the connection), with its login. */
function fakeSocket(userId: number) {
  return Object.assign(new EventEmitter(), { id: `s${userId}`, data: { user: { userId, role: 'candidate', displayName: '', ticketNo: null, candidateId: userId } }, disconnect: () => {} });
}

describe('exam socket listeners, shared by every connection (issue #19)', () => {
  it("answer each connection as its own login, and on close disown only the sessions that connection served", async () => {
    const saved: number[] = [];
    const disowned: number[][] = [];
    const sessions = {
      saveAnswer: async (user: { userId: number }) => (saved.push(user.userId), { revision: 1 }),
      disown: (ids: Set<number>) => void disowned.push([...ids]),
    } as unknown as SessionService;
    let onConnection: (s: AppSocket) => void = () => {};
    const io = { on: (_e: string, fn: (s: AppSocket) => void) => void (onConnection = fn) } as unknown as AppServer;
    registerExamHandlers(io, { sessions, clock: new ManualClock(0), ctx: { log: {} as FastifyBaseLogger, isAuthorised: () => true } });
    const [a, b] = [fakeSocket(1), fakeSocket(2)];
    onConnection(a as unknown as AppSocket);
    onConnection(b as unknown as AppSocket);
    const reply = await new Promise((resolve) => a.emit('answer:save', { sessionId: 7, itemId: 3, response: null, flagged: false, changeId: 'c1' }, resolve));
    expect(reply).toEqual({ ok: true, data: { revision: 1 } });
    expect(saved).toEqual([1]);
    b.emit('disconnect', 'transport close');
    expect(disowned).toEqual([]);
    a.emit('disconnect', 'transport close');
    expect(disowned).toEqual([[7]]);
  });
});
