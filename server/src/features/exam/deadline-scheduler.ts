import type { Clock, TimerHandle } from '../../core/clock.ts';

/** One timer per running session; moving a deadline replaces its timer. */
export function createDeadlineScheduler(clock: Clock, onDue: (sessionId: number) => void) {
  const timers = new Map<number, TimerHandle>();
  return {
    schedule(sessionId: number, deadline: number) {
      timers.get(sessionId)?.cancel();
      timers.set(
        sessionId,
        clock.at(deadline, () => {
          timers.delete(sessionId);
          onDue(sessionId);
        }),
      );
    },
    cancel(sessionId: number) {
      timers.get(sessionId)?.cancel();
      timers.delete(sessionId);
    },
    cancelAll() {
      for (const t of timers.values()) t.cancel();
      timers.clear();
    },
    get size() {
      return timers.size;
    },
  };
}
export type DeadlineScheduler = ReturnType<typeof createDeadlineScheduler>;
