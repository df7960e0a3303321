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

  it('refuses an ask made again after the earlier one was answered, without the work; a fresh ask is answered anew', async () => {
    const newestOnly = createNewestOnly();
    let runs = 0;
    const work = async () => `view ${++runs}`;
    expect(await newestOnly('start:1', work)).toBe('view 1');
    await expect(newestOnly('start:1', work, true)).rejects.toMatchObject({ code: 'UNAVAILABLE', detail: { key: 'exam.answerOnItsWay' } });
    await expect(newestOnly('start:1', work, true)).rejects.toMatchObject({ detail: { key: 'exam.answerOnItsWay' } });
    expect(await newestOnly('resume:9', work, true)).toBe('view 2');
    expect(runs).toBe(2);
    expect(await newestOnly('start:1', work)).toBe('view 3');
    await expect(newestOnly('start:1', work, true)).rejects.toMatchObject({ detail: { key: 'exam.answerOnItsWay' } });
  });

  it('answers an ask made again while the earlier one is still in flight, as the newest', async () => {
    const newestOnly = createNewestOnly();
    expect(await newestOnly('start:1', async () => 'first round')).toBe('first round');
    const shared = deferred<string>();
    const earlier = newestOnly('start:1', () => shared.promise);
    const again = newestOnly('start:1', () => shared.promise, true);
    shared.resolve('view');
    await expect(earlier).rejects.toMatchObject({ detail: { key: 'exam.newerAsk' } });
    await expect(again).resolves.toBe('view');
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

  it('sends no second paper to a page asking again once its first answer was written, on that connection only', async () => {
    let built = 0;
    const view = (sessionId: number) => ({ sessionId, items: [{ stem: 'x'.repeat(35_000) }] }) as unknown as SessionView;
    const service = {
      start: async (user: { userId: number }) => (built++, view(user.userId)),
      resume: async (_u: unknown, sessionId: number) => (built++, view(sessionId)),
    };
    const sessions = coalescingStarts(service as unknown as Parameters<typeof coalescingStarts>[0]) as unknown as SessionService;
    let onConnection: (s: AppSocket) => void = () => {};
    const io = { on: (_e: string, fn: (s: AppSocket) => void) => void (onConnection = fn) } as unknown as AppServer;
    registerExamHandlers(io, { sessions, clock: new ManualClock(0), ctx: { log: {} as FastifyBaseLogger, isAuthorised: () => true } });
    const ask = (c: ReturnType<typeof connection>, event: string, payload: object) => new Promise<Ack<unknown>>((resolve) => c.emit(event, payload, resolve));
    const page = connection(1);
    onConnection(page as unknown as AppSocket);
    expect(await ask(page, 'session:start', { sittingPartId: 3 })).toMatchObject({ ok: true });
    expect(await ask(page, 'session:start', { sittingPartId: 3, again: true })).toMatchObject({ ok: false, error: { key: 'exam.answerOnItsWay' } });
    expect(await ask(page, 'session:resume', { sessionId: 1 })).toMatchObject({ ok: true });
    expect(await ask(page, 'session:resume', { sessionId: 1, again: true })).toMatchObject({ ok: false, error: { key: 'exam.answerOnItsWay' } });
    expect(built).toBe(2);
    // The same page reconnected: a new connection has no answer on its way.
    const reconnected = connection(1);
    onConnection(reconnected as unknown as AppSocket);
    expect(await ask(reconnected, 'session:start', { sittingPartId: 3, again: true })).toMatchObject({ ok: true });
    expect(built).toBe(3);
    expect(await ask(page, 'session:start', { sittingPartId: 3, again: false })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });
});
