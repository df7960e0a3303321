import { createHeartbeatWheel } from './heartbeat-wheel.ts';

/**
 * How a node knows its pages are alive: by what they send. A page that sent nothing for a period
 * is pinged; if it still sent nothing a period later, it is closed. A page that saves more often
 * than the period is never pinged: its saves say all a pong would (issue #19: at 10,000 saving
 * pages engine.io's ping every 10 s was a write and a read per two saves). The members sit on a
 * timing wheel (heartbeat-wheel.ts), so that pages silent since one moment (a start storm's asks)
 * are pinged spread over up to `jitterMs`, not in one go.
 */
export type PageListener<T> = {
  add(page: T): void;
  remove(page: T): void;
  /** The page sent something (any packet): its next ping is a period away, and it owes no pong. */
  heard(page: T): void;
  tick(): void;
};

export type PageListenerOptions<T> = {
  periodMs: number;
  tickMs: number;
  jitterMs: number;
  ping: (page: T) => void;
  close: (page: T) => void;
  now: () => number;
  /** Runs the verdict after the I/O waiting now is read (setImmediate). */
  defer?: (fn: () => void) => void;
  random?: () => number;
};

export function createPageListener<T>(opts: PageListenerOptions<T>): PageListener<T> {
  const defer = opts.defer ?? ((fn) => void setImmediate(fn));
  /** When each page that has not answered since was pinged. */
  const pingedAt = new Map<T, number>();
  const { periodMs, tickMs, jitterMs, now, random } = opts;
  const wheel = createHeartbeatWheel<T>({ periodMs, tickMs, jitterMs, now, beat: pingOrClose, ...(random ? { random } : {}) });

  function pingOrClose(page: T): void {
    const pinged = pingedAt.get(page);
    if (pinged === undefined) {
      pingedAt.set(page, now());
      opts.ping(page);
      return;
    }
    // A node held up for a whole period can meet a page twice in one catch-up (the jitter places it early): its ping just went.
    if (now() - pinged < periodMs / 2) return;
    // After a long task the timers run before the packets that arrived meanwhile are read: the verdict waits for them.
    defer(() => {
      if (pingedAt.has(page)) opts.close(page);
    });
  }

  return {
    add: (page) => wheel.add(page),
    remove(page) {
      wheel.remove(page);
      pingedAt.delete(page);
    },
    heard(page) {
      pingedAt.delete(page);
      wheel.touch(page);
    },
    tick: () => wheel.tick(),
  };
}
