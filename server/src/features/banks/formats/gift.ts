import type { BankItem } from '@shared/bank.ts';
import { fail, finishItem, htmlToMarkdown, itemIdFor, msg, nativeDefaults, newEntry, optionIdAt, plainToMarkdown, warn } from './common.ts';
import { ImportFileError } from './import-error.ts';
import type { Note } from './html-markdown.ts';
import { decodeText } from './text-decoding.ts';
import type { Importer, ImportOptions, ImportReportEntry } from './types.ts';

/**
 * GIFT, Moodle's plain-text format. Parsing follows Moodle's qformat_gift: questions are blocks
 * separated by blank lines, the first "{" and "}" enclose the answers, "=" marks a right answer,
 * "~" a wrong (or weighted) one, "#" feedback and "####" general feedback.
 */

// Escaped control characters become private-use placeholders while parsing, so "\{" never opens an answer block.
const BACKSLASH = '\uE000';
const escapes: Record<string, string> = { ':': '\uE001', '#': '\uE002', '=': '\uE003', '{': '\uE004', '}': '\uE005', '~': '\uE006', n: '\uE007' };
const unescapes = new Map<string, string>([[BACKSLASH, '\\'], ...Object.entries(escapes).map(([c, p]): [string, string] => [p, c === 'n' ? '\n' : c])]);
// The missing-word blank goes in after HTML conversion, which would otherwise escape its underscores.
const BLANK = '\uE00F';

