/**
 * Candidates whose grid row was not computed because no node was known to watch their room
 * (cluster mode). A node's word that it now watches may trail a change made here (Redis latency,
 * or a lost message repaired by the next heartbeat): rows skipped within `keepMs` before it are
 * computed after all, newer than the snapshot that proctor's console just read.
 */
export function createSkippedRows(keepMs: number) {
  // Insertion order is age order (an entry is moved to the end when skipped again).
  const skipped = new Map<number, { at: number; room: string }>();

  function prune(now: number): void {
    for (const [id, s] of skipped) {
      if (now - s.at <= keepMs) return;
      skipped.delete(id);
    }
  }

  return {
    add(candidateId: number, room: string, now: number): void {
      skipped.delete(candidateId);
      skipped.set(candidateId, { at: now, room });
      prune(now);
    },
    /** The candidates skipped lately in the rooms of these channels (a room's channel or its parts'); forgotten here. */
    due(channels: readonly string[], now: number): number[] {
      prune(now);
      const inRoom = (room: string) => channels.some((c) => c === room || c.startsWith(`${room}:`));
      const ids = [...skipped].flatMap(([id, s]) => (inRoom(s.room) ? [id] : []));
      for (const id of ids) skipped.delete(id);
      return ids;
    },
  };
}
