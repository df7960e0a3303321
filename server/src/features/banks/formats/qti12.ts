import type { BankItem } from '@shared/bank.ts';
import { fail, finishItem, itemIdFor, msg, nativeDefaults, newEntry, optionIdAt, unreadable, warn } from './common.ts';
import { ImportFileError } from './import-error.ts';
import { htmlToMarkdown } from './html-markdown.ts';
import { elements, findAll, firstElement, parseNumber, parseXml, textOf, type XElement } from './qti-common.ts';
import { embedImages, escapeHtml, type PackageFiles } from './qti12-material.ts';
import type { Importer, ImportOptions, ImportReportEntry, ImportResult } from './types.ts';

/**
 * IMS QTI 1.2 (`<questestinterop>`), as Canvas, Blackboard and D2L export a quiz or pool: one
 * document holding many items. Single and multiple choice, true/false, essay and fill-in-the-blank
 * (as a short answer with the accepted answers as reference) are imported; other types are errors
 * in the report. Inside an IMS package the reader hands over `files` so referenced images are kept.
 */

type Kind = 'single' | 'multi' | 'truefalse' | 'essay' | 'fill';

/** Canvas question_type, Blackboard bbmd_questiontype, D2L/Respondus qmd_questiontype, normalised. */
const KIND_BY_TYPE: Record<string, Kind> = {
  multiplechoicequestion: 'single',
  multiplechoice: 'single',
  eitheror: 'single',
  multipleanswersquestion: 'multi',
  multipleanswer: 'multi',
  multipleanswers: 'multi',
  multiselect: 'multi',
  multipleselect: 'multi',
  truefalsequestion: 'truefalse',
  truefalse: 'truefalse',
  essayquestion: 'essay',
  essay: 'essay',
  // Blackboard's "Short Response": a smaller essay box, graded by people like an essay.
  shortresponse: 'essay',
  longanswer: 'essay',
  writtenresponse: 'essay',
  shortanswerquestion: 'fill',
  shortanswer: 'fill',
  fillintheblank: 'fill',
  fillintheblankquestion: 'fill',
  fillinblank: 'fill',
};
const normType = (s: string) => s.toLowerCase().replace(/[^a-z]/g, '');

const TRUE_WORDS = new Set(['true', 'yes', '正确', '对', '是', '√', 'vrai', 'wahr', 'richtig']);
const FALSE_WORDS = new Set(['false', 'no', '错误', '错', '否', '×', 'faux', 'falsch']);

export function looksLikeQti12(content: Buffer): boolean {
  // A plain search, no regular expression: detection must stay linear whatever the file holds.
  const head = content.subarray(0, 1024 * 1024).toString('utf8');
  // Every occurrence, not the first: IMS's own examples name the root in a DOCTYPE before it
  // (`<!DOCTYPE questestinterop SYSTEM "ims_qtiasiv1p2.dtd" [...]>`).
  for (let at = head.indexOf('questestinterop'); at !== -1; at = head.indexOf('questestinterop', at + 1)) {
    if (at > 0 && (head[at - 1] === '<' || head[at - 1] === ':')) return true;
  }
  return false;
}

export function importQti12(content: Buffer, options: ImportOptions, files?: PackageFiles): ImportResult {
  const root = parseXml(content, options.fileName);
  if (root.name !== 'questestinterop') throw new ImportFileError('format.wrongRoot', { format: 'QTI 1.2', expected: 'questestinterop' });
  const items: BankItem[] = [];
  const report: ImportReportEntry[] = [];
  findAll(root, (e) => e.name === 'item').forEach((el, i) => {
    const entry = newEntry(i + 1, el.attrs.title?.trim() || el.attrs.ident || null);
    report.push(entry);
    try {
      const item = importOne(el, options, entry, files);
      if (item) items.push(item);
    } catch (err) {
      fail(entry, unreadable(err));
    }
  });
  if (report.length === 0) throw new ImportFileError('format.noQuestions', { format: 'QTI 1.2' });
  return { format: 'qti12', items, report };
}

export const qti12Importer: Importer = {
  format: 'qti12',
  detect: (content) => looksLikeQti12(content),
  import: (content, options, files) => importQti12(content, options, files),
};

