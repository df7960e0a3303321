import type { BankItem } from '@shared/bank.ts';
import { fail, finishItem, itemIdFor, nativeDefaults, newEntry, optionIdAt, warn } from './common.ts';
import { defaultRubric, readEssay, rubricPoints, type Fields } from './moodle-xml-essay.ts';
import { child, children, fieldMarkdown, hasText, note, numberOf, parseQuiz, plainText, scalar, type TextContext, type XNode } from './moodle-xml-text.ts';
import type { ImportOptions, ImportReportEntry, ImportResult } from './types.ts';

/** Moodle XML import, following Moodle's qformat_xml and its checks on grades. */

// question_bank::fraction_options_full(): p/q for q <= 6, p/10, 1/q for q <= 10, 1/20, and their negatives.
const RAW_FRACTIONS = [0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3, 0.25, 0.2, 0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05];
const MOODLE_FRACTIONS = [1, 0, -1, ...RAW_FRACTIONS, ...RAW_FRACTIONS.map((f) => -f)];
/** The same fuzzy match as Moodle's match_grade_options(). */
export const isMoodleFraction = (f: number) => MOODLE_FRACTIONS.some((v) => Math.abs(f - v) < 0.00001);

const UNSUPPORTED: Record<string, string> = {
  description: 'a description is text only, not a question',
  multianswer: 'embedded answers (Cloze) have no equivalent item type',
  matching: 'there is no matching item type',
  randomsamatch: 'there is no matching item type',
  numerical: 'there is no numeric item type',
  calculated: 'there is no calculated item type',
  calculatedsimple: 'there is no calculated item type',
  calculatedmulti: 'there is no calculated item type',
  ddwtos: 'there is no drag-and-drop item type',
  ddimageortext: 'there is no drag-and-drop item type',
  ddmarker: 'there is no drag-and-drop item type',
  gapselect: 'there is no gap-select item type',
  ordering: 'there is no ordering item type',
  random: 'a random question is a quiz slot, not a question',
};

const pct = (f: number) => `${Number((f * 100).toFixed(5))}%`;

type Answer = { text: string; fraction: number; feedback: boolean };

/** Reads <answer>s with their fractions; null (with an error) when a grade is missing or not one Moodle allows. */
function readAnswers(q: XNode, ctx: TextContext): Answer[] | null {
  const answers: Answer[] = [];
  const invalid: string[] = [];
  for (const [i, a] of children(q, 'answer').entries()) {
    const percent = numberOf(String(a.fraction ?? ''));
    if (percent === null) {
      fail(ctx.entry, `answer ${i + 1} has no valid fraction`);
      return null;
    }
    if (!isMoodleFraction(percent / 100)) invalid.push(`${Number(percent.toFixed(5))}% (answer ${i + 1})`);
    answers.push({ text: fieldMarkdown(a, ctx), fraction: Number((percent / 100).toFixed(7)), feedback: hasText(child(a, 'feedback')) });
  }
  if (invalid.length > 0) {
    fail(ctx.entry, `invalid grades: ${invalid.join(', ')} not among Moodle's allowed fractions (100%, 90%, 83.33333%, 80%, 75%, 70%, 66.66667%, 60%, 50%, 40%, 33.33333%, 30%, 25%, 20%, 16.66667%, 14.28571%, 12.5%, 11.11111%, 10%, 5%, 0% and their negatives)`);
    return null;
  }
  const feedback = answers.filter((a) => a.feedback).length;
  if (feedback > 0) note(ctx, `per-answer feedback left out (${feedback} answer${feedback > 1 ? 's' : ''}): our items have no place for it`);
  return answers;
}

