import { answerResponseSchema, type AnswerResponse } from '@shared/events.ts';
import { BadRequestError } from '../../core/errors.ts';
import type { CandidateOptionIds } from './option-ids.ts';
import type { PaperItem } from './paper-cache.ts';

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

/** Checks a response against the item it answers; the shape alone was checked by zod already. */
export function normaliseResponse(item: PaperItem, response: AnswerResponse | null): AnswerResponse | null {
  if (response === null) return null;
  if (item.detail) {
    if (!('text' in response)) throw new BadRequestError(`Item ${item.id} takes text, not choices`, { key: 'exam.takesText' });
    // Line endings normalised so a Windows browser and a Linux one store the same answer. Control
    // characters other than tab and newline (a NUL pasted from a terminal, say) mean nothing on paper
    // and PostgreSQL's JSON cannot hold a NUL: dropped on both stores, so neither refuses the save.
    const text = response.text.replace(/\r\n?/g, '\n').replace(CONTROL_CHARACTERS, '');
    return text.trim() === '' ? null : { text };
  }
  if (!('choices' in response)) throw new BadRequestError(`Item ${item.id} takes choices, not text`, { key: 'exam.takesChoices' });
  const choices = response.choices;
  if (new Set(choices).size !== choices.length) throw new BadRequestError('A choice is listed twice', { key: 'exam.choiceTwice' });
  const known = new Set(item.options.map((o) => o.id));
  const unknown = choices.find((c) => !known.has(c));
  if (unknown !== undefined) throw new BadRequestError(`"${unknown}" is not an option of item ${item.id}`, { key: 'exam.notAnOption' });
  if (item.type !== 'multi' && choices.length > 1) throw new BadRequestError(`Item ${item.id} takes one choice`, { key: 'exam.oneChoice' });
  if (choices.length === 0) return null;
  // Stored in bank order so two saves of the same selection are byte-identical.
  return { choices: item.options.map((o) => o.id).filter((id) => choices.includes(id)) };
}

/** Stored responses were validated on the way in; this only guards against a hand-edited database. */
export function parseStoredResponse(json: string | null): AnswerResponse | null {
  if (json === null) return null;
  const value: unknown = JSON.parse(json);
  const ok = typeof value === 'object' && value !== null && (Array.isArray((value as { choices?: unknown }).choices) || typeof (value as { text?: unknown }).text === 'string');
  return ok ? (value as AnswerResponse) : answerResponseSchema.parse(value);
}

export const choicesOf = (r: AnswerResponse | null): string[] | null => (r && 'choices' in r ? r.choices : null);


/** A stored response (bank ids) as this candidate's browser knows it (their own option ids). */
export function toClientResponse(item: PaperItem | undefined, response: AnswerResponse | null, ids: CandidateOptionIds): AnswerResponse | null {
  if (!item || !response || !('choices' in response)) return response;
  // Sorted by the opaque id: bank order would hint at the authored order of the options chosen.
  return { choices: ids.toClient(item, response.choices).sort() };
}

/** A response as sent by the browser (its own option ids) in bank ids; unknown ids are refused. */
export function toBankResponse(item: PaperItem, response: AnswerResponse | null, ids: CandidateOptionIds): AnswerResponse | null {
  if (!response || !('choices' in response) || item.detail) return response;
  return { choices: ids.toBank(item, response.choices) };
}
