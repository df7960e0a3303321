import { randomInt } from 'node:crypto';
import { criterionScoreProblem, type CriterionMark, type MarkKind, type ScriptState } from '@shared/grading.ts';
import type { RubricCriterion } from '@shared/paper-item.ts';
import type { MessageParams } from '@shared/errors.ts';
import type { Refusal } from '../../core/errors.ts';

/** Pure rules of marking: rubric bounds, double marking and arbitration, marking codes. */

// Points are handled in hundredths so sums and differences never drift across a threshold.
const cents = (n: number) => Math.round(n * 100);

/** A mark the rubric does not allow; `key`/`params` word it on the grader's page (errors.detail.marking.*). */
export class RubricError extends Error {
  constructor(
    message: string,
    readonly key: string,
    readonly params: MessageParams = {},
  ) {
    super(message);
  }
}

/**
 * Checks a grader's marks against the rubric: every criterion exactly once, each within 0 and its
 * points, in steps of 0.5. Returns the total.
 */
export function checkRubricMarks(rubric: readonly RubricCriterion[], marks: readonly CriterionMark[]): number {
  const byId = new Map(rubric.map((c) => [c.id, c]));
  const seen = new Set<string>();
  let total = 0;
  for (const m of marks) {
    const criterion = byId.get(m.id);
    if (!criterion) throw new RubricError(`Unknown criterion ${m.id}`, 'marking.unknownCriterion', { criterion: m.id });
    if (seen.has(m.id)) throw new RubricError(`Criterion ${m.id} is marked twice`, 'marking.markedTwice', { criterion: m.id });
    seen.add(m.id);
    const problem = criterionScoreProblem(criterion.points, m.awarded);
    if (problem) {
      const english = { 'marking.negative': 'points cannot be negative', 'marking.outOfRange': `at most ${criterion.points} points`, 'marking.step': 'points go in steps of 0.5' }[problem.key];
      throw new RubricError(`Criterion ${m.id}: ${english}`, problem.key, { ...problem.params, criterion: criterion.text });
    }
    total += cents(m.awarded);
  }
  const missing = rubric.filter((c) => !seen.has(c.id)).map((c) => c.id);
  if (missing.length > 0) throw new RubricError(`Criteria not marked: ${missing.join(', ')}`, 'marking.missing', { count: missing.length });
  return total / 100;
}

export const DEFAULT_THRESHOLD_SHARE = 0.15;

export function thresholdFor(points: number, thresholdPoints: number | null): number {
  return thresholdPoints ?? Math.round(points * DEFAULT_THRESHOLD_SHARE * 100) / 100;
}

export type MarkingPolicy = { doubleMarking: boolean; thresholdPoints: number };
export type Resolution = { state: ScriptState; score: number | null; method: 'single' | 'mean' | 'arbitration' | null; nextKind: MarkKind | null };

/**
 * Where a script stands given its marks. Single marking: the first mark counts. Double marking:
 * two independent marks; if their totals differ by more than the threshold, an arbitrator's mark
 * stands, otherwise their mean (rounded to 0.01) counts.
 */
export function resolveScript(policy: MarkingPolicy, marks: readonly { kind: MarkKind; total: number }[]): Resolution {
  const of = (kind: MarkKind) => marks.find((m) => m.kind === kind);
  const first = of('first');
  const second = of('second');
  const arbitration = of('arbitration');
  if (arbitration) return { state: 'resolved', score: arbitration.total, method: 'arbitration', nextKind: null };
  if (!first) return { state: 'unmarked', score: null, method: null, nextKind: 'first' };
  if (!policy.doubleMarking) return { state: 'resolved', score: first.total, method: 'single', nextKind: null };
  if (!second) return { state: 'awaiting_second', score: null, method: null, nextKind: 'second' };
  if (Math.abs(cents(first.total) - cents(second.total)) > cents(policy.thresholdPoints)) {
    return { state: 'awaiting_arbitration', score: null, method: null, nextKind: 'arbitration' };
  }
  return { state: 'resolved', score: Math.round((cents(first.total) + cents(second.total)) / 2) / 100, method: 'mean', nextKind: null };
}

