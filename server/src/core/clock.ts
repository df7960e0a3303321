/**
 * Every deadline decision reads time through this interface, so tests can move time
 * forward instead of sleeping through a 90-minute exam.
 */
export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  now(): number;
  /** Runs `fn` once `now() >= at`. */
  at(at: number, fn: () => void): TimerHandle;
}

// setTimeout overflows above 2^31-1 ms (~24.8 days); long waits are chained.
const MAX_TIMEOUT = 2 ** 31 - 1;

export const systemClock: Clock = {
  now: () => Date.now(),
  at(at, fn) {
    let timer: NodeJS.Timeout;
    const arm = () => {
      const wait = at - Date.now();
      if (wait > MAX_TIMEOUT) timer = setTimeout(arm, MAX_TIMEOUT);
      else timer = setTimeout(fn, Math.max(0, wait));
      timer.unref();
    };
    arm();
    return { cancel: () => clearTimeout(timer) };
  },
};

/** A clock that only moves when told to; due timers fire in deadline order on `advance`. */
export class ManualClock implements Clock {
  private timers = new Map<number, { at: number; fn: () => void }>();
  private nextId = 1;
  constructor(private current: number = Date.UTC(2026, 5, 1, 1, 0, 0)) {}

  now(): number {
    return this.current;
  }

  at(at: number, fn: () => void): TimerHandle {
    const id = this.nextId++;
    this.timers.set(id, { at, fn });
    return { cancel: () => void this.timers.delete(id) };
  }

  advance(ms: number): void {
    this.set(this.current + ms);
  }

  set(target: number): void {
    // Sorted once per round, not once per timer: a deadline storm's tests and benches arm tens of
    // thousands. A timer armed by one that fires starts a new round, so order stays by deadline.
    for (;;) {
      const armed = this.nextId;
      const due = [...this.timers.entries()].filter(([, t]) => t.at <= target).sort((a, b) => a[1].at - b[1].at || a[0] - b[0]);
      if (due.length === 0) break;
      for (const [id, t] of due) {
        if (!this.timers.delete(id)) continue;
        this.current = Math.max(this.current, t.at);
        t.fn();
        if (this.nextId !== armed) break;
      }
    }
    this.current = target;
  }

  /** Moves time without firing timers: the moment between a deadline and its timer running. */
  jump(ms: number): void {
    this.current += ms;
  }

  get pendingTimers(): number {
    return this.timers.size;
  }
}

/**
 * The system clock plus an offset that can only grow: a rehearsal (CLOCK_CONTROL, refused in
 * production) moves the whole server forward in time, and every armed deadline re-arms at once,
 * so a 90-minute part ends on command instead of after 90 minutes.
 */
export class ShiftableClock implements Clock {
  private offset = 0;
  private readonly timers = new Set<{ at: number; fn: () => void; timer: NodeJS.Timeout | null }>();

  now(): number {
    return Date.now() + this.offset;
  }

  at(at: number, fn: () => void): TimerHandle {
    const entry = { at, fn, timer: null as NodeJS.Timeout | null };
    this.timers.add(entry);
    this.arm(entry);
    return {
      cancel: () => {
        if (entry.timer) clearTimeout(entry.timer);
        this.timers.delete(entry);
      },
    };
  }

  /** Moves the clock forward by `ms`; deadlines now in the past fire on the next turns. */
  advance(ms: number): void {
    if (!(ms > 0)) return;
    this.offset += ms;
    for (const entry of this.timers) this.arm(entry);
  }

  get shiftedBy(): number {
    return this.offset;
  }

  private arm(entry: { at: number; fn: () => void; timer: NodeJS.Timeout | null }) {
    if (entry.timer) clearTimeout(entry.timer);
    const wait = Math.min(MAX_TIMEOUT, Math.max(0, entry.at - this.now()));
    entry.timer = setTimeout(() => {
      if (this.now() < entry.at) return this.arm(entry);
      this.timers.delete(entry);
      entry.fn();
    }, wait);
    entry.timer.unref();
  }
}
