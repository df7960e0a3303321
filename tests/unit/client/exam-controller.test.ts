import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Ack, SessionView } from '@shared/events.ts';
import { ExamController } from '../../../client/src/exam/examController.ts';
import { journalKey, type KeyValueStore } from '../../../client/src/exam/journal.ts';
import type { ExamSocket } from '../../../client/src/exam/socket.ts';

/**
 * The candidate client's promise: a change is kept (journal) and re-sent until the server has
 * acknowledged it. These tests drive the controller against a scripted socket with fake timers.
 */

class MemoryStore implements KeyValueStore {
  data = new Map<string, string>();
  getItem = (k: string) => this.data.get(k) ?? null;
  setItem = (k: string, v: string) => void this.data.set(k, v);
  removeItem = (k: string) => void this.data.delete(k);
}

type Reply = Ack<unknown> | 'no-reply';
type Sent = { event: string; payload: { changeId?: string; view?: string }; at: number };

const VIEW: SessionView = {
  sessionId: 7,
  kind: 'theory',
  title: 'paper',
  status: 'in_progress',
  startedAt: 0,
  // Ahead of the (faked) clock: a change made offline after the deadline is not recorded.
  deadline: Date.now() + 5_400_000,
  pausedAt: null,
  endedAt: null,
  endReason: null,
  serverNow: 0,
  items: [{ id: 11, number: 1, type: 'single', stem: 's', points: 1, options: [{ id: 'a', label: 'A', text: 'x' }] }],
  answers: [],
  rules: { textPaste: 'block', parallelParts: false },
};

/** Answers like the server would, except for answer:save, whose replies the test scripts. */
class ScriptedSocket {
  connected = false;
  active = false;
  sent: Sent[] = [];
  saveReplies: Reply[] = [];
  /** How a start or resume is answered: as a node before the compact format ('old-node' refuses the field), or compact when asked. */
  views: 'old-node' | 'compact' = 'compact';
  private handlers = new Map<string, ((...args: unknown[]) => void)[]>();

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
    this.connected = this.active = false;
    this.fire('disconnect', 'io client disconnect');
    return this;
  }
  drop() {
    this.connected = false;
    this.fire('disconnect', 'transport close');
  }
  timeout() {
    return {
      emit: (event: string, payload: Sent['payload'], ack: (err: Error | null, reply?: unknown) => void) => {
        this.sent.push({ event, payload, at: Date.now() });
        const reply = this.replyTo(event, payload);
        // A reply arrives asynchronously, as over a real connection.
        queueMicrotask(() => (reply === 'no-reply' ? ack(new Error('operation has timed out')) : ack(null, reply)));
      },
    };
  }
  saves() {
    return this.sent.filter((s) => s.event === 'answer:save');
  }
  private replyTo(event: string, payload: Sent['payload']): Reply {
    if (event === 'clock:ping') return { ok: true, data: { clientSentAt: 0, serverNow: Date.now() } };
    if (event === 'session:start' || event === 'session:resume') return this.viewReply(payload);
    if (event === 'answer:save') {
      const scripted = this.saveReplies.shift();
      return scripted ?? { ok: true, data: { ...payload, revision: this.saves().length, receivedAt: Date.now() } };
    }
    return { ok: false, error: { code: 'BAD_REQUEST', message: 'unexpected' } };
  }
  private viewReply(payload: Sent['payload']): Reply {
    if (payload.view === undefined) return { ok: true, data: { ...VIEW, serverNow: Date.now() } };
    if (this.views === 'old-node') return { ok: false, error: { code: 'BAD_REQUEST', message: 'Invalid input' } };
    const { items: _items, ...rest } = VIEW;
    const content = new TextEncoder().encode(JSON.stringify({ items: [{ id: 11, type: 'single', stem: 's', points: 1, options: ['x'] }] }));
    return { ok: true, data: { ...rest, serverNow: Date.now(), view: 'paper-content', content: content.buffer, layout: { items: [0], options: '0a' } } };
  }
}

const internal: Reply = { ok: false, error: { code: 'INTERNAL', message: 'disk busy' } };

/**
 * Lets queued replies arrive without moving the fake clock (vi.waitFor would advance it, and with
 * it the retry timers under test).
 */
async function flush() {
  for (let i = 0; i < 40; i++) await Promise.resolve();
}

