import { describe, expect, it } from 'vitest';
import { createHeartbeatWheel } from '../../../server/src/core/heartbeat-wheel.ts';

function wheelOf(slices: number) {
  const beats: number[][] = [];
  let current: number[] = [];
  const wheel = createHeartbeatWheel<number>({ slices, beat: (m) => current.push(m) });
  const tick = () => {
    current = [];
    wheel.tick();
    beats.push(current);
    return current;
  };
  return { wheel, tick, beats };
}

describe('heartbeat wheel', () => {
  it('beats every member exactly once per turn, and each tick only its slice', () => {
    const { wheel, tick } = wheelOf(10);
    for (let m = 0; m < 1000; m++) wheel.add(m);
    const turn = Array.from({ length: 10 }, tick);
    expect(turn.every((slice) => slice.length === 100)).toBe(true);
    expect(turn.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    // The next turn beats the same members in the same ticks: each one's beats are a period apart.
    expect(Array.from({ length: 10 }, tick)).toEqual(turn);
  });

  it('spreads members that join over time, and a member added twice is beaten once', () => {
    const { wheel, tick } = wheelOf(4);
    for (let m = 0; m < 10; m++) {
      wheel.add(m);
      wheel.add(m);
      tick();
    }
    expect(wheel.size).toBe(10);
    const sizes = Array.from({ length: 4 }, () => tick().length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  it('a member removed is not beaten again, and new members fill the lightest slices', () => {
    const { wheel, tick } = wheelOf(4);
    for (let m = 0; m < 8; m++) wheel.add(m);
    const first = tick();
    for (const m of first) wheel.remove(m);
    wheel.remove(999);
    const rest = [tick(), tick(), tick()].flat();
    expect(rest.some((m) => first.includes(m))).toBe(false);
    wheel.add(100);
    wheel.add(101);
    // The emptied slice (beaten first) takes both newcomers.
    expect(tick().sort()).toEqual([100, 101]);
    expect(wheel.size).toBe(8);
  });
});
