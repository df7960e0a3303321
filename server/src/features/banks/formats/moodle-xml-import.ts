import type { BankItem } from '@shared/bank.ts';
import { fail, finishItem, itemIdFor, msg, nativeDefaults, newEntry, optionIdAt, unreadable, warn } from './common.ts';
import { ImportFileError } from './import-error.ts';
import { defaultRubric, readEssay, rubricPoints, type Fields } from './moodle-xml-essay.ts';
import { child, children, fieldMarkdown, hasText, note, numberOf, parseQuiz, plainText, scalar, type TextContext, type XNode } from './moodle-xml-text.ts';
import type { ImportMessage, ImportOptions, ImportReportEntry, ImportResult } from './types.ts';

/** Moodle XML import, following Moodle's qformat_xml and its checks on grades. */

// question_bank::fraction_options_full(): p/q for q <= 6, p/10, 1/q for q <= 10, 1/20, and their negatives.
const RAW_FRACTIONS = [0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3, 0.25, 0.2, 0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05];
const MOODLE_FRACTIONS = [1, 0, -1, ...RAW_FRACTIONS, ...RAW_FRACTIONS.map((f) => -f)];
/** The same fuzzy match as Moodle's match_grade_options(). */
export const isMoodleFraction = (f: number) => MOODLE_FRACTIONS.some((v) => Math.abs(f - v) < 0.00001);

/** Moodle types we cannot hold, each with the reason (importMessages.moodle.unsupported.<reason>). */
const UNSUPPORTED: Record<string, string> = {
  description: 'description',
  multianswer: 'cloze',
  // Moodle's own XML export writes multianswer questions as type="cloze".
  cloze: 'cloze',
  matching: 'matching',
  randomsamatch: 'matching',
  numerical: 'numerical',
  calculated: 'calculated',
  calculatedsimple: 'calculated',
  calculatedmulti: 'calculated',
  ddwtos: 'dragDrop',
  ddimageortext: 'dragDrop',
  ddmarker: 'dragDrop',
  gapselect: 'gapSelect',
  ordering: 'ordering',
  random: 'random',
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
      fail(ctx.entry, msg('moodle.noFraction', { n: i + 1 }));
      return null;
    }
    if (!isMoodleFraction(percent / 100)) invalid.push(`${Number(percent.toFixed(5))}%`);
    answers.push({ text: fieldMarkdown(a, ctx), fraction: Number((percent / 100).toFixed(7)), feedback: hasText(child(a, 'feedback')) });
  }
  if (invalid.length > 0) {
    fail(ctx.entry, msg('moodle.gradesNotAllowed', { grades: invalid.join(', ') }));
    return null;
  }
  const feedback = answers.filter((a) => a.feedback).length;
  if (feedback > 0) note(ctx, msg('import.answerFeedbackDropped', { count: feedback }));
  return answers;
}

/**
 * The multiple-response types of two widely installed plugins, multichoiceset ("all or nothing")
 * and the OU's oumultiresponse: a positive fraction only marks a right answer and the item is
 * scored as a whole, which is our multi without fractions.
 */
const MARKED_MULTI = new Set(['multichoiceset', 'oumultiresponse']);

function markedMulti(q: XNode, type: string, ctx: TextContext): Fields | null {
  const all = readAnswers(q, ctx);
  if (!all) return null;
  const answers = all.filter((a, i) => {
    if (!a.text && a.fraction <= 0) note(ctx, msg('moodle.emptyAnswerLeftOut', { n: i + 1 }));
    return a.text || a.fraction > 0;
  });
  const empty = answers.findIndex((a) => !a.text);
  if (empty >= 0) return failed(ctx, msg('moodle.emptyAnswerWorth', { n: all.indexOf(answers[empty]!) + 1, fraction: pct(answers[empty]!.fraction) }));
  const options = answers.map((a, i) => ({ id: optionIdAt(i), text: a.text }));
  const right = answers.flatMap((a, i) => (a.fraction > 0 ? [optionIdAt(i)] : []));
  if (right.length === 0) return failed(ctx, msg('moodle.noRightAnswer', { type }));
  note(ctx, msg('moodle.markedMulti', { type }));
  if (right.length === 1) {
    note(ctx, msg('import.multiWithOneAnswer'));
    return { type: 'single', options, answer: right[0]! };
  }
  return { type: 'multi', options, answer: right };
}

