import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { closeDeadLines, DEAD_LINE_MS, type WatchedEngine } from '../../../client/src/api/deadLine.ts';

/** engine.io-client's socket as the watch sees it: every packet received is a `heartbeat`. */
class FakeEngine implements WatchedEngine {
  readyState = 'open';
  closes = 0;
  private listeners = new Set<() => void>();
  on(_: 'heartbeat', listener: () => void) {
    this.listeners.add(listener);
  }
  off(_: 'heartbeat', listener: () => void) {
    this.listeners.delete(listener);
  }
  close() {
    this.closes++;
    this.readyState = 'closed';
  }
  receive() {
    for (const l of this.listeners) l();
  }
  get listened() {
    return this.listeners.size;
  }
}
/** socket.io-client's Manager: a new engine for each connection it opens. */
class FakeManager {
  engine: FakeEngine = new FakeEngine();
  private opened = new Set<() => void>();
  on(_: 'open', listener: () => void) {
    this.opened.add(listener);
  }
  off(_: 'open', listener: () => void) {
    this.opened.delete(listener);
  }
  reopen() {
    this.engine = new FakeEngine();
    for (const l of this.opened) l();
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
    manager.engine.receive();
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
  expect(first.listened).toBe(0);
  expect(manager.engine.listened).toBe(1);
  // The new connection is given its full time from the opening, not from the old silence.
  vi.advanceTimersByTime(DEAD_LINE_MS - 1_000);
  manager.engine.receive();
  vi.advanceTimersByTime(DEAD_LINE_MS - 1_000);
  expect(manager.engine.closes).toBe(0);
  vi.advanceTimersByTime(2_000);
  expect(manager.engine.closes).toBe(1);
});

it('stopped, it closes nothing and listens to nothing', () => {
  const manager = new FakeManager();
  const stop = closeDeadLines(manager);
  stop();
  expect(manager.engine.listened).toBe(0);
  vi.advanceTimersByTime(10 * DEAD_LINE_MS);
  expect(manager.engine.closes).toBe(0);
  manager.reopen();
  expect(manager.engine.listened).toBe(0);
});
