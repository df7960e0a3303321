import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SessionView } from '@shared/events.ts';
import { ExamController } from '../../../client/src/exam/examController.ts';
import { journalKey, type KeyValueStore } from '../../../client/src/exam/journal.ts';
import type { ExamSocket } from '../../../client/src/exam/socket.ts';

class MemoryStore implements KeyValueStore {
  data = new Map<string, string>();
  getItem = (k: string) => this.data.get(k) ?? null;
  setItem = (k: string, v: string) => void this.data.set(k, v);
  removeItem = (k: string) => void this.data.delete(k);
}

/** The server runs 250 ms ahead of this computer's clock. */
const SKEW = 250;
type Payload = Record<string, unknown>;

/** A socket whose server replies to resume with `view` (changed by the test) and records what was sent. */
class FakeSocket {
  connected = false;
  active = false;
  sent: { event: string; payload: Payload }[] = [];
  view: SessionView;
  lateReply: unknown = { ok: true, data: { requestId: 1, status: 'pending', entries: 2, applicable: 1 } };
  private handlers = new Map<string, ((...args: unknown[]) => void)[]>();
  constructor(view: SessionView) {
    this.view = view;
  }
  on(event: string, fn: (...args: unknown[]) => void) {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), fn]);
    return this;
  }
  removeAllListeners() {
    this.handlers.clear();
    return this;
  }
  fire(event: string, ...args: unknown[]) {
    for (const fn of this.handlers.get(event) ?? []) fn(...args);
  }
  connect() {
    this.connected = this.active = true;
    this.fire('connect');
    return this;
  }
  disconnect() {
    this.connected = false;
    return this;
  }
  drop() {
    this.connected = false;
    this.fire('disconnect', 'transport close');
  }
  timeout() {
    return {
      emit: (event: string, payload: Payload, ack: (err: Error | null, reply?: unknown) => void) => {
        this.sent.push({ event, payload });
        const reply = this.replyTo(event, payload);
        queueMicrotask(() => ack(null, reply));
      },
    };
  }
  private replyTo(event: string, payload: Payload): unknown {
    if (event === 'clock:ping') return { ok: true, data: { clientSentAt: 0, serverNow: Date.now() + SKEW } };
    if (event === 'session:start' || event === 'session:resume') return { ok: true, data: { ...this.view, serverNow: Date.now() + SKEW } };
    if (event === 'answer:save') return { ok: true, data: { ...payload, revision: 1, receivedAt: Date.now() } };
    if (event === 'session:late_sync') return this.lateReply;
    return { ok: false, error: { code: 'BAD_REQUEST', message: 'unexpected' } };
  }
}

const item = (id: number) => ({ id, number: id, type: 'single' as const, stem: 's', points: 1, options: [{ id: 'a', label: 'A', text: 'x' }] });

describe('exam controller: answers made offline at the deadline', () => {
  let now: number;
  let view: SessionView;
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    now = Date.now();
    view = { sessionId: 7, kind: 'theory', title: 'p', status: 'in_progress', startedAt: now - 60_000, deadline: now + 60_000, pausedAt: null, endedAt: null, endReason: null, serverNow: now, items: [item(11), item(12)], answers: [], rules: { textPaste: 'block', parallelParts: false }, journalKey: 'k'.repeat(43) + '=' };
  });
  afterEach(() => vi.useRealTimers());

  async function ready() {
    const socket = new FakeSocket(view);
    const store = new MemoryStore();
    const controller = new ExamController({ sittingPartId: 1, socket: socket as unknown as ExamSocket, store, onUnauthenticated: () => {} });
    controller.start();
    await vi.waitFor(() => expect(controller.getSnapshot().phase).toBe('ready'));
    const journal = () => (JSON.parse(store.getItem(journalKey(7)) ?? '{"entries":[]}') as { entries: Payload[] }).entries;
    return { socket, controller, journal };
  }

  it('stamps each change with the server-clock time it was made and a growing sequence number', async () => {
    const { socket, controller, journal } = await ready();
    socket.drop();
    const localAt = Date.now();
    controller.setChoices(11, ['a']);
    vi.setSystemTime(Date.now() + 1000);
    controller.setChoices(12, ['a']);
    const [a, b] = journal();
    expect(a).toMatchObject({ itemId: 11, seq: 1 });
    expect(b).toMatchObject({ itemId: 12, seq: 2 });
    // The offset was measured against a server 250 ms ahead (give or take the fake round trip).
    expect(Math.abs((a!.madeAt as number) - (localAt + SKEW))).toBeLessThanOrEqual(5);
    expect((b!.madeAt as number) - (a!.madeAt as number)).toBe(1000);
    controller.dispose();
  });

  it('records nothing made offline after the deadline, so the last change made in time stays', async () => {
    const { socket, controller, journal } = await ready();
    socket.drop();
    controller.setChoices(11, ['a']);
    vi.setSystemTime(now + 61_000);
    controller.setChoices(11, []);
    expect(journal()).toHaveLength(1);
    expect(journal()[0]).toMatchObject({ response: { choices: ['a'] } });
    controller.dispose();
  });

  it('sends the journal for review when it comes back to a part that ended at its deadline, then forgets it', async () => {
    const { socket, controller, journal } = await ready();
    socket.drop();
    controller.setChoices(11, ['a']);
    vi.setSystemTime(now + 120_000);
    socket.view = { ...view, status: 'ended', endReason: 'deadline', endedAt: view.deadline, journalKey: undefined };
    socket.connect();
    await vi.waitFor(() => expect(controller.getSnapshot().lateSync).toEqual({ status: 'held', entries: 2 }));
    const late = socket.sent.find((s) => s.event === 'session:late_sync')!;
    expect(late.payload).toMatchObject({ sessionId: 7, entries: [{ itemId: 11, seq: 1, response: { choices: ['a'] } }] });
    expect(socket.sent.filter((s) => s.event === 'answer:save')).toHaveLength(0);
    expect(journal()).toHaveLength(0);
    expect(controller.getSnapshot().phase).toBe('ended');
    controller.dispose();
  });

  it('keeps the journal when the server refuses the late sync, and says so', async () => {
    const { socket, controller, journal } = await ready();
    socket.drop();
    controller.setChoices(11, ['a']);
    expect(controller.journalForFile()).toMatchObject({ sessionId: 7, key: view.journalKey, entries: [{ itemId: 11 }] });
    socket.view = { ...view, status: 'ended', endReason: 'deadline', journalKey: undefined };
    socket.lateReply = { ok: false, error: { code: 'CONFLICT', message: 'decided', key: 'lateSync.decided' } };
    socket.connect();
    await vi.waitFor(() => expect(controller.getSnapshot().lateSync).toMatchObject({ status: 'refused', error: { code: 'CONFLICT' } }));
    expect(journal()).toHaveLength(1);
    controller.dispose();
  });

  it('sends nothing for a part that was submitted', async () => {
    const { socket, controller } = await ready();
    socket.drop();
    controller.setChoices(11, ['a']);
    socket.view = { ...view, status: 'ended', endReason: 'submitted', journalKey: undefined };
    socket.connect();
    await vi.waitFor(() => expect(controller.getSnapshot().phase).toBe('ended'));
    expect(socket.sent.some((s) => s.event === 'session:late_sync')).toBe(false);
    expect(controller.getSnapshot().lateSync).toBeNull();
    controller.dispose();
  });
});