/** Label/entry pairs of every metadata dialect, plus Blackboard's own elements (bbmd_questiontype…). */
function metadata(item: XElement): Map<string, string> {
  const out = new Map<string, string>();
  const meta = firstElement(item, 'itemmetadata');
  if (!meta) return out;
  for (const field of findAll(meta, (e) => e.name === 'qtimetadatafield' || e.name === 'qti_metadatafield')) {
    const label = firstElement(field, 'fieldlabel');
    const value = firstElement(field, 'fieldentry');
    if (label && value) out.set(textOf(label).trim().toLowerCase(), textOf(value).trim());
  }
  for (const el of findAll(meta, (e) => e.children.every((c) => c.type === 'text'))) out.set(el.name.toLowerCase(), textOf(el).trim());
  return out;
}

type Ctx = { item: XElement; itemId: string; entry: ImportReportEntry; files: PackageFiles | undefined; media: NonNullable<BankItem['media']> };

const IMAGE_FILE = /\.(png|jpe?g|gif|webp|svg|bmp)$/i;

/** A <material> (or any container of them) as HTML: mattext, Blackboard's mat_formattedtext, matimage, matbreak. */
function materialHtml(el: XElement, ctx: Ctx): string {
  let html = '';
  for (const node of el.children) {
    if (node.type === 'text') continue;
    switch (node.name) {
      case 'mattext':
      case 'mat_formattedtext':
      case 'matemtext': {
        const type = (node.attrs.texttype ?? node.attrs.type ?? 'text/plain').toLowerCase();
        const isHtml = type.includes('html') || node.children.some((c) => c.type === 'element');
        const text = node.children.some((c) => c.type === 'element') ? xmlToHtml(node.children) : textOf(node);
        const body = isHtml ? text : escapeHtml(text).replace(/\r?\n/g, '<br>');
        html += node.name === 'matemtext' ? `<em>${body}</em>` : `<div>${body}</div>`;
        break;
      }
      case 'matimage': {
        const inline = node.attrs.embedded === 'base64' && textOf(node).trim();
        const src = inline ? `data:${node.attrs.imagtype ?? 'image/png'};base64,${textOf(node).replace(/\s+/g, '')}` : (node.attrs.uri ?? '');
        html += `<img src="${escapeHtml(src)}" alt="${escapeHtml(node.attrs.label ?? '')}">`;
        break;
      }
      case 'matbreak':
        html += '<br>';
        break;
      case 'matapplication':
        // Blackboard attaches a question's picture as an application file (FILE_BLOCK): an image is shown as one.
        if (IMAGE_FILE.test(node.attrs.uri ?? '') || IMAGE_FILE.test(node.attrs.label ?? '')) {
          html += `<img src="${escapeHtml(IMAGE_FILE.test(node.attrs.uri ?? '') ? (node.attrs.uri ?? '') : (node.attrs.label ?? ''))}" alt="${escapeHtml(node.attrs.label ?? '')}">`;
          break;
        }
        warn(ctx.entry, msg('html.mediaDropped', { element: node.name }));
        break;
      case 'mataudio':
      case 'matvideo':
      case 'matapplet':
        warn(ctx.entry, msg('html.mediaDropped', { element: node.name }));
        break;
      default:
        // material, flow_mat, mat_extension and other wrappers keep their content.
        html += materialHtml(node, ctx);
    }
  }
  return html;
}

/** XHTML written as elements inside mattext (some exporters): back to an HTML string. */
function xmlToHtml(nodes: XElement['children']): string {
  return nodes
    .map((n) => {
      if (n.type === 'text') return escapeHtml(n.text);
      const attrs = Object.entries(n.attrs)
        .map(([k, v]) => ` ${k}="${escapeHtml(v)}"`)
        .join('');
      return `<${n.name}${attrs}>${xmlToHtml(n.children)}</${n.name}>`;
    })
    .join('');
}

function markdownOf(html: string, ctx: Ctx): string {
  const kept = embedImages(html, ctx);
  return htmlToMarkdown(kept, (m) => warn(ctx.entry, m)).replace(/\u00a0/g, ' ').trim();
}

const RESPONSES = new Set(['response_lid', 'response_str', 'response_num', 'response_xy', 'response_grp', 'response_extension']);

/** The question's own material: everything in <presentation> but the response elements. */
function stemHtml(el: XElement, ctx: Ctx): string {
  const own: XElement = { ...el, children: el.children.filter((c) => c.type === 'text' || !RESPONSES.has(c.name)) };
  let html = '';
  for (const c of own.children) {
    if (c.type === 'text') continue;
    if (c.name === 'material') html += materialHtml({ ...c, children: [c] }, ctx);
    else if (c.name === 'flow' || c.name === 'flow_mat') html += stemHtml(c, ctx);
  }
  return html;
}

