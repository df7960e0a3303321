import type { AnswerResponse, AnswerSave, SavedAnswer } from '@shared/events.ts';

export interface LocalAnswer {
  readonly choices: readonly string[];
  readonly flagged: boolean;
}
export type AnswerMap = ReadonlyMap<number, LocalAnswer>;

export const EMPTY_ANSWER: LocalAnswer = { choices: [], flagged: false };

export function choicesOf(response: AnswerResponse | null): string[] {
  return response && 'choices' in response ? [...response.choices] : [];
}

/** The server stores "nothing selected" as null rather than an empty list. */
export function toResponse(choices: readonly string[]): AnswerResponse | null {
  return choices.length > 0 ? { choices: [...choices] } : null;
}

export function isAnswered(answer: LocalAnswer | undefined): boolean {
  return !!answer && answer.choices.length > 0;
}

/** Server answers with the journal's pending changes laid on top: the journal is always newer. */
export function mergeAnswers(saved: readonly SavedAnswer[], pending: readonly AnswerSave[]): Map<number, LocalAnswer> {
  const answers = new Map<number, LocalAnswer>();
  for (const a of saved) answers.set(a.itemId, { choices: choicesOf(a.response), flagged: a.flagged });
  for (const c of pending) answers.set(c.itemId, { choices: choicesOf(c.response), flagged: c.flagged });
  return answers;
}

export function unansweredNumbers(items: readonly { id: number; number: number }[], answers: AnswerMap): number[] {
  return items.filter((item) => !isAnswered(answers.get(item.id))).map((item) => item.number);
}
