import type { AnswerResponse, AnswerSave, SavedAnswer } from '@shared/events.ts';

export interface LocalAnswer {
  readonly choices: readonly string[];
  readonly flagged: boolean;
  /** Skills items (short answers, practical tasks) answer in text; undefined for choice items. */
  readonly text?: string;
}
export type AnswerMap = ReadonlyMap<number, LocalAnswer>;

export const EMPTY_ANSWER: LocalAnswer = { choices: [], flagged: false };

export function choicesOf(response: AnswerResponse | null): string[] {
  return response && 'choices' in response ? [...response.choices] : [];
}

/** The server stores "nothing selected" (and blank text) as null rather than an empty value. */
export function toResponse(answer: Pick<LocalAnswer, 'choices' | 'text'>): AnswerResponse | null {
  if (answer.text !== undefined) return answer.text.trim() ? { text: answer.text } : null;
  return answer.choices.length > 0 ? { choices: [...answer.choices] } : null;
}

const textOf = (response: AnswerResponse | null): string | undefined => (response && 'text' in response ? response.text : undefined);

export function isAnswered(answer: LocalAnswer | undefined): boolean {
  return !!answer && (answer.choices.length > 0 || !!answer.text?.trim());
}

function fromResponse(response: AnswerResponse | null, flagged: boolean): LocalAnswer {
  const text = textOf(response);
  return text === undefined ? { choices: choicesOf(response), flagged } : { choices: [], flagged, text };
}

/** Server answers with the journal's pending changes laid on top: the journal is always newer. */
export function mergeAnswers(saved: readonly SavedAnswer[], pending: readonly AnswerSave[]): Map<number, LocalAnswer> {
  const answers = new Map<number, LocalAnswer>();
  for (const a of saved) answers.set(a.itemId, fromResponse(a.response, a.flagged));
  for (const c of pending) answers.set(c.itemId, fromResponse(c.response, c.flagged));
  return answers;
}

export function unansweredNumbers(items: readonly { id: number; number: number }[], answers: AnswerMap): number[] {
  return items.filter((item) => !isAnswered(answers.get(item.id))).map((item) => item.number);
}