function multichoice(q: XNode, ctx: TextContext): Fields | null {
  const single = !['false', '0', ''].includes(scalar(q, 'single') ?? 'true');
  const all = readAnswers(q, ctx);
  if (!all) return null;
  const answers: Answer[] = [];
  for (const [i, a] of all.entries()) {
    if (a.text) answers.push(a);
    else if (a.fraction === 0) note(ctx, msg('moodle.emptyAnswerLeftOut', { n: i + 1 }));
    else return failed(ctx, msg('moodle.emptyAnswerWorth', { n: i + 1, fraction: pct(a.fraction) }));
  }
  const options = answers.map((a, i) => ({ id: optionIdAt(i), text: a.text }));
  const asSingle = (right: number) => {
    const others = answers.filter((a, i) => i !== right && a.fraction !== 0);
    const partial = others.filter((a) => a.fraction > 0);
    const penalties = others.filter((a) => a.fraction < 0);
    if (partial.length > 0) note(ctx, msg('import.partialCreditDropped', { answers: partial.map((a) => `"${a.text}" ${pct(a.fraction)}`).join(', ') }));
    if (penalties.length > 0) note(ctx, msg('moodle.penaltiesDropped', { answers: penalties.map((a) => `"${a.text}" ${pct(a.fraction)}`).join(', ') }));
    return { type: 'single', options, answer: optionIdAt(right) };
  };
  if (single) {
    const full = answers.flatMap((a, i) => (Math.abs(a.fraction - 1) < 0.00001 ? [i] : []));
    if (full.length === 0) {
      const best = Math.max(...answers.map((a) => a.fraction));
      return failed(ctx, answers.length ? msg('moodle.noFullAnswer', { best: pct(best) }) : msg('moodle.noAnswers'));
    }
    if (full.length > 1) return failed(ctx, msg('moodle.manyFullAnswers', { count: full.length }));
    return asSingle(full[0]!);
  }
  const positive = answers.flatMap((a, i) => (a.fraction > 0 ? [i] : []));
  const total = Math.round(positive.reduce((sum, i) => sum + answers[i]!.fraction, 0) * 100) / 100;
  if (total !== 1) return failed(ctx, msg('moodle.fractionsNot100', { total: pct(total) }));
  if (positive.length === 1) {
    note(ctx, msg('import.multiWithOneAnswer'));
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
  if (feedback > 0) note(ctx, msg('import.trueFalseFeedbackDropped', { count: feedback }));
  const t = answers.find((a) => textOf(a) === 'true');
  if (t) return { type: 'truefalse', answer: fraction(t) === 100 };
  const f = answers.find((a) => textOf(a) === 'false');
  if (f) return { type: 'truefalse', answer: fraction(f) !== 100 };
  // Old Moodle files write the answers in the order true, false with other texts.
  if (answers.length === 2) {
    note(ctx, msg('moodle.trueFalseUnnamed'));
    return { type: 'truefalse', answer: fraction(answers[0]!) === 100 };
  }
  return failed(ctx, msg('moodle.trueFalseNeedsBoth'));
}

function shortanswer(q: XNode, ctx: TextContext): Fields | null {
  const answers = readAnswers(q, ctx);
  if (!answers) return null;
  const accepted = answers.filter((a) => a.fraction > 0 && a.text);
  if (accepted.length === 0) return failed(ctx, msg('moodle.noAccepted'));
  const list = accepted.map((a) => (a.fraction === 1 ? a.text : `${a.text} (${pct(a.fraction)})`));
  note(ctx, msg('import.acceptedAsReference', { count: accepted.length }));
  if (scalar(q, 'usecase') === '1') note(ctx, msg('moodle.caseSensitive'));
  const left = answers.length - accepted.length;
  if (left > 0) note(ctx, msg('moodle.zeroAnswersLeftOut', { count: left }));
  const referenceAnswer = list.length === 1 ? list[0] : list.map((a) => `- ${a}`).join('\n');
  return { type: 'short-answer', referenceAnswer, rubric: defaultRubric(rubricPoints(q, ctx), ctx) };
}

function failed(ctx: TextContext, message: ImportMessage): null {
  fail(ctx.entry, message);
  return null;
}

const MOODLE_DEFAULT_FEEDBACK = new Set(['', 'Your answer is correct.', 'Your answer is partially correct.', 'Your answer is incorrect.']);

/** What Moodle has and our items do not: said once per question. */
function noteLosses(q: XNode, ctx: TextContext): void {
  const hints = children(q, 'hint').filter((h) => hasText(h)).length;
  if (hints > 0) note(ctx, msg('moodle.hintsDropped', { count: hints }));
  const combined = ['correctfeedback', 'partiallycorrectfeedback', 'incorrectfeedback'].filter((name) => {
    const field = child(q, name);
    return hasText(field) && !MOODLE_DEFAULT_FEEDBACK.has(plainText(field));
  });
  if (combined.length > 0) note(ctx, msg('moodle.combinedFeedbackDropped', { fields: combined.join(', ') }));
}

function readQuestion(q: XNode, type: string, category: string | null, entry: ImportReportEntry, options: ImportOptions): BankItem | null {
  const ctx: TextContext = { entry, itemId: itemIdFor(options, entry.index), media: [], notes: [] };
  const item = mapQuestion(q, type, category, ctx, options);
  // What was left out of an item that is not imported at all is noise next to the reason.
  if (!item) entry.messages = entry.messages.filter((m) => !ctx.notes.includes(m));
  return item;
}

function mapQuestion(q: XNode, type: string, category: string | null, ctx: TextContext, options: ImportOptions): BankItem | null {
  const entry = ctx.entry;
  if (UNSUPPORTED[type]) return failed(ctx, msg(`moodle.unsupported.${UNSUPPORTED[type]}`, { type }));
  if (!['multichoice', 'truefalse', 'shortanswer', 'essay'].includes(type) && !MARKED_MULTI.has(type)) return failed(ctx, msg('moodle.unknownType', { type: type || '-' }));
  let stem = fieldMarkdown(child(q, 'questiontext'), ctx);
  const legacy = legacyImage(q, ctx);
  if (legacy) stem = `${stem}\n\n${legacy}`.trim();
  if (!stem) return failed(ctx, msg('import.noStem'));
  const fields =
    type === 'multichoice' ? multichoice(q, ctx)
    : MARKED_MULTI.has(type) ? markedMulti(q, type, ctx)
    : type === 'truefalse' ? truefalse(q, ctx)
    : type === 'shortanswer' ? shortanswer(q, ctx)
    : readEssay(q, ctx);
  if (!fields) return null;
  noteLosses(q, ctx);
  const explanation = fieldMarkdown(child(q, 'generalfeedback'), ctx);
  const tags = [...new Set(children(child(q, 'tags'), 'tag').map((t) => plainText(t)).filter(Boolean))];
  const long = tags.filter((t) => t.length > 40);
  if (long.length > 0) note(ctx, msg('moodle.tagsTooLong', { tags: long.map((t) => `"${t}"`).join(', ') }));
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
    if (path) note(ctx, msg('moodle.imageFileSeparate', { file: path }));
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
      fail(entry, unreadable(err));
    }
  }
  if (report.length === 0) throw new ImportFileError('format.noQuestions', { format: 'Moodle XML' });
  return { format: 'moodle-xml', items, report };
}
