import { afterEach, expect, it, vi } from 'vitest';
import type { SessionView } from '@shared/events.ts';
import { ExamController, SILENCE_MS } from '../../../client/src/exam/examController.ts';
import type { ExamSocket } from '../../../client/src/exam/socket.ts';

type Handler = (payload: unknown, reply: (err: Error | null, ack: unknown) => void) => void;

/** Just enough of a socket.io client, with a manager (`io`) so that the controller watches the line. */
class FakeSocket {
  connected = false;
  active = true;
  private listeners = new Map<string, ((p: unknown) => void)[]>();
  private managerListeners = new Map<string, (() => void)[]>();
  /** The socket.io Manager: `packet` for every packet decoded (events and acks), `ping` for engine.io's pings. */
  io = {
    on: (event: string, fn: () => void) => {
      this.managerListeners.set(event, [...(this.managerListeners.get(event) ?? []), fn]);
      return this.io;
    },
    off: () => this.io,
    fire: (event: string) => {
      for (const fn of this.managerListeners.get(event) ?? []) fn();
    },
  };
  constructor(readonly handlers: Record<string, Handler>) {}
  on(event: string, fn: (p: unknown) => void) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), fn]);
    return this;
  }
  removeAllListeners() {
    this.listeners.clear();
    return this;
  }
  connect() {
    this.connected = true;
    this.fire('connect', undefined);
    return this;
  }
  disconnect() {
    this.connected = false;
    return this;
  }
  timeout() {
    return { emit: (event: string, payload: unknown, cb: (err: Error | null, ack: unknown) => void) => queueMicrotask(() => this.handlers[event]!(payload, cb)) };
  }
  fire(event: string, payload: unknown) {
    for (const fn of this.listeners.get(event) ?? []) fn(payload);
  }
}

const view: SessionView = {
  sessionId: 7,
  kind: 'theory',
  title: 'paper',
  status: 'in_progress',
  startedAt: 0,
  deadline: 90 * 60_000,
  endedAt: null,
  endReason: null,
  pausedAt: null,
  serverNow: 0,
  rules: { textPaste: 'block', parallelParts: false },
  items: [{ id: 1, number: 1, type: 'single', stem: 'q', points: 1, options: [{ id: 'a', label: 'A', text: 'x' }] }],
  answers: [],
};

afterEach(() => {
  vi.useRealTimers();
});

it("the server's heartbeats and any other packet keep the line up; silence longer than SILENCE_MS says it is lost, the next heartbeat says it is back", async () => {
  vi.useFakeTimers();
  const socket = new FakeSocket({
    'clock:ping': (_p, cb) => cb(null, { ok: true, data: { clientSentAt: 0, serverNow: Date.now() } }),
    'session:start': (_p, cb) => cb(null, { ok: true, data: view }),
  });
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
    socket.io.fire('packet');
  }
  expect(controller.getSnapshot().connected).toBe(true);
  controller.dispose();
});
