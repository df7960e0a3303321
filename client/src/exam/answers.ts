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

type SheetItem = { id: number; number: number; type: string; skills?: { screenshots: number } | undefined };

/** Screenshots the server holds per task (item id → count). */
export type ScreenshotCounts = ReadonlyMap<number, number>;

/** A practical task is answered by its screenshots as much as by its notes. */
export function isItemAnswered(item: Pick<SheetItem, 'id' | 'type'>, answer: LocalAnswer | undefined, screenshots: ScreenshotCounts): boolean {
  return isAnswered(answer) || (item.type === 'practical' && (screenshots.get(item.id) ?? 0) > 0);
}

/** The answer sheet as the submit dialog reports it: numbers of answered, unanswered and flagged items, and tasks short of screenshots. */
export function answerSheet(items: readonly SheetItem[], answers: AnswerMap, screenshots: ScreenshotCounts) {
  const answered: number[] = [];
  const unanswered: number[] = [];
  const flagged: number[] = [];
  const shortOfScreenshots: { number: number; held: number; asked: number }[] = [];
  for (const item of items) {
    const answer = answers.get(item.id);
    (isItemAnswered(item, answer, screenshots) ? answered : unanswered).push(item.number);
    if (answer?.flagged) flagged.push(item.number);
    const asked = item.type === 'practical' ? (item.skills?.screenshots ?? 0) : 0;
    const held = screenshots.get(item.id) ?? 0;
    if (asked > held) shortOfScreenshots.push({ number: item.number, held, asked });
  }
  return { answered, unanswered, flagged, shortOfScreenshots };
}
export type AnswerSheet = ReturnType<typeof answerSheet>;

export function unansweredNumbers(items: readonly SheetItem[], answers: AnswerMap, screenshots: ScreenshotCounts = new Map()): number[] {
  return answerSheet(items, answers, screenshots).unanswered;
}
