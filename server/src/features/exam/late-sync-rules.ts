import type { JournalEntry, LateSyncFlag, OfflineSpan } from '@shared/latesync.ts';

/**
 * Pure rules of a late sync (answers made offline before a deadline that passed while the
 * candidate was disconnected). How far client timestamps are trusted:
 * - `madeAt` is the browser's estimate of the server clock; it is trusted only to sort entries
 *   against the deadline, the start and the answers the server already holds, never to extend time:
 *   an entry stamped at or after the session's stored deadline is never applied, whoever accepts.
 * - sequence numbers must grow with `madeAt` (a journal that was edited, or a page that changed its
 *   clock while offline, breaks that): flagged for the proctor, who decides.
 * - the server's own record (the incident log) must show the candidate offline at the deadline;
 *   otherwise the request is flagged, because an online browser would have sent its saves in time.
 * - a person decides: nothing is applied until a proctor accepts, with a reason, in the audit log.
 */

/** A node notices a dead line within twice LISTEN_MS (core/socket.ts: pinged after 11 s of silence, closed 11 s later). */
export const DISCONNECT_DETECTION_MS = 22_000;

export type SavedAnswerTime = { itemId: number; receivedAt: number };

export type LateSelection = {
  /** One entry per item: the latest one made before the deadline and after the saved answer. */
  apply: JournalEntry[];
  flags: LateSyncFlag[];
  firstMadeAt: number | null;
  lastMadeAt: number | null;
};

/** Sequence numbers strictly increasing, and the times they stamp never going backwards. */
export function isMonotonic(entries: readonly JournalEntry[]): boolean {
  const bySeq = [...entries].sort((a, b) => a.seq - b.seq);
  return bySeq.every((e, i) => i === 0 || (e.seq > bySeq[i - 1]!.seq && e.madeAt >= bySeq[i - 1]!.madeAt));
}

/**
 * Which entries a proctor's acceptance would apply. `saved` holds the time the server received
 * each answer it already has: an entry made before that is older than what is saved.
 */
export function selectLateEntries(input: {
  entries: readonly JournalEntry[];
  startedAt: number;
  deadline: number;
  itemIds: ReadonlySet<number>;
  saved: readonly SavedAnswerTime[];
  /** The response fits its item (right kind, known options); checked by the caller against the paper. */
  valid?: (e: JournalEntry) => boolean;
}): LateSelection {
  const flags = new Set<LateSyncFlag>();
  if (!isMonotonic(input.entries)) flags.add('seq_not_monotonic');
  const latest = new Map<number, JournalEntry>();
  for (const e of input.entries) {
    if (!input.itemIds.has(e.itemId) || input.valid?.(e) === false) flags.add('unknown_item');
    else if (e.madeAt >= input.deadline) flags.add('after_deadline');
    else if (e.madeAt < input.startedAt) flags.add('before_start');
    else if ((latest.get(e.itemId)?.seq ?? -1) < e.seq) latest.set(e.itemId, e);
  }
  const savedAt = new Map(input.saved.map((s) => [s.itemId, s.receivedAt]));
  const apply = [...latest.values()].filter((e) => {
    const at = savedAt.get(e.itemId);
    if (at === undefined || e.madeAt > at) return true;
    flags.add('superseded');
    return false;
  });
  apply.sort((a, b) => a.seq - b.seq);
  const times = input.entries.map((e) => e.madeAt);
  return {
    apply,
    flags: [...flags].sort(),
    firstMadeAt: times.length ? Math.min(...times) : null,
    lastMadeAt: times.length ? Math.max(...times) : null,
  };
}

/**
 * Was the candidate offline when the deadline passed? An absence that began (as the server saw it)
 * no later than the detection window after the deadline and had not ended by the deadline.
 */
export function offlineAtDeadline(spans: readonly OfflineSpan[], deadline: number, detectionMs = DISCONNECT_DETECTION_MS): boolean {
  return spans.some((s) => s.from <= deadline + detectionMs && (s.to === null || s.to > deadline));
}

/** A second request while one is pending adds to it: entries are kept once by change id. */
export function mergeEntries(held: readonly JournalEntry[], incoming: readonly JournalEntry[]): JournalEntry[] {
  const byChange = new Map(held.map((e) => [e.changeId, e]));
  for (const e of incoming) if (!byChange.has(e.changeId)) byChange.set(e.changeId, e);
  return [...byChange.values()].sort((a, b) => a.seq - b.seq);
}
