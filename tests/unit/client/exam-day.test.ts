import { describe, expect, it } from 'vitest';
import { answerSheet, isItemAnswered } from '../../../client/src/exam/answers.ts';
import { announce, dueTimeWarning } from '../../../client/src/exam/notices.ts';
import { clipboardVerdict } from '../../../client/src/exam/useIntegritySignals.ts';

const MIN = 60_000;

describe('time warnings', () => {
  it('warn once at 15, 5 and 1 minutes left', () => {
    let announced = new Set<number>();
    expect(dueTimeWarning(16 * MIN, announced)).toBeNull();
    expect(dueTimeWarning(15 * MIN, announced)).toBe(15);
    announced = announce(announced, 15);
    expect(dueTimeWarning(10 * MIN, announced)).toBeNull();
    expect(dueTimeWarning(5 * MIN, announced)).toBe(5);
    announced = announce(announced, 5);
    expect(dueTimeWarning(59_000, announced)).toBe(1);
    announced = announce(announced, 1);
    expect(dueTimeWarning(30_000, announced)).toBeNull();
    expect(dueTimeWarning(0, new Set())).toBeNull();
    expect(dueTimeWarning(null, new Set())).toBeNull();
  });

  it('on a page opened late, warns once with the nearest threshold and not the ones behind it', () => {
    expect(dueTimeWarning(3 * MIN, new Set())).toBe(5);
    expect([...announce(new Set(), 5)].sort((a, b) => a - b)).toEqual([5, 15]);
  });
});

describe('answered state of practical tasks', () => {
  const items = [
    { id: 1, number: 1, type: 'short-answer', skills: { screenshots: 0 } },
    { id: 2, number: 2, type: 'practical', skills: { screenshots: 3 } },
    { id: 3, number: 3, type: 'practical', skills: { screenshots: 1 } },
    { id: 4, number: 4, type: 'single' },
  ];
  it('counts a task with saved screenshots and no notes as answered', () => {
    expect(isItemAnswered(items[1]!, undefined, new Map([[2, 2]]))).toBe(true);
    expect(isItemAnswered(items[1]!, undefined, new Map())).toBe(false);
    // Screenshots answer practical tasks only.
    expect(isItemAnswered(items[0]!, undefined, new Map([[1, 1]]))).toBe(false);
  });

  it('gives the submit dialog its counts, the flagged items and the tasks short of screenshots', () => {
    const answers = new Map([
      [1, { choices: [], flagged: true, text: 'ss -tlnp' }],
      [4, { choices: [], flagged: true }],
    ]);
    expect(answerSheet(items, answers, new Map([[2, 2], [3, 1]]))).toEqual({
      answered: [1, 2, 3],
      unanswered: [4],
      flagged: [1, 4],
      shortOfScreenshots: [{ number: 2, held: 2, asked: 3 }],
    });
  });
});

describe('paste policy', () => {
  const textarea = { tagName: 'TEXTAREA' };
  const body = { tagName: 'BODY' };
  const text = { files: { length: 0 }, types: ['text/plain'] };
  const image = { files: { length: 1, 0: { type: 'image/png' } }, types: ['Files'] };
  const event = (type: string, target: object, clipboardData: typeof text | typeof image) => ({ type, target: target as EventTarget, clipboardData });

  it('never treats a pasted screenshot as a signal, whatever the rule', () => {
    expect(clipboardVerdict(event('paste', body, image), 'block')).toBe('image');
    expect(clipboardVerdict(event('paste', textarea, image), 'block')).toBe('image');
  });

  it('blocks text paste into answer fields when the sitting says so, and allows it otherwise', () => {
    expect(clipboardVerdict(event('paste', textarea, text), 'block')).toBe('block');
    expect(clipboardVerdict(event('paste', textarea, text), 'allow')).toBe('allow');
  });

  it('keeps copying the paper itself blocked even where text paste is allowed', () => {
    expect(clipboardVerdict(event('copy', body, text), 'allow')).toBe('block');
    expect(clipboardVerdict(event('copy', textarea, text), 'allow')).toBe('allow');
  });
});
