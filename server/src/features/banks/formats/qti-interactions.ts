import { fail, msg, optionIdAt, warn } from './common.ts';
import { renderNodes, toMarkdown, type BodyContext } from './qti-body.ts';
import { elements, findAll, parseNumber, textOf, type XElement } from './qti-common.ts';
import type { ImportReportEntry } from './types.ts';

export type Mapping = { entries: { key: string; value: number }[]; upper: number | null; defaultValue: number };
export type Declaration = { identifier: string; cardinality: string; baseType: string; correct: string[]; mapping: Mapping | null };

/** The answer side of an item, per interaction: type-specific fields plus notes for the explanation. */
export type AnswerPart = { fields: Record<string, unknown>; notes: string[] };

const TRUE_WORDS = new Set(['true', '正确', '对', '√', '✓', 'richtig', 'wahr', 'vrai', 'waar', 'juist']);
const FALSE_WORDS = new Set(['false', '错误', '错', '×', '✗', 'falsch', 'faux', 'onwaar', 'onjuist']);
const word = (s: string) => s.trim().toLowerCase().replace(/[.!。！]+$/, '');

const round = (x: number) => Math.round(x * 1e7) / 1e7;

export function mapChoice(ia: XElement, decl: Declaration, ctx: BodyContext, entry: ImportReportEntry): AnswerPart | null {
  const choices = elements(ia, 'simpleChoice');
  const notes: string[] = [];
  let withFeedback = 0;
  const options = choices.map((c, i) => {
    const feedback = findAll(c, (e) => e.name === 'feedbackInline' || e.name === 'feedbackBlock');
    const text = toMarkdown(renderNodes(c.children, ctx, (e) => (feedback.includes(e) ? '' : undefined)), ctx);
    for (const f of feedback) {
      const note = toMarkdown(renderNodes(f.children, ctx), ctx);
      if (note) notes.push(`${text}: ${note}`);
    }
    if (feedback.length > 0) withFeedback++;
    return { id: optionIdAt(i), text };
  });
  if (withFeedback > 0) warn(entry, msg('qti.choiceFeedbackMoved', { count: withFeedback }));
  const idOf = new Map(choices.map((c, i) => [c.attrs.identifier ?? '', optionIdAt(i)]));
  if (decl.baseType && decl.baseType !== 'identifier') {
    fail(entry, msg('qti.baseType', { baseType: decl.baseType }));
    return null;
  }

  let correctSrc = decl.correct;
  if (correctSrc.length === 0 && decl.cardinality === 'multiple' && decl.mapping) {
    correctSrc = decl.mapping.entries.filter((e) => e.value > 0 && idOf.has(e.key)).map((e) => e.key);
    if (correctSrc.length > 0) warn(entry, msg('qti.correctFromMapping'));
  }
  if (correctSrc.length === 0) {
    fail(entry, msg('qti.noCorrectResponse'));
    return null;
  }
  const unknown = correctSrc.filter((k) => !idOf.has(k));
  if (unknown.length > 0) {
    fail(entry, msg('qti.correctNotAChoice', { values: unknown.map((k) => `"${k}"`).join(', ') }));
    return null;
  }
  const answer = correctSrc.map((k) => idOf.get(k)!);

  if (decl.cardinality === 'single') {
    if (answer.length > 1) {
      fail(entry, msg('qti.singleManyCorrect', { count: answer.length }));
      return null;
    }
    if (decl.mapping) warn(entry, msg('qti.mappingIgnored'));
    const tf = trueFalse(options);
    if (tf) return { fields: { type: 'truefalse', answer: answer[0] === tf }, notes };
    return { fields: { type: 'single', options, answer: answer[0] }, notes };
  }
  if (decl.cardinality !== 'multiple') {
    fail(entry, msg('qti.cardinality', { cardinality: decl.cardinality }));
    return null;
  }
  if (answer.length === 1) {
    warn(entry, msg('import.multiWithOneAnswer'));
    return { fields: { type: 'single', options, answer: answer[0] }, notes };
  }
  const fractions = decl.mapping ? fractionsOf(decl.mapping, idOf, options.map((o) => o.id), entry) : undefined;
  return { fields: { type: 'multi', options, answer, ...(fractions ? { fractions } : {}) }, notes };
}

/** Two choices reading true/false (正确/错误, 对/错, Richtig/Falsch…): the option id of the "true" one. */
function trueFalse(options: { id: string; text: string }[]): string | null {
  if (options.length !== 2) return null;
  const [a, b] = options as [{ id: string; text: string }, { id: string; text: string }];
  if (TRUE_WORDS.has(word(a.text)) && FALSE_WORDS.has(word(b.text))) return a.id;
  if (TRUE_WORDS.has(word(b.text)) && FALSE_WORDS.has(word(a.text))) return b.id;
  return null;
}

/**
 * QTI scores a response as the sum of its mapped values, capped at upperBound. A fraction of the
 * item's points is therefore mappedValue / upperBound, or / the sum of positive values without one.
 */
