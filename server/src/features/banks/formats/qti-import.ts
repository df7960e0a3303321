import type { BankItem } from '@shared/bank.ts';
import { fail, finishItem, itemIdFor, msg, nativeDefaults, newEntry, unreadable, warn } from './common.ts';
import { ImportFileError } from './import-error.ts';
import { newBodyContext, renderNodes, toMarkdown, type BodyContext } from './qti-body.ts';
import { mapChoice, mapExtendedText, mapUpload, type AnswerPart, type Declaration } from './qti-interactions.ts';
import { elements, findAll, firstElement, isTest, itemDialect, parseNumber, parseXml, textOf, type Dialect, type XElement } from './qti-common.ts';
import type { ImportOptions, ImportReportEntry, ImportResult, PackageFiles } from './types.ts';

/** QTI 2.1 / 3.0 item import: one choice, extended-text or upload interaction per item. */

const LABEL: Record<Dialect, string> = { qti21: 'QTI 2.1', qti30: 'QTI 3.0' };
const SUPPORTED = ['choiceInteraction', 'extendedTextInteraction', 'uploadInteraction'];

export function importQti(content: Buffer, options: ImportOptions, dialect: Dialect, files?: PackageFiles): ImportResult {
  const root = parseXml(content, options.fileName);
  const items: BankItem[] = [];
  const report: ImportReportEntry[] = [];
  sourceItems(root, dialect, options.fileName).forEach((el, i) => {
    const entry = newEntry(i + 1, el.attrs.identifier ?? null);
    const item = importOne(el, dialect, entry, options, files);
    report.push(entry);
    if (item) items.push(item);
  });
  return { format: dialect, items, report };
}

/** The item itself, or the element children of a wrapper holding items (one level deep). */
function sourceItems(root: XElement, dialect: Dialect, fileName: string): XElement[] {
  const own = itemDialect(root);
  if (own === dialect) return [root];
  if (own) throw new ImportFileError('qti.otherDialect', { found: LABEL[own], expected: LABEL[dialect] });
  if (isTest(root)) throw new ImportFileError('qti.testOnly');
  const children = elements(root);
  if (!children.some((c) => itemDialect(c) !== null)) throw new ImportFileError('format.noQuestions', { format: LABEL[dialect] });
  return children;
}

function importOne(el: XElement, dialect: Dialect, entry: ImportReportEntry, options: ImportOptions, files: PackageFiles | undefined): BankItem | null {
  const found = itemDialect(el);
  if (found !== dialect) {
    fail(entry, found ? msg('qti.otherDialectItem', { found: LABEL[found], expected: LABEL[dialect] }) : msg('qti.notAnItem', { element: el.raw }));
    return null;
  }
  try {
    const candidate = buildItem(el, itemIdFor(options, entry.index), entry, files);
    if (!candidate) return null;
    // The defaults' warnings only matter for an item that is imported.
    const scratch = newEntry(entry.index, null);
    const item = finishItem({ id: itemIdFor(options, entry.index), ...nativeDefaults(options, scratch), ...candidate }, entry);
    if (item) for (const m of scratch.messages) warn(entry, m);
    return item;
  } catch (err) {
    fail(entry, unreadable(err));
    return null;
  }
}

function declarations(el: XElement): Map<string, Declaration> {
  const out = new Map<string, Declaration>();
  for (const d of elements(el, 'responseDeclaration')) {
    const m = firstElement(d, 'mapping');
    const values = (parent: XElement | undefined) => (parent ? elements(parent, 'value').map((v) => textOf(v).trim()) : []);
    out.set(d.attrs.identifier ?? '', {
      identifier: d.attrs.identifier ?? '',
      cardinality: d.attrs.cardinality ?? 'single',
      baseType: d.attrs.baseType ?? '',
      correct: values(firstElement(d, 'correctResponse')),
      mapping: m
        ? {
            entries: elements(m, 'mapEntry').map((e) => ({ key: (e.attrs.mapKey ?? '').trim(), value: parseNumber(e.attrs.mappedValue) ?? NaN })),
            upper: parseNumber(m.attrs.upperBound),
            defaultValue: parseNumber(m.attrs.defaultValue) ?? 0,
          }
        : null,
    });
  }
  return out;
}

