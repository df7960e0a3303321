import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '@shared/latesync.ts';
import { isMonotonic, mergeEntries, offlineAtDeadline, selectLateEntries } from '../../../server/src/features/exam/late-sync-rules.ts';
import { offlineSpans } from '../../../server/src/features/proctor/late-sync-console.ts';

const START = 1_000_000;
const DEADLINE = START + 90 * 60_000;
const entry = (seq: number, itemId: number, madeAt: number, choice = 'a'): JournalEntry => ({ sessionId: 1, itemId, response: { choices: [choice] }, flagged: false, changeId: `c${seq}`, madeAt, seq });
const base = { startedAt: START, deadline: DEADLINE, itemIds: new Set([1, 2, 3]), saved: [] };

describe('which late entries apply', () => {
  it('applies entries made before the deadline and never one made at or after it', () => {
    const s = selectLateEntries({ ...base, entries: [entry(1, 1, DEADLINE - 1), entry(2, 2, DEADLINE), entry(3, 3, DEADLINE + 60_000)] });
    expect(s.apply.map((e) => e.itemId)).toEqual([1]);
    expect(s.flags).toEqual(['after_deadline']);
    expect([s.firstMadeAt, s.lastMadeAt]).toEqual([DEADLINE - 1, DEADLINE + 60_000]);
  });

  it('keeps the latest pre-deadline change of each item, not a later post-deadline one', () => {
    const s = selectLateEntries({ ...base, entries: [entry(1, 1, DEADLINE - 5000, 'a'), entry(2, 1, DEADLINE - 1000, 'b'), entry(3, 1, DEADLINE + 1000, 'c')] });
    expect(s.apply).toHaveLength(1);
    expect(s.apply[0]!.response).toEqual({ choices: ['b'] });
  });

  it('drops an entry older than the answer the server already holds', () => {
    const s = selectLateEntries({ ...base, entries: [entry(1, 1, DEADLINE - 5000), entry(2, 2, DEADLINE - 4000)], saved: [{ itemId: 1, receivedAt: DEADLINE - 5000 }, { itemId: 2, receivedAt: DEADLINE - 4500 }] });
    expect(s.apply.map((e) => e.itemId)).toEqual([2]);
    expect(s.flags).toEqual(['superseded']);
  });

  it('refuses entries before the start, for items not on the paper, or that do not fit their item', () => {
    const s = selectLateEntries({ ...base, entries: [entry(1, 1, START - 1), entry(2, 9, DEADLINE - 1), entry(3, 2, DEADLINE - 1, 'zz')], valid: (e) => !('choices' in e.response! && e.response.choices[0] === 'zz') });
    expect(s.apply).toEqual([]);
    expect(s.flags).toEqual(['before_start', 'unknown_item']);
  });

  it('flags sequence numbers that do not follow the times they stamp', () => {
    expect(isMonotonic([entry(1, 1, 10), entry(2, 2, 20), entry(3, 3, 20)])).toBe(true);
    expect(isMonotonic([entry(1, 1, 30), entry(2, 2, 20)])).toBe(false);
    expect(isMonotonic([entry(1, 1, 10), entry(1, 2, 20)])).toBe(false);
    const s = selectLateEntries({ ...base, entries: [entry(2, 1, DEADLINE - 9000), entry(1, 2, DEADLINE - 1000)] });
    expect(s.flags).toContain('seq_not_monotonic');
    // Flagged for the proctor; the deadline rule still decides what applies.
    expect(s.apply).toHaveLength(2);
  });

  it('merges a second request into the pending one once per change', () => {
    expect(mergeEntries([entry(1, 1, 5), entry(2, 2, 6)], [entry(2, 2, 6), entry(3, 3, 7)]).map((e) => e.seq)).toEqual([1, 2, 3]);
  });
});

describe('offline at the deadline', () => {
  it('reads absences from the incident log', () => {
    expect(offlineSpans([{ at: 5, kind: 'reconnected' }, { at: 1, kind: 'disconnected' }, { at: 7, kind: 'disconnected' }, { at: 8, kind: 'focus_lost' }])).toEqual([{ from: 1, to: 5 }, { from: 7, to: null }]);
  });

  it('holds when the candidate was away across the deadline, or the line died just before it', () => {
    expect(offlineAtDeadline([{ from: DEADLINE - 60_000, to: DEADLINE + 60_000 }], DEADLINE)).toBe(true);
    expect(offlineAtDeadline([{ from: DEADLINE - 60_000, to: null }], DEADLINE)).toBe(true);
    // Socket.IO saw the dead line only after its ping timeout, a few seconds past the deadline.
    expect(offlineAtDeadline([{ from: DEADLINE + 15_000, to: null }], DEADLINE)).toBe(true);
    expect(offlineAtDeadline([{ from: DEADLINE - 60_000, to: DEADLINE - 1 }], DEADLINE)).toBe(false);
    expect(offlineAtDeadline([{ from: DEADLINE + 60_000, to: null }], DEADLINE)).toBe(false);
    expect(offlineAtDeadline([], DEADLINE)).toBe(false);
  });
});