async function readyController(views: ScriptedSocket['views'] = 'compact') {
  const socket = new ScriptedSocket();
  socket.views = views;
  const store = new MemoryStore();
  const controller = new ExamController({ sittingPartId: 1, socket: socket as unknown as ExamSocket, store, onUnauthenticated: () => {} });
  controller.start();
  await vi.waitFor(() => expect(controller.getSnapshot().phase).toBe('ready'));
  return { socket, store, controller, journal: () => (JSON.parse(store.getItem(journalKey(7)) ?? '{"entries": []}') as { entries: unknown[] }).entries };
}

describe('exam controller: unacknowledged saves', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => vi.useRealTimers());

  it('retries a save the server failed, with growing delays, until it is acked; the journal keeps it meanwhile', async () => {
    const { socket, controller, journal } = await readyController();
    socket.saveReplies.push(internal, internal);
    controller.setChoices(11, ['a']);
    await flush();
    expect(controller.getSnapshot().saveState).toBe('error');
    expect(journal()).toHaveLength(1);

    await vi.advanceTimersByTimeAsync(999);
    expect(socket.saves()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(socket.saves()).toHaveLength(2);
    expect(controller.getSnapshot().saveState).toBe('error');

    await vi.advanceTimersByTimeAsync(1999);
    expect(socket.saves()).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    await flush();
    expect(controller.getSnapshot().saveState).toBe('saved');

    const changeIds = socket.saves().map((s) => s.payload.changeId);
    expect(changeIds).toHaveLength(3);
    expect(new Set(changeIds).size).toBe(1);
    expect(journal()).toHaveLength(0);
    controller.dispose();
  });

  it('re-sends a save whose ack never came (timeout) with the same change id', async () => {
    const { socket, controller, journal } = await readyController();
    socket.saveReplies.push('no-reply');
    controller.setChoices(11, ['a']);
    await flush();
    expect(controller.getSnapshot().saveState).toBe('error');
    expect(journal()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000);
    await flush();
    expect(controller.getSnapshot().saveState).toBe('saved');
    const [first, second] = socket.saves();
    expect(second?.payload.changeId).toBe(first?.payload.changeId);
    expect(journal()).toHaveLength(0);
    controller.dispose();
  });

  it('keeps changes made offline in the journal and sends them once the connection is back', async () => {
    const { socket, controller, journal } = await readyController();
    socket.drop();
    controller.setChoices(11, ['a']);
    expect(controller.getSnapshot().saveState).toBe('offline');
    expect(socket.saves()).toHaveLength(0);
    expect(journal()).toHaveLength(1);

    socket.connect();
    await flush();
    expect(controller.getSnapshot().saveState).toBe('saved');
    expect(socket.saves()).toHaveLength(1);
    expect(journal()).toHaveLength(0);
    controller.dispose();
  });

  it('does not retry a save the server refused for good, and says the part is over when time is up', async () => {
    const { socket, controller, journal } = await readyController();
    socket.saveReplies.push({ ok: false, error: { code: 'BAD_REQUEST', message: 'no such option' } });
    controller.setChoices(11, ['a']);
    await flush();
    expect(socket.saves()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(socket.saves()).toHaveLength(1);
    expect(journal()).toHaveLength(0);

    socket.saveReplies.push({ ok: false, error: { code: 'DEADLINE_PASSED', message: 'time is up' } });
    controller.setChoices(11, ['a']);
    await flush();
    expect(controller.getSnapshot().phase).toBe('ended');
    expect(controller.getSnapshot().endReason).toBe('deadline');
    controller.dispose();
  });
});

describe('exam controller: the start/resume reply format (shared/session-view-wire.ts)', () => {
  const asks = (socket: ScriptedSocket) => socket.sent.filter((s) => s.event === 'session:start' || s.event === 'session:resume').map((s) => `${s.event} ${s.payload.view ?? 'today'}`);

  it('asks for the compact reply and shows the view it decodes to', async () => {
    const { socket, controller } = await readyController('compact');
    expect(asks(socket)).toEqual(['session:start paper-content']);
    expect(controller.getSnapshot().view?.items).toEqual(VIEW.items);
  });

  it('on a node not yet upgraded (the field refused), asks again in today\'s format, and keeps to it', async () => {
    const { socket, controller } = await readyController('old-node');
    expect(controller.getSnapshot().view?.items).toEqual(VIEW.items);
    socket.drop();
    socket.connect();
    await vi.waitFor(() => expect(asks(socket)).toHaveLength(3));
    expect(asks(socket)).toEqual(['session:start paper-content', 'session:start today', 'session:resume today']);
  });
});