function multichoice(q: XNode, ctx: TextContext): Fields | null {
  const single = !['false', '0', ''].includes(scalar(q, 'single') ?? 'true');
  const all = readAnswers(q, ctx);
  if (!all) return null;
  const answers: Answer[] = [];
  for (const [i, a] of all.entries()) {
    if (a.text) answers.push(a);
    else if (a.fraction === 0) note(ctx, `empty answer ${i + 1} left out`);
    else return failed(ctx, `answer ${i + 1} is empty but worth ${pct(a.fraction)}`);
  }
  const options = answers.map((a, i) => ({ id: optionIdAt(i), text: a.text }));
  const asSingle = (right: number) => {
    const others = answers.filter((a, i) => i !== right && a.fraction !== 0);
    const partial = others.filter((a) => a.fraction > 0);
    const penalties = others.filter((a) => a.fraction < 0);
    if (partial.length > 0) note(ctx, `partial credit on single choice is not supported: left out ${partial.map((a) => `"${a.text}" ${pct(a.fraction)}`).join(', ')}`);
    if (penalties.length > 0) note(ctx, `negative marks on single choice are not supported: left out ${penalties.map((a) => `"${a.text}" ${pct(a.fraction)}`).join(', ')}`);
    return { type: 'single', options, answer: optionIdAt(right) };
  };
  if (single) {
    const full = answers.flatMap((a, i) => (Math.abs(a.fraction - 1) < 0.00001 ? [i] : []));
    if (full.length === 0) {
      const best = Math.max(...answers.map((a) => a.fraction));
      return failed(ctx, `invalid grades: no answer is worth 100%${answers.length ? ` (the highest is ${pct(best)})` : ''}, single choice needs one right answer`);
    }
    if (full.length > 1) return failed(ctx, `${full.length} answers are worth 100%: a single-choice item has exactly one right answer`);
    return asSingle(full[0]!);
  }
  const positive = answers.flatMap((a, i) => (a.fraction > 0 ? [i] : []));
  const total = Math.round(positive.reduce((sum, i) => sum + answers[i]!.fraction, 0) * 100) / 100;
  if (total !== 1) return failed(ctx, `invalid grades: the positive fractions add up to ${pct(total)}, not 100%`);
  if (positive.length === 1) {
    note(ctx, 'multiple-answer question with one right answer: imported as single choice');
    return asSingle(positive[0]!);
  }
  const fractions = Object.fromEntries(answers.map((a, i) => [optionIdAt(i), a.fraction]));
  return { type: 'multi', options, answer: positive.map(optionIdAt), fractions };
}

function truefalse(q: XNode, ctx: TextContext): Fields | null {
  const answers = children(q, 'answer');
  const textOf = (a: XNode) => plainText(a).toLowerCase();
  const fraction = (a: XNode) => numberOf(String(a.fraction ?? '')) ?? 0;
  const feedback = answers.filter((a) => hasText(child(a, 'feedback'))).length;
  if (feedback > 0) note(ctx, `true/false feedback left out (${feedback} text${feedback > 1 ? 's' : ''}): our items have no place for it`);
  const t = answers.find((a) => textOf(a) === 'true');
  if (t) return { type: 'truefalse', answer: fraction(t) === 100 };
  const f = answers.find((a) => textOf(a) === 'false');
  if (f) return { type: 'truefalse', answer: fraction(f) !== 100 };
  // Old Moodle files write the answers in the order true, false with other texts.
  if (answers.length === 2) {
    note(ctx, 'answers are not named "true" and "false": the first was taken as "true" (as Moodle does)');
    return { type: 'truefalse', answer: fraction(answers[0]!) === 100 };
  }
  return failed(ctx, 'a true/false question needs a "true" and a "false" answer');
}

function shortanswer(q: XNode, ctx: TextContext): Fields | null {
  const answers = readAnswers(q, ctx);
  if (!answers) return null;
  const accepted = answers.filter((a) => a.fraction > 0 && a.text);
  if (accepted.length === 0) return failed(ctx, 'no accepted answer with a positive grade');
  const list = accepted.map((a) => (a.fraction === 1 ? a.text : `${a.text} (${pct(a.fraction)})`));
  const caseSensitive = scalar(q, 'usecase') === '1' ? ', case-sensitive in Moodle' : '';
  note(ctx, `short answer with ${accepted.length} accepted answer${accepted.length > 1 ? 's' : ''}${caseSensitive}: kept as the reference answer, graded by people`);
  const left = answers.length - accepted.length;
  if (left > 0) note(ctx, `${left} answer${left > 1 ? 's' : ''} worth nothing left out of the reference answer`);
  const referenceAnswer = list.length === 1 ? list[0] : list.map((a) => `- ${a}`).join('\n');
  return { type: 'short-answer', referenceAnswer, rubric: defaultRubric(rubricPoints(q, ctx), ctx) };
}

function failed(ctx: TextContext, message: string): null {
  fail(ctx.entry, message);
  return null;
}

const MOODLE_DEFAULT_FEEDBACK = new Set(['', 'Your answer is correct.', 'Your answer is partially correct.', 'Your answer is incorrect.']);