const protect = (s: string) => s.replace(/\\\\/g, BACKSLASH).replace(/\\([:#={}~n])/g, (_, c: string) => escapes[c] ?? c);
const restore = (s: string) => s.replace(/[\uE000-\uE007]/g, (p) => unescapes.get(p) ?? p);

type TextFormat = 'moodle' | 'html' | 'plain' | 'markdown';

function splitFormat(raw: string, fallback: TextFormat): { text: string; format: TextFormat } {
  const m = /^\[(moodle|html|plain|markdown)\]/.exec(raw);
  return m ? { text: raw.slice(m[0].length), format: m[1] as TextFormat } : { text: raw, format: fallback };
}

/** GIFT text to Markdown: [html] and tag-bearing Moodle-format text are converted (losses to `note`); plain and Markdown are kept. */
function render(raw: string, fallback: TextFormat, note: Note, escapePlain = true): string {
  const { text, format } = splitFormat(raw.trim(), fallback);
  const plain = restore(text).trim();
  const isHtml = format === 'html' || (format === 'moodle' && /<\/?[a-z][^>]*>/i.test(plain));
  // Plain text is escaped so its characters survive Markdown rendering; [markdown] stays as written.
  const md = isHtml ? htmlToMarkdown(plain, note) : format === 'markdown' || !escapePlain ? plain : plainToMarkdown(plain);
  return md.replaceAll(BLANK, '_____');
}

type Block = { lines: string[]; lineNos: number[] };

function blocksOf(text: string): Block[] {
  const blocks: Block[] = [];
  let current: Block | null = null;
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '') current = null;
    // Comment lines neither start nor end a question (as in Moodle).
    else if (!line.startsWith('//')) {
      if (!current) blocks.push((current = { lines: [], lineNos: [] }));
      current.lines.push(line);
      current.lineNos.push(i + 1);
    }
  }
  return blocks;
}

const WEIGHT = /^%(-?\d{1,3}(?:\.\d+)?)%/;
type Choice = { text: string; weight: number; marked: boolean; feedback: boolean };

function splitFeedback(s: string): [string, boolean] {
  const hash = s.indexOf('#');
  return hash < 0 ? [s, false] : [s.slice(0, hash), s.slice(hash + 1).trim() !== ''];
}

function parseWeight(s: string): { weight: number | null; rest: string } {
  const m = WEIGHT.exec(s);
  return m ? { weight: Number(m[1]), rest: s.slice(m[0].length) } : { weight: null, rest: s };
}

const pct = (w: number) => `${Number(w.toFixed(4))}%`;
const defaultRubric = [{ id: 'a', text: '按参考答案评分', points: 10 }];
const NO_RUBRIC = msg('import.rubricCreated', { points: 10 });
const feedbackDropped = (count: number) => msg('import.answerFeedbackDropped', { count });

type Outcome = { entry: ImportReportEntry; item: BankItem | null };

function readQuestion(block: Block, category: string | null, index: number, options: ImportOptions): Outcome {
  const entry = newEntry(index, null);
  const line = block.lineNos[0] ?? 0;
  const failed = (key: string, params: Record<string, string | number> = {}): Outcome => {
    fail(entry, msg(key, { line, ...params }));
    return { entry, item: null };
  };
  const note: Note = (m) => warn(entry, m);

  let text = protect(block.lines.join('\n'));
  if (text.startsWith('::')) {
    const end = text.indexOf('::', 2);
    if (end < 0) return failed('gift.titleUnclosed');
    entry.sourceRef = restore(text.slice(2, end)).trim() || null;
    text = text.slice(end + 2).trim();
  }

  const open = text.indexOf('{');
  const close = text.indexOf('}');
  if (open < 0 && close < 0) return failed('gift.noAnswerBlock');
  if (open < 0 || close < open) return failed('gift.unbalancedBraces');
  let body = text.slice(open + 1, close);
  const after = text.slice(close + 1);
  if (body.includes('{')) return failed('gift.braceInAnswers');
  if (/[{}]/.test(after)) return failed('gift.manyAnswerBlocks');

  const { format } = splitFormat(text, 'moodle');
  const stem = render(text.slice(0, open) + (after.trim() ? BLANK + after : ''), 'moodle', note);
  if (!stem) return failed('gift.noStem');
  body = body.trim();
  let explanation: string | undefined;
  const gf = body.lastIndexOf('####');
  if (gf >= 0) {
    explanation = render(body.slice(gf + 4), format, note) || undefined;
    body = body.slice(0, gf).trim();
  }

  const tf = splitFeedback(body)[0].trim();
  const kind =
    body === '' ? 'essay'
    : body.startsWith('#') ? 'numerical'
    : body.includes('~') ? 'choice'
    : body.includes('=') && body.includes('->') ? 'matching'
    : ['T', 'TRUE', 'F', 'FALSE'].includes(tf) ? 'truefalse'
    : 'shortanswer';
  if (kind === 'numerical') return failed('gift.numerical');
  if (kind === 'matching') return failed('gift.matching');

  const done = (fields: Record<string, unknown>): Outcome => {
    const base = { id: itemIdFor(options, index), ...nativeDefaults(options, entry, category), stem };
    return { entry, item: finishItem({ ...base, ...(explanation ? { explanation } : {}), ...fields }, entry) };
  };

  if (kind === 'essay') {
    warn(entry, NO_RUBRIC);
    return done({ type: 'short-answer', rubric: defaultRubric });
  }

  if (kind === 'truefalse') {
    const feedback = body.split('#').slice(1).filter((f) => f.trim() !== '').length;
    if (feedback > 0) warn(entry, msg('import.trueFalseFeedbackDropped', { count: feedback }));
    return done({ type: 'truefalse', answer: tf === 'T' || tf === 'TRUE' });
  }

  if (kind === 'shortanswer') {
    const parts = body.split('=').map((p) => p.trim());
    if (parts[0] === '') parts.shift();
    const accepted: string[] = [];
    const left: string[] = [];
    let feedback = 0;
    for (const part of parts) {
      const { weight, rest } = parseWeight(part);
      const [raw, hasFeedback] = splitFeedback(rest);
      if (hasFeedback) feedback++;
      // Reference answers are read by graders as written.
      const answer = render(raw, format, note, false);
      if (!answer) return failed('gift.acceptedEmpty');
      if (weight !== null && weight <= 0) left.push(`"${answer}" (${pct(weight)})`);
      else accepted.push(weight === null || weight === 100 ? answer : `${answer} (${pct(weight)})`);
    }
    if (accepted.length === 0) return failed('gift.noAccepted');
    warn(entry, msg('import.acceptedAsReference', { count: accepted.length }));
    if (left.length > 0) warn(entry, msg('gift.zeroAnswersLeftOut', { answers: left.join(', ') }));
    if (feedback > 0) warn(entry, feedbackDropped(feedback));
    warn(entry, NO_RUBRIC);
    const referenceAnswer = accepted.length === 1 ? accepted[0] : accepted.map((a) => `- ${a}`).join('\n');
    return done({ type: 'short-answer', rubric: defaultRubric, referenceAnswer });
  }

  // Multiple choice: as in Moodle, any "=" makes it single-answer; otherwise weights decide.
  const parts = body.replace(/=/g, '~=').split('~');
  if (parts.shift()?.trim()) return failed('gift.textBeforeAnswers');
  const choices: Choice[] = [];
  for (const [i, part] of parts.map((p) => p.trim()).entries()) {
    const marked = part.startsWith('=');
    const { weight, rest } = marked ? { weight: 100, rest: part.slice(1) } : parseWeight(part);
    if (weight !== null && (weight < -100 || weight > 100)) return failed('gift.weightOutOfRange', { n: i + 1, weight });
    const [raw, feedback] = splitFeedback(rest);
    const choiceText = render(raw, format, note);
    if (!choiceText) return failed('gift.answerEmpty', { n: i + 1 });
    choices.push({ text: choiceText, weight: weight ?? 0, marked, feedback });
  }
  if (choices.length < 2) return failed('gift.fewAnswers');
  const feedback = choices.filter((c) => c.feedback).length;
  if (feedback > 0) warn(entry, feedbackDropped(feedback));
  const opts = choices.map((c, i) => ({ id: optionIdAt(i), text: c.text }));

  const single = (right: number, partial: Choice[]): Outcome => {
    if (partial.length > 0) {
      warn(entry, msg('import.partialCreditDropped', { answers: partial.map((c) => `"${c.text}" ${pct(c.weight)}`).join(', ') }));
    }
    return done({ type: 'single', options: opts, answer: optionIdAt(right) });
  };

  const marked = choices.flatMap((c, i) => (c.marked ? [i] : []));
  if (marked.length > 1) return failed('gift.manyMarked', { count: marked.length });
  if (marked.length === 1) return single(marked[0]!, choices.filter((c) => !c.marked && c.weight !== 0));

  const positive = choices.flatMap((c, i) => (c.weight > 0 ? [i] : []));
  if (positive.length === 0) return failed('gift.noRightAnswer');
  if (positive.length === 1) {
    warn(entry, msg('import.multiWithOneAnswer'));
    return single(positive[0]!, choices.filter((c) => c.weight !== 0 && c.weight !== 100));
  }
  const total = positive.reduce((sum, i) => sum + choices[i]!.weight, 0);
  if (Math.abs(total - 100) > 0.01) warn(entry, msg('gift.weightsNot100', { total: pct(total) }));
  // Rounded as the Moodle XML and QTI importers do: 33.33333 / 100 is 0.33333329999999994 in floating point.
  const fractions = Object.fromEntries(choices.map((c, i) => [optionIdAt(i), Number((c.weight / 100).toFixed(7))]));
  return done({ type: 'multi', options: opts, answer: positive.map(optionIdAt), fractions });
}

export const giftImporter: Importer = {
  format: 'gift',

  detect(content) {
    let text: string;
    try {
      text = decodeText(content, '').trimStart();
    } catch {
      return false;
    }
    if (text.startsWith('<')) return false;
    return /^::[^\n]*?::/m.test(text) || /\{\s*(?:[=~#}]|(?:T|F|TRUE|FALSE)\s*[#}])/.test(text);
  },

  import(content, options) {
    const items: BankItem[] = [];
    const report: ImportReportEntry[] = [];
    let category: string | null = null;
    for (const block of blocksOf(decodeText(content, options.fileName))) {
      const first = block.lines[0] ?? '';
      if (first.startsWith('$CATEGORY:')) {
        category = restore(protect(first.slice('$CATEGORY:'.length))).trim() || null;
        block.lines.shift();
        block.lineNos.shift();
        if (block.lines.length === 0) continue;
      }
      const { entry, item } = readQuestion(block, category, report.length + 1, options);
      report.push(entry);
      if (item) items.push(item);
    }
    if (report.length === 0) throw new ImportFileError('format.noQuestions', { format: 'GIFT' });
    return { format: 'gift', items, report };
  },
};