/**
 * Who may fill the next slot: never a grader who already marked the script (the two marks must be
 * independent, and an arbitrator must be a third person); arbitration only by a granted grader or an admin.
 */
export function mayMark(args: { nextKind: MarkKind | null; alreadyMarkedByMe: boolean; canArbitrate: boolean; arbitrateOnly?: boolean }): boolean {
  if (args.nextKind === null || args.alreadyMarkedByMe) return false;
  if (args.nextKind === 'arbitration') return args.canArbitrate;
  return !args.arbitrateOnly;
}

/** What a user may do on a skills task: mark it, only arbitrate on it, or nothing (not even see it). */
export type TaskAccess = 'mark' | 'arbitrate' | 'none';

/**
 * Graders named on a task mark it alone; a task with nobody named is open to every grader (so a
 * sitting nobody has staffed yet can still be marked). The task's arbitrator may always arbitrate
 * it, named or not, but fills a first or second slot only when named. Admins may do everything.
 */
export function graderAccess(user: { role: string; userId: number }, task: { graderUserIds: readonly number[]; arbitratorUserId: number | null }): TaskAccess {
  if (user.role === 'admin') return 'mark';
  if (task.graderUserIds.length === 0 || task.graderUserIds.includes(user.userId)) return 'mark';
  if (task.arbitratorUserId === user.userId) return 'arbitrate';
  return 'none';
}

// No 0/O, 1/I/L: codes are read aloud and typed.
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** A random marking code: it carries nothing of the candidate, so it cannot be reversed. */
export function newMarkingCode(length = 6, pick: (max: number) => number = randomInt): string {
  let code = '';
  for (let i = 0; i < length; i += 1) code += CODE_ALPHABET[pick(CODE_ALPHABET.length)];
  return code;
}

/** The part's score from its resolved items, scaled to 100 and rounded to 0.01. */
export function partScoreFrom(items: readonly { points: number; awarded: number }[]): { rawPoints: number; maxPoints: number; score: number } {
  const raw = items.reduce((s, i) => s + cents(i.awarded), 0);
  const max = items.reduce((s, i) => s + cents(i.points), 0);
  return { rawPoints: raw / 100, maxPoints: max / 100, score: max === 0 ? 0 : Math.round((raw * 10_000) / max) / 100 };
}

/** The review panel's score: the mean of the members' scores, trimmed (highest and lowest dropped) from five members on. */
export function trimmedMean(scores: readonly number[]): number {
  if (scores.length === 0) throw new RangeError('No scores');
  const sorted = [...scores].map(cents).sort((a, b) => a - b);
  const kept = sorted.length >= 5 ? sorted.slice(1, -1) : sorted;
  return Math.round(kept.reduce((s, x) => s + x, 0) / kept.length) / 100;
}

/** Double marking needs two different graders: naming exactly one would leave every script half marked. */
export function namedGradersProblem(doubleMarking: boolean, graderUserIds: readonly number[], arbitratorUserId: number | null = null): Refusal | null {
  if (!doubleMarking) return null;
  if (graderUserIds.length === 1) return { message: 'Double marking needs at least two graders named on the task (or none, to leave it open to all)', key: 'grading.twoGraders' };
  // Both marks would come from the two named graders, and nobody arbitrates a script they marked.
  if (graderUserIds.length === 2 && arbitratorUserId !== null && graderUserIds.includes(arbitratorUserId)) {
    return { message: 'With only two graders named, the arbitrator must be someone else (name a third grader or another arbitrator)', key: 'grading.arbitratorElse' };
  }
  return null;
}

/**
 * Who may take back a submitted mark. A grader: their own mark, while the task (every script of
 * that skills task) is not settled yet. After that, or for anyone else's mark: an administrator only.
 */
export function reopenRefusal(args: { role: string; ownMark: boolean; taskSettled: boolean }): 'notYours' | 'settled' | null {
  if (args.role === 'admin') return null;
  if (!args.ownMark) return 'notYours';
  return args.taskSettled ? 'settled' : null;
}
