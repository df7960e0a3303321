import { describe, expect, it } from 'vitest';
import { openJournal, journalKey, type KeyValueStore } from '../../../client/src/exam/journal.ts';

class MemoryStore implements KeyValueStore {
  data = new Map<string, string>();
  getItem = (k: string) => this.data.get(k) ?? null;
  setItem = (k: string, v: string) => void this.data.set(k, v);
  removeItem = (k: string) => void this.data.delete(k);
}

const change = (itemId: number, changeId: string, choices: string[] = ['a']) => ({ sessionId: 7, itemId, response: { choices }, flagged: false, changeId });

describe('answer journal', () => {
  it('keeps the latest pending change per item, oldest first, across reloads', () => {
    const store = new MemoryStore();
    const j = openJournal(7, store);
    j.put(change(1, 'c1'));
    j.put(change(2, 'c2'));
    j.put(change(1, 'c3', ['b']));
    const reopened = openJournal(7, store);
    expect(reopened.entries().map((e) => e.changeId)).toEqual(['c2', 'c3']);
  });

  it('drops an entry only when the ack is for its current change', () => {
    const j = openJournal(7, new MemoryStore());
    j.put(change(1, 'old'));
    j.put(change(1, 'new'));
    expect(j.ack(1, 'old')).toBe(false);
    expect(j.size()).toBe(1);
    expect(j.ack(1, 'new')).toBe(true);
    expect(j.size()).toBe(0);
  });

  it('ignores corrupt or foreign data in storage and works without storage', () => {
    const store = new MemoryStore();
    store.setItem(journalKey(7), '{"v":1,"entries":[{"sessionId":8,"itemId":1},"junk"]}');
    expect(openJournal(7, store).entries()).toEqual([]);
    store.setItem(journalKey(7), 'not json');
    expect(openJournal(7, store).entries()).toEqual([]);
    const memoryOnly = openJournal(7, null);
    memoryOnly.put(change(3, 'm'));
    expect(memoryOnly.get(3)?.changeId).toBe('m');
  });
});

describe('journal sequence numbers (late sync)', () => {
  it('numbers every change, and keeps counting after acks and in a new page', () => {
    const data = new Map<string, string>();
    const store: KeyValueStore = { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
    const journal = openJournal(5, store);
    expect(journal.put({ sessionId: 5, itemId: 1, response: null, flagged: false, changeId: 'a', madeAt: 10 }).seq).toBe(1);
    expect(journal.put({ sessionId: 5, itemId: 1, response: null, flagged: true, changeId: 'b', madeAt: 11 }).seq).toBe(2);
    expect(journal.ack(1, 'b')).toBe(true);
    expect(journal.size()).toBe(0);
    // A reload opens the journal again: the count goes on from where it was.
    expect(openJournal(5, store).put({ sessionId: 5, itemId: 2, response: null, flagged: false, changeId: 'c', madeAt: 12 })).toMatchObject({ seq: 3, madeAt: 12 });
  });
});
