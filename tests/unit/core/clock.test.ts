import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../server/src/core/clock.ts';

describe('ManualClock', () => {
  it('fires due timers in deadline order, with now() at each deadline', () => {
    const clock = new ManualClock(1000);
    const fired: [string, number][] = [];
    clock.at(3000, () => fired.push(['b', clock.now()]));
    clock.at(2000, () => fired.push(['a', clock.now()]));
    const c = clock.at(2500, () => fired.push(['c', clock.now()]));
    c.cancel();
    clock.advance(1500);
    expect(fired).toEqual([['a', 2000]]);
    clock.advance(10_000);
    expect(fired).toEqual([['a', 2000], ['b', 3000]]);
    expect(clock.now()).toBe(12_500);
  });

  it('jump moves time without firing timers', () => {
    const clock = new ManualClock(0);
    let fired = false;
    clock.at(10, () => (fired = true));
    clock.jump(100);
    expect(fired).toBe(false);
    clock.advance(0);
    expect(fired).toBe(true);
  });
});