type Choice = { ident: string; html: string };

function choicesOf(response: XElement, ctx: Ctx): Choice[] {
  return findAll(response, (e) => e.name === 'response_label').map((label) => ({ ident: label.attrs.ident ?? '', html: materialHtml(label, ctx) }));
}

/**
 * Whether a respcondition gives credit: a positive score, Blackboard's SCORE.max, or, setting no
 * score, a title saying so or the "correct" feedback shown (Blackboard's accepted blanks).
 */
function givesCredit(cond: XElement): boolean {
  const setvars = elements(cond, 'setvar');
  if (setvars.some((s) => (s.attrs.action ?? 'Set').toLowerCase() !== 'subtract' && ((parseNumber(textOf(s)) ?? 0) > 0 || /\.max$/i.test(textOf(s).trim())))) return true;
  return setvars.length === 0 && (/^correct$/i.test(cond.attrs.title ?? '') || elements(cond, 'displayfeedback').some((d) => /^correct$/i.test(d.attrs.linkrefid ?? '')));
}

/** Canvas marks the correct answer's condition itself when points vary by answer, even one worth 0 points. */
const markedCorrect = (cond: XElement) => /^yes$/i.test(cond.attrs.correctanswer ?? '');

const crediting = (item: XElement) => findAll(item, (e) => e.name === 'respcondition').filter((c) => givesCredit(c) || markedCorrect(c));

/** The score a condition sets or adds (null for SCORE.max and the like). */
function scoreOf(cond: XElement): number | null {
  const setvar = elements(cond, 'setvar').find((s) => (s.attrs.action ?? 'Set').toLowerCase() !== 'subtract');
  return setvar ? parseNumber(textOf(setvar)) : null;
}

/** varequal values the condition requires (not those under <not>). */
function required(node: XElement): XElement[] {
  return elements(node).flatMap((c) => (c.name === 'varequal' ? [c] : c.name === 'not' ? [] : required(c)));
}

/** The credited responses: one condition with several required values (Canvas, Blackboard), or several conditions. */
function creditedValues(item: XElement): string[] {
  const conditions = crediting(item);
  const sets = conditions.map((c) => required(firstElement(c, 'conditionvar') ?? c).map((v) => textOf(v).trim()));
  const full = sets.find((s) => s.length > 1);
  return [...new Set(full ?? sets.flat())].filter(Boolean);
}

function kindOf(item: XElement, meta: Map<string, string>, ctx: Ctx): Kind | null {
  const declared = meta.get('question_type') ?? meta.get('bbmd_questiontype') ?? meta.get('qmd_questiontype') ?? meta.get('qmd_itemtype');
  if (declared) {
    const kind = KIND_BY_TYPE[normType(declared)];
    if (!kind) fail(ctx.entry, msg('qti12.unsupportedType', { type: declared }));
    return kind ?? null;
  }
  const presentation = firstElement(item, 'presentation');
  const lid = presentation && findAll(presentation, (e) => e.name === 'response_lid')[0];
  if (lid) return cardinality(lid) === 'multiple' ? 'multi' : 'single';
  if (presentation && findAll(presentation, (e) => e.name === 'response_str')[0]) return creditedValues(item).length > 0 ? 'fill' : 'essay';
  // A numeric (response_num), hot-spot (response_xy) or grouping response: a type we do not import, named as such.
  const other = presentation && findAll(presentation, (e) => RESPONSES.has(e.name))[0];
  fail(ctx.entry, other ? msg('qti12.unsupportedType', { type: other.name }) : msg('qti12.noResponse'));
  return null;
}

const cardinality = (lid: XElement) => (lid.attrs.rcardinality ?? 'Single').toLowerCase();

/**
 * A single choice whose choices each have a condition of their own with different scores ("vary
 * points by answer" in Canvas New Quizzes): the choice worth most is the answer, the exporter's
 * correctanswer mark deciding between equals; the others' partial credit is reported and left out.
 * Null when the conditions do not read that way.
 */
