import type { MultiRule } from '@shared/domain.ts';
import { choicesOf, parseStoredResponse } from './responses.ts';
import { scoreItem, type GradableItem } from './scoring.ts';

/** A stored answer as the deadline's batch reads it. */
export type StoredAnswer = { paperItemId: number; responseJson: string | null; revision: number };
export type ScoredSession = { rawPoints: number; maxPoints: number; score: number; passed: boolean; detailJson: string };

const toCents = (n: number) => Math.round(n * 100);

/**
 * Scores many sessions of one paper, with the same result and the same detail text as `scorePart`
 * and `JSON.stringify` of its items (tests/unit/exam/paper-scorer.test.ts compares them). Thousands
 * of sessions at one deadline answer each item with a handful of distinct stored responses: each
 * one is parsed and marked once per paper, not once per session, and its piece of the detail text
 * is kept ready.
 */
export function createPaperScorer(items: readonly GradableItem[], multiRule: MultiRule) {
  const position = new Map(items.map((item, i) => [item.id, i]));
  const maxCents = items.reduce((sum, item) => sum + toCents(item.points), 0);
  const maxPoints = maxCents / 100;
  const head = items.map((item) => `{"itemId":${JSON.stringify(item.id)},"points":${JSON.stringify(item.points)},"awarded":`);
  const unanswered = items.map((_, i) => `${head[i]}0,"choices":null,"revision":null}`);
  // Per item: stored response text -> its points in hundredths and the detail text up to the revision.
  const marked = items.map(() => new Map<string | null, { cents: number; text: string }>());

  function mark(i: number, json: string | null) {
    let m = marked[i]!.get(json);
    if (!m) {
      const choices = choicesOf(parseStoredResponse(json));
      const awarded = scoreItem(items[i]!, choices, multiRule);
      m = { cents: toCents(awarded), text: `${head[i]}${JSON.stringify(awarded)},"choices":${JSON.stringify(choices)},"revision":` };
      marked[i]!.set(json, m);
    }
    return m;
  }

  return {
    /** One session's score from its stored answers (answers to items not on the paper are ignored, as scorePart does). */
    score(answers: readonly StoredAnswer[], passScore: number): ScoredSession {
      const parts = unanswered.slice();
      let rawCents = 0;
      for (const a of answers) {
        const i = position.get(a.paperItemId);
        if (i === undefined) continue;
        const m = mark(i, a.responseJson);
        rawCents += m.cents;
        parts[i] = `${m.text}${a.revision}}`;
      }
      const score = maxCents === 0 ? 0 : Math.round((rawCents * 10_000) / maxCents) / 100;
      return { rawPoints: rawCents / 100, maxPoints, score, passed: score >= passScore, detailJson: `[${parts.join(',')}]` };
    },
  };
}
export type PaperScorer = ReturnType<typeof createPaperScorer>;

const scorers = new WeakMap<readonly GradableItem[], Map<MultiRule, PaperScorer>>();

/**
 * The scorer of a loaded paper, kept as long as the paper object is: the paper cache replaces the
 * object when a key is corrected, so a corrected key is never scored with the old marks.
 */
export function scorerOf(items: readonly GradableItem[], multiRule: MultiRule): PaperScorer {
  let byRule = scorers.get(items);
  if (!byRule) scorers.set(items, (byRule = new Map()));
  let scorer = byRule.get(multiRule);
  if (!scorer) byRule.set(multiRule, (scorer = createPaperScorer(items, multiRule)));
  return scorer;
}
