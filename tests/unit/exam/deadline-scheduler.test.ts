import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../server/src/core/clock.ts';
import { createDeadlineScheduler } from '../../../server/src/features/exam/deadline-scheduler.ts';

/** Own timers end at the deadline; any other waits the grace (docs/cluster.md §6). */
describe('deadline scheduler', () => {
  const GRACE = 300;
  function setUp() {
    const clock = new ManualClock(0);
    const fired: [number, number][] = [];
    const scheduler = createDeadlineScheduler(clock, (id) => fired.push([id, clock.now()]), GRACE);
    return { clock, fired, scheduler };
  }

  it("fires a node's own timer at the deadline and any other one the grace later", () => {
    const { clock, fired, scheduler } = setUp();
    scheduler.own(1, 1_000);
    scheduler.schedule(2, 1_000);
    clock.set(2_000);
    expect(fired).toEqual([
      [1, 1_000],
      [2, 1_000 + GRACE],
    ]);
  });

  it('keeps a timer own when its deadline moves, and makes it wait the grace once disowned', () => {
    const { clock, fired, scheduler } = setUp();
    scheduler.own(1, 1_000);
    scheduler.schedule(1, 1_500); // extra time given
    scheduler.own(2, 1_000);
    scheduler.disown(2); // the candidate's connection here closed
    scheduler.own(3, 1_000);
    scheduler.own(3, 1_200); // a save saw the deadline moved by another node
    clock.set(3_000);
    expect(fired).toEqual([
      [3, 1_200],
      [2, 1_000 + GRACE],
      [1, 1_500],
    ]);
  });

  it('promotes a timer armed at boot once the candidate is served here', () => {
    const { clock, fired, scheduler } = setUp();
    scheduler.schedule(1, 1_000);
    scheduler.own(1, 1_000);
    clock.set(3_000);
    expect(fired).toEqual([[1, 1_000]]);
    expect(scheduler.size).toBe(0);
  });
});
