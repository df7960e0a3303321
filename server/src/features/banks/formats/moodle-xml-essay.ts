import { msg, optionIdAt } from './common.ts';
import { child, decodeEntities, fieldMarkdown, hasText, note, numberOf, rawText, scalar, type TextContext, type XNode } from './moodle-xml-text.ts';

/**
 * Moodle essays: short-answer items, or practical ones when attachments are required. The grader
 * information carries our rubric (and reference answer) in a fixed HTML shape, written by the
 * exporter and read back here, so rubrics survive a round trip; any other grader information
 * becomes a single criterion.
 */

export type Fields = Record<string, unknown>;
type Criterion = { id: string; text: string; points: number };

export const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const REFERENCE = '参考答案';
const RUBRIC = '评分标准';

export function graderInfoHtml(referenceHtml: string | null, rubric: Criterion[]): string {
  const reference = referenceHtml ? `<h4>${REFERENCE}</h4>${referenceHtml}` : '';
  const list = rubric.map((c) => `<li>${escapeXml(c.text)}（${c.points} 分）</li>`).join('');
  return `${reference}<h4>${RUBRIC}</h4><ol>${list}</ol>`;
}

const RUBRIC_BLOCK = new RegExp(`<h4[^>]*>\\s*${RUBRIC}\\s*</h4>\\s*<ol[^>]*>([\\s\\S]*?)</ol>\\s*$`);
const REFERENCE_BLOCK = new RegExp(`^\\s*<h4[^>]*>\\s*${REFERENCE}\\s*</h4>([\\s\\S]*)$`);
const CRITERION = /^([\s\S]*?)（(\d+(?:\.\d+)?) 分）$/;

function ownGraderInfo(html: string): { referenceHtml: string | null; rubric: Criterion[] } | null {
  const block = RUBRIC_BLOCK.exec(html);
  if (!block) return null;
  const rows = [...block[1]!.matchAll(/<li[^>]*>([\s\S]*?)<\/li>/g)].map((li) => CRITERION.exec(decodeEntities(li[1]!.replace(/<[^>]*>/g, '')).trim()));
  if (rows.length === 0 || rows.some((r) => !r)) return null;
  const before = html.slice(0, block.index);
  const reference = REFERENCE_BLOCK.exec(before);
  if (before.trim() && !reference) return null;
  return {
    referenceHtml: reference ? reference[1]! : null,
    rubric: rows.map((r, i) => ({ id: optionIdAt(i), text: r![1]!.trim(), points: Number(r![2]) })),
  };
}

export function rubricPoints(q: XNode, ctx: TextContext): number {
  const grade = numberOf(scalar(q, 'defaultgrade'));
  if (grade !== null && grade > 0 && grade <= 100) return grade;
  if (grade !== null) note(ctx, msg('moodle.defaultGradeUnusable', { grade }));
  return 10;
}

export function defaultRubric(points: number, ctx: TextContext): Criterion[] {
  note(ctx, msg('import.rubricCreated', { points }));
  return [{ id: 'a', text: '按参考答案评分', points }];
}

export function readEssay(q: XNode, ctx: TextContext): Fields {
  const format = scalar(q, 'responseformat') || 'editor';
  const attachments = numberOf(scalar(q, 'attachments')) ?? 0;
  const required = numberOf(scalar(q, 'attachmentsrequired')) ?? 0;
  // An upload-only essay is evidence to hand in, even when Moodle does not insist on a number of files.
  const practical = required > 0 || format === 'noinline';
  const grader = child(q, 'graderinfo');
  const own = ownGraderInfo(rawText(grader?.text));
  let rubric: Criterion[];
  let referenceAnswer: string | undefined;
  if (own) {
    rubric = own.rubric;
    referenceAnswer = fieldMarkdown(grader, ctx, own.referenceHtml ?? '') || undefined;
  } else {
    const info = fieldMarkdown(grader, ctx);
    const points = rubricPoints(q, ctx);
    if (!info) rubric = defaultRubric(points, ctx);
    else if (info.length <= 1000) {
      rubric = [{ id: 'a', text: info, points }];
      note(ctx, msg('moodle.graderInfoAsCriterion', { points }));
    } else if (!practical) {
      referenceAnswer = info;
      rubric = defaultRubric(points, ctx);
      note(ctx, msg('moodle.graderInfoAsReference'));
    } else {
      rubric = [{ id: 'a', text: `${info.slice(0, 999)}…`, points }];
      note(ctx, msg('moodle.graderInfoCut', { points }));
    }
  }
  if (hasText(child(q, 'responsetemplate'))) note(ctx, msg('moodle.responseTemplateDropped'));
  if (practical) {
    if (referenceAnswer) note(ctx, msg('moodle.practicalReferenceDropped'));
    return { type: 'practical', screenshots: required, rubric };
  }
  if (attachments !== 0) note(ctx, attachments < 0 ? msg('moodle.attachmentsUnlimitedDropped') : msg('moodle.attachmentsDropped', { count: attachments }));
  return { type: 'short-answer', rubric, ...(referenceAnswer ? { referenceAnswer } : {}) };
}
