import type { BankItem } from '@shared/bank.ts';
import { fail, finishItem, itemIdFor, msg, nativeDefaults, newEntry, optionIdAt, plainToMarkdown, warn } from './common.ts';
import { ImportFileError } from './import-error.ts';
import { decodeText } from './text-decoding.ts';
import type { Importer, ImportMessage, ImportOptions, ImportReportEntry } from './types.ts';

/**
 * Aiken: a question line, option lines "A) text" or "A. text", then "ANSWER: X". Single choice
 * only, plain text. Parsing is line by line like Moodle's qformat_aiken, so blank lines between
 * questions are optional; a stem may run over several lines until the first option.
 */

// Chinese editors often type full-width punctuation: "A、", "A．", "A）", "ANSWER：B".
const OPTION = /^([A-Z])\s*[.)、．）]\s*(.*)$/;
const ANSWER = /^ANSWER\s*[:：]\s*(.*)$/;

type Question = { stem: string; line: number; options: { label: string; text: string }[]; blankSeen: boolean };
type Orphan = { line: number; last: number; kind: 'option' | 'answer' };

export const aikenImporter: Importer = {
  format: 'aiken',

  detect(content) {
    try {
      // The same answer lines the parser reads: a file typed with "ANSWER：B" throughout is Aiken too.
      return /^[ \t]*ANSWER[ \t]*[:：][ \t]*[A-Za-z][ \t]*\r?$/m.test(decodeText(content, ''));
    } catch {
      return false;
    }
  },

  import(content, options) {
    const items: BankItem[] = [];
    const report: ImportReportEntry[] = [];
    let question: Question | null = null;
    let orphan: Orphan | null = null;

    const errorEntry = (message: ImportMessage) => {
      const entry = newEntry(report.length + 1, null);
      fail(entry, message);
      report.push(entry);
    };
    const closeOrphan = () => {
      if (!orphan) return;
      const lines = orphan.last > orphan.line ? `${orphan.line}-${orphan.last}` : String(orphan.line);
      errorEntry(msg(orphan.kind === 'answer' ? 'aiken.orphanAnswer' : 'aiken.orphanOptions', { lines }));
      orphan = null;
    };
    const unfinished = (q: Question, next?: number) =>
      errorEntry(msg(next === undefined ? 'aiken.noAnswerAtEnd' : 'aiken.noAnswerBeforeNext', { line: q.line, stem: q.stem.slice(0, 80), ...(next === undefined ? {} : { next }) }));

    for (const [i, raw] of decodeText(content, options.fileName).split('\n').entries()) {
      const lineNo = i + 1;
      const line = raw.trim();
      const option = OPTION.exec(line);
      const answer = ANSWER.exec(line);

      if (line === '') {
        closeOrphan();
        if (question) question.blankSeen = true;
      } else if (answer) {
        if (!question) {
          if (orphan) orphan.last = lineNo;
          else orphan = { line: lineNo, last: lineNo, kind: 'answer' };
          closeOrphan();
        } else {
          const entry = newEntry(report.length + 1, null);
          const item = buildItem(question, answer[1]!.trim(), lineNo, entry, options);
          report.push(entry);
          if (item) items.push(item);
          question = null;
        }
      } else if (option) {
        if (question) question.options.push({ label: option[1]!, text: option[2]!.trim() });
        else if (orphan) orphan.last = lineNo;
        else orphan = { line: lineNo, last: lineNo, kind: 'option' };
      } else {
        closeOrphan();
        if (question && question.options.length === 0 && !question.blankSeen) {
          question.stem += `\n${line}`;
          continue;
        }
        if (question) unfinished(question, lineNo);
        question = { stem: line, line: lineNo, options: [], blankSeen: false };
      }
    }
    closeOrphan();
    if (question) unfinished(question);

    if (report.length === 0) throw new ImportFileError('format.noQuestions', { format: 'Aiken' });
    return { format: 'aiken', items, report };
  },
};

function buildItem(q: Question, answer: string, lineNo: number, entry: ImportReportEntry, options: ImportOptions): BankItem | null {
  const line = q.line;
  if (q.options.length < 2) {
    fail(entry, msg('aiken.fewOptions', { line, count: q.options.length }));
    return null;
  }
  const labels = q.options.map((o) => o.label);
  const duplicate = labels.find((l, i) => labels.indexOf(l) !== i);
  if (duplicate) {
    fail(entry, msg('aiken.letterTwice', { line, letter: duplicate }));
    return null;
  }
  if (!/^[A-Za-z]$/.test(answer)) {
    fail(entry, msg('aiken.answerNotOneLetter', { line: lineNo, answer }));
    return null;
  }
  const blank = q.options.find((o) => o.text === '');
  if (blank) {
    fail(entry, msg('aiken.optionEmpty', { line, letter: blank.label }));
    return null;
  }
  const right = labels.indexOf(answer.toUpperCase());
  if (right < 0) {
    fail(entry, msg('aiken.answerNotAnOption', { line: lineNo, answer: answer.toUpperCase(), letters: labels.join(', ') }));
    return null;
  }
  const expected = labels.map((_, i) => String.fromCharCode(65 + i));
  if (labels.join() !== expected.join()) warn(entry, msg('aiken.lettersRenamed', { from: labels.join(', '), to: expected.join(', ') }));

  const candidate = {
    id: itemIdFor(options, entry.index),
    ...nativeDefaults(options, entry),
    type: 'single',
    // Aiken is plain text: escaped so "*.log" or "1. " shows as typed once rendered as Markdown.
    stem: plainToMarkdown(q.stem),
    options: q.options.map((o, i) => ({ id: optionIdAt(i), text: plainToMarkdown(o.text) })),
    answer: optionIdAt(right),
  };
  return finishItem(candidate, entry);
}
