import { describe, expect, it } from 'vitest';
import { isAnswered, mergeAnswers, toResponse } from '../../../client/src/exam/answers.ts';
import { openJournal, type KeyValueStore } from '../../../client/src/exam/journal.ts';

describe('local answers with text', () => {
  it('sends text for skills items and null for blank text', () => {
    expect(toResponse({ choices: [], text: 'ls -l' })).toEqual({ text: 'ls -l' });
    expect(toResponse({ choices: [], text: '  \n ' })).toBeNull();
    expect(toResponse({ choices: ['b'] })).toEqual({ choices: ['b'] });
    expect(toResponse({ choices: [] })).toBeNull();
  });

  it('restores text from the server, with pending journal changes on top', () => {
    const merged = mergeAnswers(
      [
        { itemId: 1, response: { text: 'old' }, flagged: false, revision: 1, receivedAt: 0 },
        { itemId: 2, response: { choices: ['a'] }, flagged: true, revision: 1, receivedAt: 0 },
      ],
      [{ sessionId: 1, itemId: 1, response: { text: 'newer' }, flagged: false, changeId: 'c' }],
    );
    expect(merged.get(1)).toEqual({ choices: [], flagged: false, text: 'newer' });
    expect(merged.get(2)).toEqual({ choices: ['a'], flagged: true });
    expect(isAnswered(merged.get(1))).toBe(true);
    expect(isAnswered({ choices: [], flagged: false, text: ' ' })).toBe(false);
  });

  it('keeps text changes in the journal across a reload', () => {
    const data = new Map<string, string>();
    const store: KeyValueStore = { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
    openJournal(3, store).put({ sessionId: 3, itemId: 9, response: { text: '答案' }, flagged: false, changeId: 'x' });
    // The journal numbers each change it records (late sync's sequence).
    expect(openJournal(3, store).entries()).toEqual([{ sessionId: 3, itemId: 9, response: { text: '答案' }, flagged: false, changeId: 'x', seq: 1 }]);
  });
});