/** The item's maximum score as the source states it (SCORE's normal maximum, or a MAXSCORE outcome). */
function maxScore(el: XElement): number | null {
  const outcomes = elements(el, 'outcomeDeclaration');
  const score = outcomes.find((o) => o.attrs.identifier === 'SCORE');
  const normal = parseNumber(score?.attrs.normalMaximum);
  if (normal !== null && normal > 0) return normal;
  const max = outcomes.find((o) => o.attrs.identifier === 'MAXSCORE');
  const dv = max && firstElement(max, 'defaultValue');
  const value = dv && firstElement(dv, 'value');
  const n = value ? parseNumber(textOf(value)) : null;
  return n !== null && n > 0 ? n : null;
}

function buildItem(el: XElement, id: string, entry: ImportReportEntry, files: PackageFiles | undefined): Record<string, unknown> | null {
  if (firstElement(el, 'templateDeclaration') || firstElement(el, 'templateProcessing')) {
    fail(entry, msg('qti.templateVariables'));
    return null;
  }
  const body = firstElement(el, 'itemBody');
  if (!body) {
    fail(entry, msg('qti.noItemBody'));
    return null;
  }
  const interactions = findAll(body, (e) => e.name.endsWith('Interaction'));
  if (interactions.length !== 1) {
    fail(entry, interactions.length === 0 ? msg('qti.noInteraction') : msg('qti.manyInteractions', { count: interactions.length, names: interactions.map((i) => i.raw).join(', ') }));
    return null;
  }
  const ia = interactions[0]!;
  if (!SUPPORTED.includes(ia.name)) {
    fail(entry, msg('qti.unsupportedInteraction', { name: ia.raw }));
    return null;
  }
  const decl = declarations(el).get(ia.attrs.responseIdentifier ?? '');
  if (!decl) {
    fail(entry, msg('qti.undeclaredResponse', { name: ia.raw, response: ia.attrs.responseIdentifier ?? '' }));
    return null;
  }

  const ctx = newBodyContext(id, files);
  const prompt = firstElement(ia, 'prompt');
  let stem = toMarkdown(renderNodes(body.children, ctx, (e) => (e === ia ? (prompt ? renderNodes(prompt.children, ctx) : '') : undefined)), ctx);
  const points = maxScore(el);
  const part: AnswerPart | null =
    ia.name === 'choiceInteraction'
      ? mapChoice(ia, decl, ctx, entry)
      : ia.name === 'extendedTextInteraction'
        ? mapExtendedText(decl, ctx, entry, points)
        : mapUpload(ia, ctx, entry, points);
  if (!part) return null;
  if (!stem) {
    const title = el.attrs.title?.trim();
    if (!title) {
      fail(entry, msg('import.noStem'));
      return null;
    }
    warn(entry, msg('qti.titleAsStem'));
    stem = title;
  }
  const explanation = explanationOf(el, ctx, entry, part.notes);
  for (const w of ctx.warnings.values()) warn(entry, w);
  return {
    stem,
    ...part.fields,
    ...(explanation ? { explanation } : {}),
    ...(ctx.media.length > 0 ? { media: ctx.media } : {}),
  };
}

/**
 * Everything the candidate would see after answering, in one explanation: modal feedback, feedback
 * in the body or on choices, and rubric blocks for graders that did not become the rubric.
 */
function explanationOf(el: XElement, ctx: BodyContext, entry: ImportReportEntry, notes: string[]): string | undefined {
  const parts: string[] = [];
  const modal = elements(el, 'modalFeedback');
  for (const m of modal) parts.push(toMarkdown(renderNodes(m.children, ctx), ctx));
  if (modal.length > 0 && !(modal.length === 1 && alwaysShown(el, modal[0]!))) {
    warn(entry, msg('qti.modalFeedbackMerged', { count: modal.length }));
  }
  parts.push(...ctx.feedback.map((html) => toMarkdown(html, ctx)), ...notes);
  for (const r of ctx.hiddenRubrics) {
    parts.push(toMarkdown(renderNodes(r.children, ctx), ctx));
    warn(entry, msg('qti.rubricBlockMoved', { view: r.attrs.view ?? '-' }));
  }
  const distinct = [...new Set(parts.filter(Boolean))];
  return distinct.length > 0 ? distinct.join('\n\n') : undefined;
}

/** The exporter's pattern: an outcome whose default value names the feedback, so it always shows. */
function alwaysShown(item: XElement, fb: XElement): boolean {
  if ((fb.attrs.showHide ?? 'show') !== 'show') return false;
  const outcome = elements(item, 'outcomeDeclaration').find((o) => o.attrs.identifier === fb.attrs.outcomeIdentifier);
  const dv = outcome && firstElement(outcome, 'defaultValue');
  return !!dv && elements(dv, 'value').some((v) => textOf(v).trim() === fb.attrs.identifier);
}
