import { describe, expect, it } from 'vitest';
import { createHeartbeatWheel } from '../../../server/src/core/heartbeat-wheel.ts';

/** A wheel of 3 s in 20 ms ticks on a clock the test moves; `beats` records when each member was beaten. */
function wheelOf(opts: { jitterMs?: number; random?: () => number } = {}) {
  let now = 0;
  const beats = new Map<number, number[]>();
  const wheel = createHeartbeatWheel<number>({
    periodMs: 3_000,
    tickMs: 20,
    jitterMs: opts.jitterMs ?? 0,
    now: () => now,
    random: opts.random ?? (() => 0),
    beat: (m) => beats.set(m, [...(beats.get(m) ?? []), now]),
  });
  /** Moves the clock in ticks of 20 ms (or in one jump, as a timer held up by a long task). */
  const advance = (ms: number, step = 20) => {
    for (let t = 0; t < ms; t += step) {
      now += Math.min(step, ms - t);
      wheel.tick();
    }
  };
  return { wheel, advance, beats, at: () => now };
}

const gaps = (times: number[]) => times.slice(1).map((t, i) => t - times[i]!);

describe('heartbeat wheel', () => {
  it('beats a silent member once per period', () => {
    const { wheel, advance, beats } = wheelOf();
    wheel.add(1);
    advance(30_000);
    expect(beats.get(1)).toHaveLength(10);
    expect(gaps(beats.get(1)!).every((g) => g === 3_000)).toBe(true);
  });

  it('a member sent something more often than the period is never beaten; one sent something less often is beaten a period after it', () => {
    const { wheel, advance, beats, at } = wheelOf();
    wheel.add(1);
    wheel.add(2);
    const touched: number[] = [];
    for (let s = 0; s < 30; s += 5) {
      for (let i = 0; i < 5; i++) {
        wheel.touch(1);
        advance(1_000);
      }
      touched.push(at());
      wheel.touch(2);
    }
    expect(beats.get(1)).toBeUndefined();
    // Sent something every 5 s: one heartbeat 3 s after each, none more.
    expect(beats.get(2)).toEqual([3_000, ...touched.slice(0, -1).map((t) => t + 3_000)]);
  });

  it('a crowd touched in the same tick spreads out over the jitter, and no member waits longer than the period', () => {
    let seed = 1;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const { wheel, advance, beats } = wheelOf({ jitterMs: 250, random });
    for (let m = 0; m < 1000; m++) wheel.add(m);
    advance(60_000);
    const all = [...beats.values()];
    expect(all).toHaveLength(1000);
    for (const times of all) expect(Math.max(...gaps([0, ...times]))).toBeLessThanOrEqual(3_000);
    // After a minute the crowd no longer beats in one tick: no tick holds more than a few percent of it.
    const perTick = new Map<number, number>();
    for (const t of all.flatMap((ts) => ts.filter((x) => x > 50_000))) perTick.set(t, (perTick.get(t) ?? 0) + 1);
    expect(Math.max(...perTick.values())).toBeLessThan(100);
  });

  it('a timer held up catches up: every member due meanwhile is beaten at once, each only once', () => {
    const { wheel, advance, beats } = wheelOf();
    for (let m = 0; m < 10; m++) {
      wheel.add(m);
      advance(200);
    }
    advance(10_000, 10_000);
    for (let m = 0; m < 10; m++) expect(beats.get(m)).toEqual([12_000]);
  });

  it('a removed member is not beaten, touching one never added does nothing', () => {
    const { wheel, advance, beats } = wheelOf();
    wheel.add(1);
    wheel.add(2);
    wheel.remove(1);
    wheel.remove(99);
    wheel.touch(98);
    advance(10_000);
    expect([...beats.keys()]).toEqual([2]);
    expect(wheel.size).toBe(1);
  });
});
