import { describe, expect, it } from 'vitest';
import { gcCollector, parseGcLine, summariseGc } from '../../../bench/gc.ts';

const scavenge = '[12649:0x348b9490]       46 ms: Scavenge 3.8 (4.0) -> 3.4 (5.0) MB, 3.95 / 0.00 ms  (average mu = 1.000, current mu = 1.000) allocation failure; ';
const major =
  '[12657:0x8b4fe50]      547 ms: Mark-Compact 55.9 (74.4) -> 46.2 (80.6) MB, 29.69 / 0.00 ms  (+ 1.7 ms in 3 steps since start of marking, biggest step 1.6 ms, walltime since start of marking 139 ms) (average mu = 1.000, current mu = 1.000) finalize incremental marking via stack guard; GC in old space requested';
const reduce = '[1:0x1]     9000 ms: Mark-Compact (reduce) 900.1 (950.0) -> 400.2 (500.0) MB, 812.50 / 0.00 ms  (average mu = 0.5) memory pressure';

describe('GC pauses from --trace-gc', () => {
  it('reads the time, kind and pause of each line, and nothing from other lines', () => {
    expect(parseGcLine(scavenge)).toEqual({ atMs: 46, kind: 'scavenge', pauseMs: 3.95, heapMb: 3.4, committedMb: 5 });
    expect(parseGcLine(major)).toEqual({ atMs: 547, kind: 'mark-compact', pauseMs: 29.69, heapMb: 46.2, committedMb: 80.6 });
    expect(parseGcLine(reduce)).toEqual({ atMs: 9000, kind: 'mark-compact', pauseMs: 812.5, heapMb: 400.2, committedMb: 500 });
    expect(parseGcLine('{"level":40,"msg":"Scavenge 3.8 MB"}')).toBeNull();
  });

  it('sums the pauses inside a window, with the worst major one', () => {
    const c = gcCollector();
    c.write(`${scavenge}\n${major.slice(0, 60)}`);
    c.write(`${major.slice(60)}\n${reduce}\n`);
    expect(c.pauses).toHaveLength(3);
    expect(summariseGc(c.pauses, 40, 600)).toMatchObject({ pauses: 2, totalMs: 33.6, markCompacts: 1, maxMarkCompactMs: 29.7, maxMs: 29.7, peakCommittedMb: 80.6, liveAfterFullGcMb: 46.2 });
    expect(summariseGc(c.pauses, 0, 10_000)).toMatchObject({ peakCommittedMb: 500, liveAfterFullGcMb: 400.2 });
    expect(summariseGc(c.pauses, 0, 10_000).shareOfWall).toBeCloseTo(846.1 / 10_000, 3);
    expect(summariseGc(c.pauses, 10, 20)).toMatchObject({ pauses: 0, totalMs: 0, maxMarkCompactMs: 0, liveAfterFullGcMb: null });
  });
});

it("counts the server's error log lines by message, not its other lines", () => {
  const c = gcCollector();
  const error = JSON.stringify({ level: 50, msg: 'socket event failed', err: { message: 'too many SQL variables' } });
  c.write(`${error}\n{"level":40,"msg":"slow"}\nnot json {"level":50}\n${error}\n`);
  expect([...c.errors]).toEqual([['socket event failed: too many SQL variables', 2]]);
});
