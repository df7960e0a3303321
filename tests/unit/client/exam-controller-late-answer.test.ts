import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Ack, SessionView } from '@shared/events.ts';
import { ExamController } from '../../../client/src/exam/examController.ts';
import type { ExamSocket } from '../../../client/src/exam/socket.ts';

/**
 * The exam page's start in a storm: the server answers after the page's 10 s. These tests hold the
 * start's answers and give them when the test says, over a socket that forgets an ack at its
 * timeout and fails the waiting ones when the connection drops, as socket.io-client does.
 */

type Pending = { event: string; payload: unknown; at: number; reply: (ack: Ack<SessionView>) => void };

class SlowServerSocket {
  connected = false;
  active = true;
  asks: Pending[] = [];
  private listeners = new Map<string, ((p?: unknown) => void)[]>();
  private waiting = new Set<(err: Error) => void>();
  on(event: string, fn: (p?: unknown) => void) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), fn]);
    return this;
  }
  removeAllListeners() {
    this.listeners.clear();
    return this;
  }
  fire(event: string, payload?: unknown) {
    for (const fn of this.listeners.get(event) ?? []) fn(payload);
  }
  connect() {
    this.connected = true;
    this.fire('connect');
    return this;
  }
  disconnect() {
    return this.drop('io client disconnect');
  }
  drop(reason = 'transport close') {
    this.connected = false;
    this.fire('disconnect', reason);
    for (const fail of this.waiting) fail(new Error('socket has been disconnected'));
    this.waiting.clear();
    return this;
  }
  timeout(ms: number) {
    return {
      emit: (event: string, payload: unknown, ack: (err: Error | null, reply?: unknown) => void) => {
        if (event === 'clock:ping') return queueMicrotask(() => ack(null, { ok: true, data: { clientSentAt: 0, serverNow: Date.now() } }));
        let open = true;
        const fail = (err: Error) => {
          if (!open) return;
          open = false;
          clearTimeout(timer);
          ack(err);
        };
        const timer = setTimeout(() => (this.waiting.delete(fail), fail(new Error('operation has timed out'))), ms);
        this.waiting.add(fail);
        this.asks.push({
          event,
          payload,
          at: Date.now(),
          // An answer to an ack socket.io already forgot (timed out, or the connection dropped) goes nowhere.
          reply: (reply) => {
            if (!open) return;
            open = false;
            clearTimeout(timer);
            this.waiting.delete(fail);
            ack(null, reply);
          },
        });
      },
    };
  }
  starts() {
    return this.asks.filter((a) => a.event === 'session:start');
  }
}

const view = (title: string): Ack<SessionView> => ({
  ok: true,
  data: {
    sessionId: 7,
    kind: 'theory',
    title,
    status: 'in_progress',
    startedAt: 0,
    deadline: Date.now() + 5_400_000,
    pausedAt: null,
    endedAt: null,
    endReason: null,
    serverNow: Date.now(),
    items: [{ id: 11, number: 1, type: 'single', stem: 's', points: 1, options: [{ id: 'a', label: 'A', text: 'x' }] }],
    answers: [],
    rules: { textPaste: 'block', parallelParts: false },
  },
});
const newerAsk: Ack<SessionView> = { ok: false, error: { code: 'UNAVAILABLE', message: 'a newer ask took its place', key: 'exam.newerAsk' } };
const onItsWay: Ack<SessionView> = { ok: false, error: { code: 'UNAVAILABLE', message: 'the earlier answer is on its way', key: 'exam.answerOnItsWay' } };

async function connecting() {
  const socket = new SlowServerSocket();
  const controller = new ExamController({ sittingPartId: 1, socket: socket as unknown as ExamSocket, store: null, onUnauthenticated: () => {} });
  controller.start();
  // The clock's pings answer at once; then the start goes out.
  await vi.advanceTimersByTimeAsync(0);
  expect(socket.starts()).toHaveLength(1);
  return { socket, controller, snapshot: () => controller.getSnapshot() };
}