/** What Moodle has and our items do not: said once per question. */
function noteLosses(q: XNode, ctx: TextContext): void {
  const hints = children(q, 'hint').filter((h) => hasText(h)).length;
  if (hints > 0) note(ctx, `${hints} hint${hints > 1 ? 's' : ''} left out: our items have no hints`);
  const combined = ['correctfeedback', 'partiallycorrectfeedback', 'incorrectfeedback'].filter((name) => {
    const field = child(q, name);
    return hasText(field) && !MOODLE_DEFAULT_FEEDBACK.has(plainText(field));
  });
  if (combined.length > 0) note(ctx, `${combined.join(', ')} left out: our items have no place for it`);
}

function readQuestion(q: XNode, type: string, category: string | null, entry: ImportReportEntry, options: ImportOptions): BankItem | null {
  const ctx: TextContext = { entry, itemId: itemIdFor(options, entry.index), media: [], notes: [] };
  const item = mapQuestion(q, type, category, ctx, options);
  // What was left out of an item that is not imported at all is noise next to the reason.
  if (!item) entry.messages = entry.messages.filter((m) => typeof m !== 'string' || !ctx.notes.includes(m));
  return item;
}

function mapQuestion(q: XNode, type: string, category: string | null, ctx: TextContext, options: ImportOptions): BankItem | null {
  const entry = ctx.entry;
  if (UNSUPPORTED[type]) return failed(ctx, `question type "${type}" is not supported: ${UNSUPPORTED[type]}`);
  if (!['multichoice', 'truefalse', 'shortanswer', 'essay'].includes(type)) {
    return failed(ctx, `question type "${type || '(none)'}" is not supported (only multichoice, truefalse, shortanswer and essay are)`);
  }
  let stem = fieldMarkdown(child(q, 'questiontext'), ctx);
  const legacy = legacyImage(q, ctx);
  if (legacy) stem = `${stem}\n\n${legacy}`.trim();
  if (!stem) return failed(ctx, 'the question has no text');
  const fields =
    type === 'multichoice' ? multichoice(q, ctx)
    : type === 'truefalse' ? truefalse(q, ctx)
    : type === 'shortanswer' ? shortanswer(q, ctx)
    : readEssay(q, ctx);
  if (!fields) return null;
  noteLosses(q, ctx);
  const explanation = fieldMarkdown(child(q, 'generalfeedback'), ctx);
  const tags = [...new Set(children(child(q, 'tags'), 'tag').map((t) => plainText(t)).filter(Boolean))];
  const long = tags.filter((t) => t.length > 40);
  if (long.length > 0) note(ctx, `tag${long.length > 1 ? 's' : ''} longer than 40 characters left out: ${long.map((t) => `"${t}"`).join(', ')}`);
  // The area warning only matters for an item that is imported: collect it aside.
  const scratch = newEntry(entry.index, null);
  const candidate = {
    id: ctx.itemId,
    ...nativeDefaults(options, scratch, category),
    stem,
    ...(explanation ? { explanation } : {}),
    tags: tags.filter((t) => t.length <= 40),
    ...(ctx.media.length > 0 ? { media: ctx.media } : {}),
    ...fields,
  };
  const item = finishItem(candidate, entry);
  if (item) for (const m of scratch.messages) warn(entry, m);
  return item;
}

/** Moodle 1.x files carry one image per question in <image> and <image_base64>. */
function legacyImage(q: XNode, ctx: TextContext): string {
  const data = scalar(q, 'image_base64');
  const path = scalar(q, 'image');
  if (!data) {
    if (path) note(ctx, `image "${path}" is a separate file, not part of the XML: left out`);
    return '';
  }
  const name = (path ?? '').split('/').pop() || 'image';
  const html = `<img src="@@PLUGINFILE@@/${encodeURIComponent(name)}" alt="">`;
  return fieldMarkdown({ format: 'html', file: [{ name, encoding: 'base64', '#text': data }] }, ctx, html);
}

export function importMoodleXml(content: Buffer, options: ImportOptions): ImportResult {
  const items: BankItem[] = [];
  const report: ImportReportEntry[] = [];
  let category: string | null = null;
  for (const q of parseQuiz(content, options.fileName)) {
    const type = String(q.type ?? '').trim();
    if (type === 'category') {
      category = plainText(child(q, 'category')) || null;
      continue;
    }
    const entry = newEntry(report.length + 1, plainText(child(q, 'name')) || scalar(q, 'idnumber') || null);
    report.push(entry);
    try {
      const item = readQuestion(q, type, category, entry, options);
      if (item) items.push(item);
    } catch (err) {
      fail(entry, `could not be read: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (report.length === 0) throw new Error(`${options.fileName}: no questions in this Moodle XML file (only categories, or nothing)`);
  return { format: 'moodle-xml', items, report };
}
