import { describe, expect, it } from 'vitest';
import { createPageListener } from '../../../server/src/core/page-listener.ts';

/** A listener of 11 s in 20 ms ticks on a clock the test moves; verdicts run when the test says the I/O was read. */
function listenerOf(opts: { jitterMs?: number; random?: () => number } = {}) {
  let now = 0;
  const pings = new Map<number, number[]>();
  const closed: { page: number; at: number }[] = [];
  let deferred: (() => void)[] = [];
  const listener = createPageListener<number>({
    periodMs: 11_000,
    tickMs: 20,
    jitterMs: opts.jitterMs ?? 0,
    now: () => now,
    random: opts.random ?? (() => 0),
    ping: (p) => pings.set(p, [...(pings.get(p) ?? []), now]),
    close: (p) => closed.push({ page: p, at: now }),
    defer: (fn) => deferred.push(fn),
  });
  /** The poll phase after the timers: what was deferred runs. */
  const readIo = () => {
    const due = deferred;
    deferred = [];
    for (const fn of due) fn();
  };
  /** Moves the clock in ticks (or in one jump, as a timer held up by a long task), reading the I/O after each. */
  const advance = (ms: number, step = 20, onTick: () => void = () => {}) => {
    for (let t = 0; t < ms; t += step) {
      now += Math.min(step, ms - t);
      listener.tick();
      onTick();
      readIo();
    }
  };
  return { listener, advance, pings, closed, at: () => now };
}

describe('page listener', () => {
  it('a page that sends more often than the period is never pinged nor closed', () => {
    const { listener, advance, pings, closed } = listenerOf();
    listener.add(1);
    for (let i = 0; i < 20; i++) {
      advance(5_000);
      listener.heard(1);
    }
    expect(pings.get(1)).toBeUndefined();
    expect(closed).toEqual([]);
  });

  it('a silent page is pinged after a period; answering, it stays; not answering, it is closed a period later', () => {
    const { listener, advance, pings, closed } = listenerOf();
    listener.add(1);
    listener.add(2);
    advance(11_000, 20, () => pings.get(1)?.length === 1 && listener.heard(1));
    expect(pings.get(1)).toEqual([11_000]);
    expect(pings.get(2)).toEqual([11_000]);
    advance(11_000);
    expect(closed).toEqual([{ page: 2, at: 22_000 }]);
    // The answering page is pinged again a period after its pong.
    expect(pings.get(1)).toEqual([11_000, 22_000]);
  });

  it('a pong read in the same turn as the verdict (after a long task) saves the page', () => {
    const { listener, advance, closed } = listenerOf();
    listener.add(1);
    advance(11_000);
    // The event loop was held up past the verdict's time; the page's pong waits in the socket.
    advance(12_000, 12_000, () => listener.heard(1));
    expect(closed).toEqual([]);
  });

  it('a node held up for more than a period pings its pages, and closes none in the same catch-up', () => {
    // Placed up to 1 s early once pinged (the jitter), a page can fall due twice in one catch-up.
    let placed = 0;
    const { listener, advance, pings, closed } = listenerOf({ jitterMs: 1_000, random: () => (placed++ === 0 ? 0 : 0.99) });
    listener.add(1);
    // Due at 11 s; the node stalls just before, for 30 s.
    advance(10_960);
    advance(30_000, 30_000);
    expect(pings.get(1)).toEqual([40_960]);
    expect(closed).toEqual([]);
    advance(11_000);
    expect(closed).toHaveLength(1);
  });

  it('a page removed is neither pinged nor closed', () => {
    const { listener, advance, pings, closed } = listenerOf();
    listener.add(1);
    advance(11_000);
    listener.remove(1);
    advance(30_000);
    expect(pings.get(1)).toEqual([11_000]);
    expect(closed).toEqual([]);
  });
});
