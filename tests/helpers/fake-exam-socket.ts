import type { SessionView } from '@shared/events.ts';

/** A server's reply to one emit, as socket.io's `timeout().emit` callback gets it. */
export type FakeHandler = (payload: any, reply: (err: Error | null, ack: unknown) => void) => void;

/** An engine.io-client connection as the controller watches it: `heartbeat` on every packet received. */
export class FakeEngine {
  readyState = 'open';
  /** How often the page closed this connection itself. */
  closes = 0;
  private listeners = new Map<string, Set<() => void>>();
  close() {
    this.closes++;
    this.readyState = 'closed';
  }
  listenerCount(event: string) {
    return this.listeners.get(event)?.size ?? 0;
  }
  on(event: string, fn: () => void) {
    this.listeners.set(event, (this.listeners.get(event) ?? new Set()).add(fn));
    return this;
  }
  off(event: string, fn: () => void) {
    this.listeners.get(event)?.delete(fn);
    return this;
  }
  fire(event: string) {
    for (const fn of this.listeners.get(event) ?? []) fn();
  }
}

/**
 * Just enough of a socket.io client for the exam page's controller: server replies come from
 * `handlers`, pushes from `fire`. `io` is the Manager, whose `engine` (one per connection, a new one
 * on `reopen`) the controller watches the line through; `withManager: false` leaves it out, as on a
 * socket the controller does not watch.
 */
export class FakeExamSocket {
  connected = false;
  active = true;
  private listeners = new Map<string, ((p: any) => void)[]>();
  private managerListeners = new Map<string, (() => void)[]>();
  readonly io?: { engine: FakeEngine; on(event: string, fn: () => void): unknown; off(): unknown; reopen(): void };
  constructor(
    readonly handlers: Record<string, FakeHandler>,
    opts: { withManager?: boolean } = {},
  ) {
    if (opts.withManager)
      this.io = {
        engine: new FakeEngine(),
        on: (event, fn) => this.managerListeners.set(event, [...(this.managerListeners.get(event) ?? []), fn]),
        off: () => undefined,
        reopen: () => {
          this.io!.engine = new FakeEngine();
          for (const fn of this.managerListeners.get('open') ?? []) fn();
        },
      };
  }
  on(event: string, fn: (p: any) => void) {
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

/** A theory session of one single-choice item, running, as a start or resume answers it. */
export const oneItemView = (patch: Partial<SessionView> = {}): SessionView => ({
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
  ...patch,
});