function singleAnswer(item: XElement, choices: Choice[], texts: string[], ctx: Ctx): string | null {
  const conditions = crediting(item)
    .map((c) => ({ values: required(firstElement(c, 'conditionvar') ?? c).map((v) => textOf(v).trim()), score: scoreOf(c) ?? 0, marked: markedCorrect(c) }))
    .filter((c) => c.values.length === 1 && choices.some((ch) => ch.ident === c.values[0]));
  if (conditions.length < 2) return null;
  const top = Math.max(...conditions.map((c) => c.score));
  const best = conditions.filter((c) => c.score === top);
  const chosen = best.length === 1 ? best[0]! : best.filter((c) => c.marked).length === 1 ? best.find((c) => c.marked)! : null;
  if (!chosen) return null;
  const partial = conditions.filter((c) => c !== chosen && c.score > 0);
  if (partial.length > 0) {
    const text = (ident: string) => texts[choices.findIndex((ch) => ch.ident === ident)] ?? ident;
    const answers = partial.map((c) => `"${text(c.values[0]!)}" ${Math.round((c.score / top) * 100)}%`).join(', ');
    warn(ctx.entry, msg('import.partialCreditDropped', { answers }));
  }
  return chosen.values[0]!;
}

function feedbackOf(item: XElement, ctx: Ctx, skip: (ident: string) => boolean): string | undefined {
  const parts: string[] = [];
  let conditional = false;
  for (const fb of elements(item, 'itemfeedback')) {
    const ident = fb.attrs.ident ?? '';
    if (skip(ident)) continue;
    const text = markdownOf(materialHtml(fb, ctx), ctx);
    if (!text) continue;
    parts.push(text);
    if (!/^(general_fb|general|solution)$/i.test(ident)) conditional = true;
  }
  if (conditional) warn(ctx.entry, msg('qti12.feedbackMerged'));
  const distinct = [...new Set(parts)];
  return distinct.length > 0 ? distinct.join('\n\n') : undefined;
}

/**
 * Blackboard writes the two choices of an Either/Or question as its own resource keys
 * ("yes_no.true"), never the words: these are the words (the bank is Chinese).
 */
const EITHER_OR: Record<string, string> = {
  'true_false.true': '正确',
  'true_false.false': '错误',
  'yes_no.true': '是',
  'yes_no.false': '否',
  'agree_disagree.true': '同意',
  'agree_disagree.false': '不同意',
  'right_wrong.true': '对',
  'right_wrong.false': '错',
};

function choiceFields(declared: 'single' | 'multi' | 'truefalse', lid: XElement, all: Choice[], ctx: Ctx): Record<string, unknown> | null {
  const credited = creditedValues(ctx.item);
  let known = credited.filter((v) => all.some((c) => c.ident === v));
  if (known.length === 0) {
    fail(ctx.entry, msg(credited.length ? 'qti12.answerNotAChoice' : 'qti12.noAnswer', { answer: credited.join(', ') }));
    return null;
  }
  const keys = all.map((c) => c.html.replace(/<[^>]*>/g, '').trim());
  const eitherOr = keys.length === 2 && keys.every((k) => k in EITHER_OR);
  const allTexts = eitherOr ? keys.map((k) => EITHER_OR[k]!) : all.map((c) => markdownOf(c.html, ctx));
  // An Either/Or question with true/false is a true/false question.
  const kind = eitherOr && keys.every((k) => k.startsWith('true_false.')) ? 'truefalse' : declared;
  if (known.length > 1 && kind !== 'multi' && cardinality(lid) !== 'multiple') known = [singleAnswer(ctx.item, all, allTexts, ctx) ?? known].flat();
  // Canvas exports the blank answer rows its editor leaves: an empty choice nobody is credited for is no option.
  const kept = all.map((c, i) => ({ c, text: allTexts[i]! })).filter(({ c, text }) => text !== '' || known.includes(c.ident));
  if (kept.length < all.length) warn(ctx.entry, msg('qti12.emptyChoicesLeftOut', { count: all.length - kept.length }));
  const choices = kept.map((k) => k.c);
  const texts = kept.map((k) => k.text);
  if (kind === 'truefalse') {
    const answerText = (texts[choices.findIndex((c) => c.ident === known[0])] ?? '').toLowerCase().replace(/[.。!！]$/, '');
    const value = TRUE_WORDS.has(answerText) ? true : FALSE_WORDS.has(answerText) ? false : null;
    if (value !== null && known.length === 1) return { type: 'truefalse', answer: value };
    warn(ctx.entry, msg('qti12.trueFalseAsChoice'));
  }
  const options = texts.map((text, i) => ({ id: optionIdAt(i), text }));
  const answer = known.map((v) => optionIdAt(choices.findIndex((c) => c.ident === v)));
  if (kind === 'multi' && answer.length < 2) {
    warn(ctx.entry, msg('import.multiWithOneAnswer'));
    return { type: 'single', options, answer: answer[0] };
  }
  if (kind !== 'multi' && answer.length > 1) return { type: 'multi', options, answer };
  return kind === 'multi' ? { type: 'multi', options, answer } : { type: 'single', options, answer: answer[0] };
}

