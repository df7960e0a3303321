import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { FastifyBaseLogger } from 'fastify';
import type { Ack, SessionView } from '@shared/events.ts';
import { ManualClock } from '../../../server/src/core/clock.ts';
import type { AppServer, AppSocket } from '../../../server/src/core/socket.ts';
import { registerExamHandlers } from '../../../server/src/features/exam/socket-handlers.ts';
import type { SessionService } from '../../../server/src/features/exam/session-service.ts';
import { coalescingStarts, createNewestOnly } from '../../../server/src/features/exam/start-coalescing.ts';

const deferred = <T>() => {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
};

describe('newest ask only, per connection', () => {
  it('answers the newest of two asks in flight and refuses the older in a few bytes', async () => {
    const newestOnly = createNewestOnly();
    const shared = deferred<string>();
    const older = newestOnly('start:1', () => shared.promise);
    const newer = newestOnly('start:1', () => shared.promise);
    shared.resolve('view');
    await expect(older).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(newer).resolves.toBe('view');
  });

  it('answers asks one after the other, and asks of different keys, each with its result', async () => {
    const newestOnly = createNewestOnly();
    expect(await newestOnly('start:1', async () => 'a')).toBe('a');
    expect(await newestOnly('start:1', async () => 'b')).toBe('b');
    const [x, y] = await Promise.all([newestOnly('start:1', async () => 'x'), newestOnly('resume:9', async () => 'y')]);
    expect([x, y]).toEqual(['x', 'y']);
  });
});

/** A candidate's connection as the listeners see it (socket-listeners.test.ts), still up. */
function connection(userId: number) {
  return Object.assign(new EventEmitter(), { id: `s${userId}`, connected: true, data: { user: { userId, role: 'candidate', displayName: '', ticketNo: null, candidateId: userId } }, disconnect: () => {} });
}

describe('a start storm with the page asking again after 13 s unanswered (issue #19)', () => {
  it('sends each candidate one paper view though the page still listens to its older ask: the older is refused in a few bytes', async () => {
    const held = deferred<void>();
    let built = 0;
    // A paper view's weight; the rest of a view does not matter here.
    const view = (sessionId: number) => ({ sessionId, items: [{ stem: 'x'.repeat(35_000) }] }) as unknown as SessionView;
    const service = {
      start: async (user: { userId: number }) => (await held.promise, built++, view(user.userId)),
      resume: async (_u: unknown, sessionId: number) => view(sessionId),
    };
    const sessions = coalescingStarts(service as unknown as Parameters<typeof coalescingStarts>[0]) as unknown as SessionService;
    let onConnection: (s: AppSocket) => void = () => {};
    const io = { on: (_e: string, fn: (s: AppSocket) => void) => void (onConnection = fn) } as unknown as AppServer;
    registerExamHandlers(io, { sessions, clock: new ManualClock(0), ctx: { log: {} as FastifyBaseLogger, isAuthorised: () => true } });
    const candidates = Array.from({ length: 50 }, (_, i) => connection(i + 1));
    // Both asks of each candidate wait for their answers, as the exam page's now do (lateAnswer.ts).
    const replies = candidates.flatMap((c) => {
      onConnection(c as unknown as AppSocket);
      const ask = () => new Promise<Ack<unknown>>((resolve) => c.emit('session:start', { sittingPartId: 3 }, resolve));
      return [ask(), ask()];
    });
    held.resolve();
    const answered = await Promise.all(replies);
    const views = answered.filter((r) => r.ok);
    expect(built).toBe(50);
    expect(views).toHaveLength(50);
    expect(answered.filter((r) => !r.ok && r.error.key === 'exam.newerAsk')).toHaveLength(50);
    const bytes = answered.reduce((sum, r) => sum + JSON.stringify(r).length, 0);
    expect(bytes).toBeLessThan(51 * 35_100);
  });
});
