import { afterEach, expect, it, vi } from 'vitest';
import { ExamController, SILENCE_MS } from '../../../client/src/exam/examController.ts';
import type { ExamSocket } from '../../../client/src/exam/socket.ts';
import { FakeExamSocket, oneItemView } from '../../helpers/fake-exam-socket.ts';

afterEach(() => {
  vi.useRealTimers();
});

it("the server's heartbeats and any other packet keep the line up; silence longer than SILENCE_MS says it is lost, the next heartbeat says it is back", async () => {
  vi.useFakeTimers();
  const socket = new FakeExamSocket(
    {
      'clock:ping': (_p, cb) => cb(null, { ok: true, data: { clientSentAt: 0, serverNow: Date.now() } }),
      'session:start': (_p, cb) => cb(null, { ok: true, data: oneItemView() }),
    },
    { withManager: true },
  );
  const controller = new ExamController({ sittingPartId: 1, socket: socket as unknown as ExamSocket, store: null, onUnauthenticated: () => {} });
  controller.start();
  for (let i = 0; i < 50 && controller.getSnapshot().phase !== 'ready'; i++) await vi.advanceTimersByTimeAsync(10);
  expect(controller.getSnapshot()).toMatchObject({ phase: 'ready', connected: true });

  // A heartbeat every 2 s, as the server sends them (core/socket.ts): a minute without a word otherwise.
  for (let s = 0; s < 60; s += 2) {
    await vi.advanceTimersByTimeAsync(2_000);
    socket.fire('heartbeat', undefined);
  }
  expect(controller.getSnapshot().connected).toBe(true);

  await vi.advanceTimersByTimeAsync(SILENCE_MS + 1_000);
  expect(controller.getSnapshot().connected).toBe(false);
  socket.fire('heartbeat', undefined);
  expect(controller.getSnapshot().connected).toBe(true);

  // The server sends no heartbeat to a connection it sent anything else within 3 s: a push or an ack
  // of any kind (here a packet the page has no listener for) is as good a sign of life.
  for (let s = 0; s < 30; s += 2.5) {
    await vi.advanceTimersByTimeAsync(2_500);
    socket.io!.fire('packet');
  }
  expect(controller.getSnapshot().connected).toBe(true);
  controller.dispose();
});