function pointsOf(meta: Map<string, string>, item: XElement): number | null {
  const stated = parseNumber(meta.get('points_possible') ?? meta.get('qmd_absolutescore_max'));
  if (stated !== null && stated > 0) return stated;
  const decvar = findAll(item, (e) => e.name === 'decvar')[0];
  const max = parseNumber(decvar?.attrs.maxvalue);
  return max !== null && max > 0 && max !== 100 ? max : null;
}

function freeTextFields(kind: 'essay' | 'fill', item: XElement, meta: Map<string, string>, ctx: Ctx): Record<string, unknown> {
  const stated = pointsOf(meta, item);
  const points = stated !== null && stated <= 100 ? stated : 10;
  warn(ctx.entry, msg('import.rubricCreated', { points }));
  let reference: string | undefined;
  if (kind === 'fill') {
    reference = creditedValues(item).join('\n') || undefined;
    warn(ctx.entry, msg('import.fillAsShortAnswer'));
  } else {
    const solution = elements(item, 'itemfeedback').find((f) => /^solution$/i.test(f.attrs.ident ?? '') || firstElement(f, 'solution'));
    reference = solution ? markdownOf(materialHtml(solution, ctx), ctx) || undefined : undefined;
  }
  return { type: 'short-answer', rubric: [{ id: 'a', text: '按参考答案评分', points }], ...(reference ? { referenceAnswer: reference } : {}) };
}

function importOne(el: XElement, options: ImportOptions, entry: ImportReportEntry, files: PackageFiles | undefined): BankItem | null {
  const id = itemIdFor(options, entry.index);
  const ctx: Ctx = { item: el, itemId: id, entry, files, media: [] };
  const meta = metadata(el);
  const kind = kindOf(el, meta, ctx);
  if (!kind) return null;
  const presentation = firstElement(el, 'presentation');
  if (!presentation) {
    fail(entry, msg('qti12.noPresentation'));
    return null;
  }
  const responses = findAll(presentation, (e) => RESPONSES.has(e.name));
  if (responses.length > 1) {
    // Matching and multi-blank items without a declared type: one answer per response, which no
    // item of ours holds; reading the first alone would import a wrong question.
    fail(entry, msg('qti12.manyResponses', { count: responses.length }));
    return null;
  }
  const stem = markdownOf(stemHtml(presentation, ctx), ctx);
  if (!stem) {
    fail(entry, msg('import.noStem'));
    return null;
  }
  let fields: Record<string, unknown> | null;
  if (kind === 'essay' || kind === 'fill') fields = freeTextFields(kind, el, meta, ctx);
  else {
    const lid = findAll(presentation, (e) => e.name === 'response_lid')[0];
    if (!lid) {
      fail(entry, msg('qti12.noResponse'));
      return null;
    }
    if (cardinality(lid) === 'ordered') {
      // An ordering question: its "answer" is every choice in order, which no option list can hold.
      fail(entry, msg('qti12.orderedResponse'));
      return null;
    }
    fields = choiceFields(kind, lid, choicesOf(lid, ctx), ctx);
  }
  if (!fields) return null;
  const explanation = feedbackOf(el, ctx, (ident) => fields.type === 'short-answer' && kind === 'essay' && /^solution$/i.test(ident));
  const scratch = newEntry(entry.index, null);
  const category = meta.get('bbmd_category') ?? meta.get('qmd_topic') ?? null;
  const item = finishItem(
    {
      id,
      ...nativeDefaults(options, scratch, category),
      stem,
      ...fields,
      ...(explanation ? { explanation } : {}),
      ...(ctx.media.length ? { media: ctx.media } : {}),
    },
    entry,
  );
  if (item) for (const m of scratch.messages) warn(entry, m);
  return item;
}
