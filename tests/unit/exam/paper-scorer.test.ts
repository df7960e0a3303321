import { describe, expect, it } from 'vitest';
import type { MultiRule } from '../../../shared/domain.ts';
import { createPaperScorer, scorerOf, type StoredAnswer } from '../../../server/src/features/exam/paper-scorer.ts';
import { scorePart, type GradableItem } from '../../../server/src/features/exam/scoring.ts';

const items: GradableItem[] = [
  { id: 11, type: 'single', points: 1, key: ['b'] },
  { id: 12, type: 'multi', points: 2, key: ['a', 'c', 'd'] },
  { id: 13, type: 'truefalse', points: 1, key: ['false'] },
  { id: 14, type: 'multi', points: 1.5, key: ['a', 'b'] },
  { id: 15, type: 'single', points: 0.1, key: ['x'] },
];
const responses = [null, '{"choices":[]}', '{"choices":["b"]}', '{"choices":["a"]}', '{"choices":["a","c"]}', '{"choices":["a","c","d"]}', '{"choices":["false"]}', '{"choices":["true"]}', '{"choices":["a","b"]}', '{"choices":["x"]}', '{"text":"free text"}'];

/** What the one-by-one end stores: scorePart's result and its items as JSON. */
function reference(answers: readonly StoredAnswer[], rule: MultiRule, passScore: number) {
  const byItem = new Map(answers.map((a) => [a.paperItemId, { choices: a.responseJson === null ? null : ((JSON.parse(a.responseJson) as { choices?: string[] }).choices ?? null), revision: a.revision }]));
  const r = scorePart(items, byItem, rule, passScore);
  return { rawPoints: r.rawPoints, maxPoints: r.maxPoints, score: r.score, passed: r.passed, detailJson: JSON.stringify(r.items) };
}

/** A deterministic pseudo-random sequence, so a failure can be replayed. */
function lcg(seed: number) {
  let s = seed;
  return (n: number) => ((s = (s * 1103515245 + 12345) % 2 ** 31), s % n);
}

describe('createPaperScorer', () => {
  for (const rule of ['partial', 'all-or-nothing'] as const) {
    it(`gives scorePart's score and detail text for any answers (${rule})`, () => {
      const scorer = createPaperScorer(items, rule);
      const next = lcg(rule.length);
      for (let session = 0; session < 500; session++) {
        const answers = items.filter(() => next(3) > 0).map((item) => ({ paperItemId: item.id, responseJson: responses[next(responses.length)]!, revision: 1 + next(9) }));
        // Answers to an item not on the paper are ignored by both.
        if (next(5) === 0) answers.push({ paperItemId: 999, responseJson: '{"choices":["a"]}', revision: 1 });
        const passScore = next(100);
        expect(scorer.score(answers, passScore)).toEqual(reference(answers, rule, passScore));
      }
    });
  }

  it('scores an empty script as nothing earned', () => {
    expect(createPaperScorer(items, 'partial').score([], 60)).toEqual(reference([], 'partial', 60));
  });

  it('keeps one scorer per paper object and rule, so a reloaded paper (a corrected key) gets a fresh one', () => {
    const copy = items.map((i) => ({ ...i }));
    expect(scorerOf(items, 'partial')).toBe(scorerOf(items, 'partial'));
    expect(scorerOf(items, 'partial')).not.toBe(scorerOf(items, 'all-or-nothing'));
    expect(scorerOf(copy, 'partial')).not.toBe(scorerOf(items, 'partial'));
  });
});
