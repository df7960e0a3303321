import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { closeDeadLines, DEAD_LINE_MS } from '../../../client/src/api/deadLine.ts';
import { FakeEngine } from '../../helpers/fake-exam-socket.ts';

/** socket.io-client's Manager, an emitter of 'open' itself: a new engine for each connection it opens. */
class FakeManager extends FakeEngine {
  engine = new FakeEngine();
  reopen() {
    this.engine = new FakeEngine();
    this.fire('open');
  }
}

beforeEach(() => vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] }));
afterEach(() => vi.useRealTimers());

it('a line the server keeps writing to stays open; silent for longer than DEAD_LINE_MS, the page closes it', () => {
  const manager = new FakeManager();
  closeDeadLines(manager);
  // The server's noops, every 3 s, for a minute.
  for (let s = 0; s < 60; s += 3) {
    vi.advanceTimersByTime(3_000);
    manager.engine.fire('heartbeat');
  }
  expect(manager.engine.closes).toBe(0);
  vi.advanceTimersByTime(DEAD_LINE_MS - 1_000);
  expect(manager.engine.closes).toBe(0);
  vi.advanceTimersByTime(2_000);
  expect(manager.engine.closes).toBe(1);
});

it("each new connection's engine is watched from its opening, and the closed one's no more", () => {
  const manager = new FakeManager();
  closeDeadLines(manager);
  vi.advanceTimersByTime(DEAD_LINE_MS + 1_000);
  const first = manager.engine;
  expect(first.closes).toBe(1);
  manager.reopen();
  expect(first.listenerCount('heartbeat')).toBe(0);
  expect(manager.engine.listenerCount('heartbeat')).toBe(1);
  // The new connection is given its full time from the opening, not from the old silence.
  vi.advanceTimersByTime(DEAD_LINE_MS - 1_000);
  manager.engine.fire('heartbeat');
  vi.advanceTimersByTime(DEAD_LINE_MS - 1_000);
  expect(manager.engine.closes).toBe(0);
  vi.advanceTimersByTime(2_000);
  expect(manager.engine.closes).toBe(1);
});

it('stopped, it closes nothing and listens to nothing', () => {
  const manager = new FakeManager();
  const stop = closeDeadLines(manager);
  stop();
  expect(manager.engine.listenerCount('heartbeat')).toBe(0);
  vi.advanceTimersByTime(10 * DEAD_LINE_MS);
  expect(manager.engine.closes).toBe(0);
  manager.reopen();
  expect(manager.engine.listenerCount('heartbeat')).toBe(0);
});
