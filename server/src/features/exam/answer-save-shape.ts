import type { AnswerSave } from '@shared/events.ts';

/**
 * The answer save's shape checked by hand (issue #19): the most frequent event was parsed by zod on
 * every autosave, and zod's parse cost more than the rest of the socket wrapper. This accepts only
 * payloads `answerSaveSchema` accepts, and returns the payload itself (just parsed off the wire,
 * owned by nobody else) instead of zod's copy; whatever it does not accept (undefined) goes to zod,
 * which decides and words the refusal. tests/unit/exam/answer-save-shape.test.ts holds it to zod.
 */
export function answerSaveShape(payload: unknown): AnswerSave | undefined {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return undefined;
  const p = payload as Record<string, unknown>;
  let required = 0;
  for (const key of Object.keys(p)) {
    const check = CHECKS[key];
    if (!check || !check(p[key])) return undefined;
    if (key !== 'madeAt' && key !== 'seq') required++;
  }
  return required === 5 ? (p as AnswerSave) : undefined;
}

const isId = (v: unknown): boolean => Number.isSafeInteger(v) && (v as number) > 0;
const isCount = (v: unknown): boolean => Number.isSafeInteger(v) && (v as number) >= 0;
const isText = (v: unknown, min: number, max: number): boolean => typeof v === 'string' && v.length >= min && v.length <= max;

function isResponse(v: unknown): boolean {
  if (v === null) return true;
  if (typeof v !== 'object' || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  if (keys.length !== 1) return false;
  const r = v as Record<string, unknown>;
  if (keys[0] === 'text') return isText(r.text, 0, 20_000);
  if (keys[0] !== 'choices' || !Array.isArray(r.choices) || r.choices.length > 12) return false;
  return (r.choices as unknown[]).every((c) => isText(c, 1, 16));
}

/** One check per key of `answerSaveSchema`; an own key not listed here is refused (a strict object). */
const CHECKS: Record<string, ((v: unknown) => boolean) | undefined> = Object.assign(Object.create(null) as object, {
  sessionId: isId,
  itemId: isId,
  response: isResponse,
  flagged: (v: unknown) => typeof v === 'boolean',
  changeId: (v: unknown) => isText(v, 1, 64),
  madeAt: isCount,
  seq: isCount,
});
