import { describe, expect, it } from 'vitest';
import { answerSaveSchema } from '../../../shared/events.ts';
import { answerSaveShape } from '../../../server/src/features/exam/answer-save-shape.ts';

/** The hand check may only accept what zod accepts, and must then hand on what zod would have. */
function agreesWithZod(payload: unknown): void {
  const fast = answerSaveShape(payload);
  const zod = answerSaveSchema.safeParse(payload);
  if (fast !== undefined) {
    expect(zod.success, JSON.stringify(payload)).toBe(true);
    expect(fast).toEqual(zod.data);
  }
}

const valid = { sessionId: 12, itemId: 7, response: { choices: ['abcdefgh'] }, flagged: false, changeId: 'c-1' };

/** Payloads the page sends, and the ways a payload can go wrong, one field at a time. */
const accepted: unknown[] = [
  valid,
  { ...valid, response: null },
  { ...valid, response: { text: '' } },
  { ...valid, response: { text: 'x'.repeat(20_000) } },
  { ...valid, response: { choices: [] } },
  { ...valid, response: { choices: Array.from({ length: 12 }, (_, i) => `o${i}`) } },
  { ...valid, flagged: true, madeAt: 0, seq: 0 },
  { ...valid, madeAt: 1_733_400_000_000, seq: 41, changeId: 'c'.repeat(64) },
  { ...valid, response: { choices: ['x'.repeat(16)] } },
];
const refused: unknown[] = [
  null,
  undefined,
  'a string',
  [valid],
  {},
  { ...valid, extra: 1 },
  { sessionId: 12, itemId: 7, response: null, flagged: false },
  { ...valid, sessionId: 0 },
  { ...valid, sessionId: -3 },
  { ...valid, sessionId: 1.5 },
  { ...valid, sessionId: '12' },
  { ...valid, sessionId: Number.NaN },
  { ...valid, sessionId: Number.POSITIVE_INFINITY },
  { ...valid, itemId: 2 ** 53 },
  { ...valid, itemId: null },
  { ...valid, flagged: 'false' },
  { ...valid, flagged: 0 },
  { ...valid, changeId: '' },
  { ...valid, changeId: 'c'.repeat(65) },
  { ...valid, changeId: 5 },
  { ...valid, madeAt: -1 },
  { ...valid, madeAt: 1.25 },
  { ...valid, seq: '3' },
  { ...valid, seq: null },
  { ...valid, response: undefined },
  { ...valid, response: 'abc' },
  { ...valid, response: ['abc'] },
  { ...valid, response: {} },
  { ...valid, response: { text: 'x'.repeat(20_001) } },
  { ...valid, response: { text: 5 } },
  { ...valid, response: { text: 'a', choices: ['b'] } },
  { ...valid, response: { choices: ['a'], more: 1 } },
  { ...valid, response: { choices: 'a' } },
  { ...valid, response: { choices: [''] } },
  { ...valid, response: { choices: ['x'.repeat(17)] } },
  { ...valid, response: { choices: [3] } },
  { ...valid, response: { choices: [null] } },
  { ...valid, response: { choices: Array.from({ length: 13 }, (_, i) => `o${i}`) } },
];

/** A small deterministic generator: every key absent, valid, or one of a few wrong values. */
function* variants(seed: number, count: number): Generator<Record<string, unknown>> {
  let state = seed;
  const next = () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const absent = Symbol('absent');
  const values: Record<string, readonly unknown[]> = {
    sessionId: [absent, 1, 12, 0, -1, 2.5, '1', null, 2 ** 53 - 1, 2 ** 53],
    itemId: [absent, 7, 0, 7.1, 'x', undefined],
    response: [absent, null, { choices: ['a'] }, { choices: [] }, { choices: [''] }, { text: 'hi' }, { text: 'hi', choices: [] }, {}, [], 'a', undefined],
    flagged: [absent, true, false, 0, 'true', null],
    changeId: [absent, 'c', 'c'.repeat(64), 'c'.repeat(65), '', 1],
    madeAt: [absent, absent, 0, 5, -5, 1.5, null, undefined],
    seq: [absent, absent, 0, 3, -1, '3', undefined],
    other: [absent, absent, absent, absent, 1],
  };
  for (let i = 0; i < count; i++) {
    const out: Record<string, unknown> = {};
    for (const [key, options] of Object.entries(values)) {
      const v = pick(options);
      if (v !== absent) out[key] = v;
    }
    yield out;
  }
}

describe('the answer save’s hand-written shape check (issue #19)', () => {
  it('accepts what the page sends, handing on the same values zod would', () => {
    for (const payload of accepted) {
      expect(answerSaveShape(payload), JSON.stringify(payload)).toBeDefined();
      agreesWithZod(payload);
    }
  });

  it('leaves every wrong payload to zod, which refuses it', () => {
    for (const payload of refused) {
      expect(answerSaveShape(payload)).toBeUndefined();
      expect(answerSaveSchema.safeParse(payload).success).toBe(false);
    }
  });

  it('leaves to zod what it is not sure of, though zod accepts it: an optional key given as undefined', () => {
    const unsure = { ...valid, madeAt: undefined };
    expect(answerSaveShape(unsure)).toBeUndefined();
    expect(answerSaveSchema.safeParse(unsure).success).toBe(true);
  });

  it('never accepts a payload zod refuses, over 20,000 generated ones', () => {
    let acceptedCount = 0;
    for (const payload of variants(19, 20_000)) {
      agreesWithZod(payload);
      if (answerSaveShape(payload)) acceptedCount++;
    }
    // The generator reaches both sides, so the property was tested, not vacuous.
    expect(acceptedCount).toBeGreaterThan(20);
  });
});
