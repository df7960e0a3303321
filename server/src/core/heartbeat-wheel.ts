/**
 * Sends a member a heartbeat only when nothing else was sent to it for a period: a timing wheel of
 * `periodMs / tickMs` slots, where anything sent to a member (`touch`) moves it to the slot a period
 * ahead, and each tick beats the members of the slot that fell due.
 *
 * Why not engine.io's ping timer per connection: after any long task (a start storm) those timers
 * fall due together and stay lined up, and a node at 10,000 connections pinged thousands in one go
 * every period (40–90 ms tasks, the acks waiting behind them); and a socket that just got an ack was
 * pinged all the same. Here a slot holds the members touched in one tick, a member goes back up to
 * `jitterMs` earlier than a period so that a crowd touched at once (a broadcast) spreads out, and
 * a late timer catches up on the ticks it missed so that no member waits much past its period.
 */
export type HeartbeatWheel<T> = {
  /** Starts beating a member; it is beaten a period from now unless touched meanwhile. */
  add(member: T): void;
  remove(member: T): void;
  /** Something was sent to the member: its heartbeat is due a period from now. */
  touch(member: T): void;
  /** Beats the members whose slots fell due since the last tick (by `now`). */
  tick(): void;
  readonly size: number;
};

export type HeartbeatWheelOptions<T> = {
  periodMs: number;
  tickMs: number;
  jitterMs: number;
  beat: (member: T) => void;
  now: () => number;
  random?: () => number;
};

export function createHeartbeatWheel<T>(opts: HeartbeatWheelOptions<T>): HeartbeatWheel<T> {
  const slotCount = Math.max(2, Math.round(opts.periodMs / opts.tickMs));
  // At most a quarter of the period: a beat comes no earlier than three quarters of it.
  const jitterSlots = Math.min(Math.floor(slotCount / 4), Math.round(opts.jitterMs / opts.tickMs));
  const random = opts.random ?? Math.random;
  const slots: Set<T>[] = Array.from({ length: slotCount }, () => new Set());
  const slotOf = new Map<T, number>();
  /** The slot the next tick beats. */
  let cursor = 0;
  let ticksDone = 0;
  const startedAt = opts.now();

  function place(member: T): void {
    // The slot just behind the cursor is beaten `slotCount` ticks from now: one period.
    const early = Math.floor(random() * (jitterSlots + 1));
    const index = (cursor - 1 - early + 2 * slotCount) % slotCount;
    const current = slotOf.get(member);
    if (current === index) return;
    if (current !== undefined) slots[current]!.delete(member);
    slots[index]!.add(member);
    slotOf.set(member, index);
  }

  function beatSlot(): void {
    const slot = slots[cursor]!;
    cursor = (cursor + 1) % slotCount;
    if (slot.size === 0) return;
    const due = [...slot];
    slot.clear();
    for (const member of due) {
      slotOf.delete(member);
      place(member);
      opts.beat(member);
    }
  }

  return {
    add: place,
    remove(member) {
      const current = slotOf.get(member);
      if (current === undefined) return;
      slots[current]!.delete(member);
      slotOf.delete(member);
    },
    touch(member) {
      if (slotOf.has(member)) place(member);
    },
    tick() {
      const dueTicks = Math.floor((opts.now() - startedAt) / opts.tickMs);
      // A timer held up for longer than a period beats every member once, not once per missed turn.
      const behind = Math.min(dueTicks - ticksDone, slotCount);
      ticksDone = dueTicks;
      for (let i = 0; i < behind; i++) beatSlot();
    },
    get size() {
      return slotOf.size;
    },
  };
}