describe('exam controller: a start answered late', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => vi.useRealTimers());

  it('shows the paper from an answer 10.5 s late, and asks no second time', async () => {
    const { socket, controller, snapshot } = await connecting();
    await vi.advanceTimersByTimeAsync(10_500);
    socket.starts()[0]!.reply(view('late'));
    await vi.advanceTimersByTimeAsync(0);
    expect(snapshot()).toMatchObject({ phase: 'ready', error: null });
    expect(snapshot().view?.title).toBe('late');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(socket.starts()).toHaveLength(1);
    controller.dispose();
  });

  it('asks again 3 s after the 10 s only when no answer came, and takes the newer ask view over the older ask refusal', async () => {
    const { socket, controller, snapshot } = await connecting();
    await vi.advanceTimersByTimeAsync(12_999);
    expect(socket.starts()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    const [older, newer] = socket.starts();
    expect(newer?.at).toBe(older!.at + 13_000);
    // The server answers only the newest of a connection's identical asks; the older one is refused.
    older!.reply(newerAsk);
    await vi.advanceTimersByTimeAsync(0);
    expect(snapshot()).toMatchObject({ phase: 'connecting', error: null });
    newer!.reply(view('newer ask'));
    await vi.advanceTimersByTimeAsync(0);
    expect(snapshot()).toMatchObject({ phase: 'ready', error: null });
    expect(snapshot().view?.title).toBe('newer ask');
    controller.dispose();
  });

  it('marks the ask made again, and when the server says the first answer is on its way, waits for it without an error or a third ask', async () => {
    const { socket, controller, snapshot } = await connecting();
    await vi.advanceTimersByTimeAsync(13_000);
    const [first, again] = socket.starts();
    expect(first!.payload).not.toHaveProperty('again');
    expect(again!.payload).toMatchObject({ sittingPartId: 1, again: true });
    again!.reply(onItsWay);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(snapshot()).toMatchObject({ phase: 'connecting', error: null });
    expect(socket.starts()).toHaveLength(2);
    first!.reply(view('first, late'));
    await vi.advanceTimersByTimeAsync(0);
    expect(snapshot()).toMatchObject({ phase: 'ready', error: null });
    expect(snapshot().view?.title).toBe('first, late');
    controller.dispose();
  });

  it('starts afresh on reconnecting when the connection drops while it waits for the answer on its way', async () => {
    const { socket, controller, snapshot } = await connecting();
    await vi.advanceTimersByTimeAsync(13_000);
    socket.starts()[1]!.reply(onItsWay);
    await vi.advanceTimersByTimeAsync(0);
    socket.drop();
    socket.connect();
    await vi.advanceTimersByTimeAsync(0);
    expect(socket.starts()).toHaveLength(3);
    expect(socket.starts()[2]!.payload).not.toHaveProperty('again');
    socket.starts()[2]!.reply(view('after reconnect'));
    await vi.advanceTimersByTimeAsync(0);
    expect(snapshot()).toMatchObject({ phase: 'ready', error: null });
    controller.dispose();
  });

  it('does not show a refusal for a newer ask of the page as an error: that ask applies its own answer', async () => {
    const { socket, controller, snapshot } = await connecting();
    socket.starts()[0]!.reply(newerAsk);
    await vi.advanceTimersByTimeAsync(0);
    expect(snapshot()).toMatchObject({ phase: 'connecting', error: null });
    controller.dispose();
  });

  it('keeps the view it showed when another answer to the same start comes after it', async () => {
    const { socket, controller, snapshot } = await connecting();
    await vi.advanceTimersByTimeAsync(13_000);
    const [older, newer] = socket.starts();
    newer!.reply(view('shown'));
    await vi.advanceTimersByTimeAsync(0);
    const shown = snapshot().view;
    older!.reply(view('arrived after'));
    await vi.advanceTimersByTimeAsync(0);
    expect(snapshot().view).toBe(shown);
    expect(snapshot().view?.title).toBe('shown');
    controller.dispose();
  });

  it('asks again on reconnecting after the connection dropped with the start unanswered, as before', async () => {
    const { socket, controller, snapshot } = await connecting();
    await vi.advanceTimersByTimeAsync(11_000);
    socket.drop();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(socket.starts()).toHaveLength(1);
    socket.connect();
    await vi.advanceTimersByTimeAsync(0);
    expect(socket.starts()).toHaveLength(2);
    socket.starts()[1]!.reply(view('after reconnect'));
    await vi.advanceTimersByTimeAsync(0);
    expect(snapshot()).toMatchObject({ phase: 'ready', error: null });
    controller.dispose();
  });
});
