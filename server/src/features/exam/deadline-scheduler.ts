import type { Clock, TimerHandle } from '../../core/clock.ts';

/**
 * One timer per running session; moving a deadline replaces its timer.
 *
 * A timer is `own` while this node serves the candidate (their start, resume or saves came here):
 * it fires at the deadline, after this node's queued saves of the session (same group-commit
 * lane). Any other timer (armed at boot, or by a proctor's act on this node) fires `graceMs` later,
 * as the sweep does, so that saves the candidate's node received in time commit first
 * (docs/cluster.md §6).
 */
export function createDeadlineScheduler(clock: Clock, onDue: (sessionId: number) => void, graceMs = 0) {
  const timers = new Map<number, { handle: TimerHandle; deadline: number; own: boolean }>();

  function arm(sessionId: number, deadline: number, own: boolean) {
    timers.get(sessionId)?.handle.cancel();
    const handle = clock.at(own ? deadline : deadline + graceMs, () => {
      timers.delete(sessionId);
      onDue(sessionId);
    });
    timers.set(sessionId, { handle, deadline, own });
  }

  return {
    /** Arms (or moves) the session's timer, keeping whether it is this node's own. */
    schedule(sessionId: number, deadline: number) {
      arm(sessionId, deadline, timers.get(sessionId)?.own ?? false);
    },
    /** This node serves the candidate now: its timer ends the session at the deadline. */
    own(sessionId: number, deadline: number) {
      const t = timers.get(sessionId);
      if (!t?.own || t.deadline !== deadline) arm(sessionId, deadline, true);
    },
    /** The candidate's connection here is gone: another node may hold their saves, so wait the grace. */
    disown(sessionId: number) {
      const t = timers.get(sessionId);
      if (t?.own) arm(sessionId, t.deadline, false);
    },
    cancel(sessionId: number) {
      timers.get(sessionId)?.handle.cancel();
      timers.delete(sessionId);
    },
    cancelAll() {
      for (const t of timers.values()) t.handle.cancel();
      timers.clear();
    },
    get size() {
      return timers.size;
    },
  };
}
export type DeadlineScheduler = ReturnType<typeof createDeadlineScheduler>;
