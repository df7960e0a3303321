import { afterEach, expect, it, vi } from 'vitest';
import { DEAD_LINE_MS } from '../../../client/src/api/deadLine.ts';
import { ExamController, SILENCE_MS } from '../../../client/src/exam/examController.ts';
import type { ExamSocket } from '../../../client/src/exam/socket.ts';
import { FakeExamSocket, oneItemView } from '../../helpers/fake-exam-socket.ts';

afterEach(() => {
  vi.useRealTimers();
});

const startHandlers = {
  'clock:ping': (_p: unknown, cb: (err: Error | null, ack: unknown) => void) => cb(null, { ok: true, data: { clientSentAt: 0, serverNow: Date.now() } }),
  'session:start': (_p: unknown, cb: (err: Error | null, ack: unknown) => void) => cb(null, { ok: true, data: oneItemView() }),
};

it("every packet the engine receives (the server's noops, pings, acks, pushes) keeps the line up; silence longer than SILENCE_MS says it is lost, the next packet says it is back, on each new connection too", async () => {
  vi.useFakeTimers();
  const socket = new FakeExamSocket(startHandlers, { withManager: true });
  const controller = new ExamController({ sittingPartId: 1, socket: socket as unknown as ExamSocket, store: null, onUnauthenticated: () => {} });
  controller.start();
  for (let i = 0; i < 50 && controller.getSnapshot().phase !== 'ready'; i++) await vi.advanceTimersByTimeAsync(10);
  expect(controller.getSnapshot()).toMatchObject({ phase: 'ready', connected: true });

  // A packet every 2 s (the server's noop after 3 s of silence, core/socket.ts): a minute without a word otherwise.
  for (let s = 0; s < 60; s += 2) {
    await vi.advanceTimersByTimeAsync(2_000);
    socket.io!.engine.fire('heartbeat');
  }
  expect(controller.getSnapshot().connected).toBe(true);

  await vi.advanceTimersByTimeAsync(SILENCE_MS + 1_000);
  expect(controller.getSnapshot().connected).toBe(false);
  socket.io!.engine.fire('heartbeat');
  expect(controller.getSnapshot().connected).toBe(true);

  // A reconnection brings a new engine: its packets count.
  socket.io!.reopen();
  for (let s = 0; s < 30; s += 2.5) {
    await vi.advanceTimersByTimeAsync(2_500);
    socket.io!.engine.fire('heartbeat');
  }
  expect(controller.getSnapshot().connected).toBe(true);
  await vi.advanceTimersByTimeAsync(SILENCE_MS + 1_000);
  expect(controller.getSnapshot().connected).toBe(false);
  controller.dispose();
});

it('closes a line silent for DEAD_LINE_MS, so that the Manager reconnects; disposed, it watches no line of that socket', async () => {
  vi.useFakeTimers();
  const socket = new FakeExamSocket(startHandlers, { withManager: true });
  const controller = new ExamController({ sittingPartId: 1, socket: socket as unknown as ExamSocket, store: null, onUnauthenticated: () => {} });
  controller.start();
  for (let i = 0; i < 50 && controller.getSnapshot().phase !== 'ready'; i++) await vi.advanceTimersByTimeAsync(10);
  await vi.advanceTimersByTimeAsync(DEAD_LINE_MS + 1_000);
  expect(socket.io!.engine.closes).toBe(1);

  // A page left (another part, another page): its socket's next connection is no longer watched.
  socket.io!.reopen();
  controller.dispose();
  expect(socket.io!.engine.listenerCount('heartbeat')).toBe(0);
  await vi.advanceTimersByTimeAsync(10 * DEAD_LINE_MS);
  expect(socket.io!.engine.closes).toBe(0);
});