function fractionsOf(mapping: Mapping, idOf: Map<string, string>, optionIds: string[], entry: ImportReportEntry) {
  const valid = mapping.entries.filter((e) => {
    if (!Number.isFinite(e.value)) warn(entry, msg('qti.mappingNoValue', { key: e.key }));
    else if (!idOf.has(e.key)) warn(entry, msg('qti.mappingNoChoice', { key: e.key }));
    else return true;
    return false;
  });
  const positive = valid.reduce((sum, e) => sum + Math.max(0, e.value), 0);
  const divisor = mapping.upper !== null && mapping.upper > 0 ? mapping.upper : positive;
  if (divisor <= 0) {
    warn(entry, msg('qti.mappingNothingPositive'));
    return undefined;
  }
  const fractions: Record<string, number> = {};
  let clamped = false;
  const put = (id: string, value: number) => {
    const f = round(value / divisor);
    clamped ||= f < -1 || f > 1;
    fractions[id] = Math.min(1, Math.max(-1, f));
  };
  for (const e of valid) put(idOf.get(e.key)!, e.value);
  // Unmapped choices score the mapping's default value.
  if (mapping.defaultValue !== 0) for (const id of optionIds) if (!(id in fractions)) put(id, mapping.defaultValue);
  if (clamped) warn(entry, msg('qti.fractionsClamped'));
  return Object.fromEntries(optionIds.filter((id) => id in fractions).map((id) => [id, fractions[id]!]));
}

type Criterion = { id: string; text: string; points: number };

/**
 * A grader rubric block holding a table of criteria (id, text, points — or text, points) is the
 * rubric; it is what the exporter writes. Other grader guidance becomes one criterion (it must not
 * reach candidates through the explanation). Otherwise one default criterion.
 */
function rubricOf(ctx: BodyContext, entry: ImportReportEntry, points: number | null): Criterion[] {
  for (const [i, block] of ctx.hiddenRubrics.entries()) {
    for (const table of findAll(block, (e) => e.name === 'table')) {
      const criteria = criteriaOf(table);
      if (criteria) {
        ctx.hiddenRubrics.splice(i, 1);
        return criteria;
      }
    }
  }
  const p = points !== null && points <= 100 ? points : 10;
  const guidance = ctx.hiddenRubrics.map((b) => toMarkdown(renderNodes(b.children, ctx), ctx)).filter(Boolean).join('\n\n');
  if (guidance && guidance.length <= 1000) {
    ctx.hiddenRubrics.length = 0;
    warn(entry, msg('qti.rubricBlockAsCriterion', { points: p }));
    return [{ id: 'a', text: guidance, points: p }];
  }
  warn(entry, msg('import.rubricCreated', { points: p }));
  return [{ id: 'a', text: '按参考答案评分', points: p }];
}

function criteriaOf(table: XElement): Criterion[] | null {
  const rows = findAll(table, (e) => e.name === 'tr').filter((tr) => elements(tr, 'td').length > 0);
  if (rows.length === 0) return null;
  const criteria: Criterion[] = [];
  for (const [i, tr] of rows.entries()) {
    const cells = elements(tr, 'td').map((td) => textOf(td).trim());
    if (cells.length !== 2 && cells.length !== 3) return null;
    const points = parseNumber(cells[cells.length - 1]);
    const text = cells[cells.length - 2] ?? '';
    if (points === null || points <= 0 || !text) return null;
    const given = cells.length === 3 ? cells[0]! : '';
    const id = /^[a-z0-9]{1,16}$/.test(given) && !criteria.some((c) => c.id === given) ? given : optionIdAt(i);
    criteria.push({ id, text, points });
  }
  return criteria;
}

export function mapExtendedText(decl: Declaration, ctx: BodyContext, entry: ImportReportEntry, points: number | null): AnswerPart {
  const accepted = decl.mapping ? decl.mapping.entries.filter((e) => e.value > 0 && e.key).map((e) => e.key) : [];
  if (accepted.length > 0) warn(entry, msg('import.acceptedAsReference', { count: accepted.length }));
  const answers = [...new Set([...decl.correct.filter(Boolean), ...accepted])];
  const rubric = rubricOf(ctx, entry, points);
  return { fields: { type: 'short-answer', rubric, ...(answers.length > 0 ? { referenceAnswer: answers.join('\n') } : {}) }, notes: [] };
}

export function mapUpload(ia: XElement, ctx: BodyContext, entry: ImportReportEntry, points: number | null): AnswerPart {
  const stated = parseNumber(ia.attrs['data-screenshots']);
  const screenshots = stated !== null && Number.isInteger(stated) && stated >= 0 && stated <= 20 ? stated : 1;
  if (stated === null) warn(entry, msg('qti.screenshotsDefault'));
  else if (screenshots !== stated) warn(entry, msg('qti.screenshotsInvalid', { value: ia.attrs['data-screenshots'] ?? '' }));
  const type = ia.attrs.type ?? ia.attrs['data-type'];
  if (type && !/^image\//.test(type)) warn(entry, msg('qti.uploadType', { type }));
  return { fields: { type: 'practical', screenshots, rubric: rubricOf(ctx, entry, points) }, notes: [] };
}
