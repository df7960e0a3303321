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
    for (;;) {
      const due = [...this.timers.entries()].filter(([, t]) => t.at <= target).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.current = Math.max(this.current, due[1].at);
      due[1].fn();
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
