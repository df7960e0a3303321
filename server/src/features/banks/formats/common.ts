import { bankItemSchema, knowledgeAreas, type BankItem, type KnowledgeArea } from '@shared/bank.ts';
import type { MessageParams } from '@shared/errors.ts';
import { ImportFileError } from './import-error.ts';
import { itemDoubts } from './item-checks.ts';
import type { ImportMessage, ImportOptions, ImportReportEntry } from './types.ts';

/** Pieces every importer needs: ids, areas from category names, HTML to Markdown, validation. */

export function itemIdFor(options: ImportOptions, index: number): string {
  return `${options.idPrefix}-${String(index).padStart(3, '0')}`;
}

const areaByName = new Map<string, KnowledgeArea>(
  (Object.entries(knowledgeAreas) as [KnowledgeArea, { zh: string; en: string }][]).flatMap(([key, names]) => [
    [key.toLowerCase(), key],
    [names.zh.toLowerCase(), key],
    [names.en.toLowerCase(), key],
  ]),
);

/** Maps a category path such as "$course$/top/防火墙与访问控制" to a knowledge area, using its last matching segment. */
export function areaFromCategory(category: string | null | undefined): KnowledgeArea | null {
  if (!category) return null;
  const segments = category.split(/[/>]/).map((s) => s.trim().toLowerCase()).filter(Boolean).reverse();
  for (const s of segments) {
    const hit = areaByName.get(s);
    if (hit) return hit;
  }
  return null;
}

export { htmlToMarkdown, plainToMarkdown } from './html-markdown.ts';

/** Validates a built item against the bank schema; the report entry gets the schema's messages. */
export function finishItem(candidate: unknown, entry: ImportReportEntry): BankItem | null {
  const parsed = bankItemSchema.safeParse(candidate);
  if (!parsed.success) {
    entry.status = 'error';
    entry.itemId = null;
    entry.messages.push(...parsed.error.issues.map(schemaMessage));
    return null;
  }
  entry.messages.push(...itemDoubts(parsed.data));
  if (entry.status !== 'warning' && entry.messages.length > 0) entry.status = 'warning';
  entry.itemId = parsed.data.id;
  return parsed.data;
}

export function newEntry(index: number, sourceRef: string | null): ImportReportEntry {
  return { index, sourceRef, itemId: null, status: 'imported', messages: [] };
}

/** A keyed report line (see ImportMessage). */
export const msg = (key: string, params?: Record<string, string | number>): ImportMessage => (params ? { key, params } : { key });

export const sameMessage = (a: ImportMessage, b: ImportMessage) => a.key === b.key && JSON.stringify(a.params ?? {}) === JSON.stringify(b.params ?? {});

/** A line the entry already has is not said again (one missing picture shown three times in an item). */
export function warn(entry: ImportReportEntry, message: ImportMessage): void {
  if (entry.messages.some((m) => sameMessage(m, message))) return;
  entry.messages.push(message);
  if (entry.status === 'imported') entry.status = 'warning';
}

export function fail(entry: ImportReportEntry, message: ImportMessage): void {
  entry.messages.push(message);
  entry.status = 'error';
  entry.itemId = null;
}

/** The fields a foreign format lacks, filled from the options with a warning naming each. */
export function nativeDefaults(options: ImportOptions, entry: ImportReportEntry, category?: string | null) {
  const area = areaFromCategory(category);
  if (!area) warn(entry, msg(category ? 'import.defaultAreaUnmatched' : 'import.defaultArea', { area: options.area, ...(category ? { category } : {}) }));
  return { levels: options.levels, area: area ?? options.area, difficulty: options.difficulty, tags: [] as string[] };
}

/**
 * Why something was refused, as a report line's values: `reason`, the English text; and for a
 * refusal of ours its key and values (`reasonKey`, `reason:<name>`), which the page words in its own
 * language (errors.detail.bankImport.<key>, client/src/admin/importMessageText.ts).
 */
export function reasonParams(err: unknown): MessageParams {
  if (!(err instanceof ImportFileError)) return { reason: err instanceof Error ? err.message : String(err) };
  return { reason: err.message, reasonKey: err.key, ...Object.fromEntries(Object.entries(err.params).map(([name, value]) => [`reason:${name}`, value])) };
}

/** A line that failed for an unexpected reason: unless it is a refusal of ours, the thrown message, which nobody words. */
export const unreadable = (err: unknown) => msg('import.unreadable', reasonParams(err));

// zod's issue codes, worded under importMessages.item.invalid.* (camelCase: i18next reads "_" as a plural or context suffix).
const SCHEMA_ISSUE: Record<string, string> = {
  too_small: 'tooSmall',
  too_big: 'tooBig',
  invalid_type: 'invalidType',
  invalid_format: 'invalidFormat',
  invalid_value: 'invalidValue',
  invalid_union: 'invalidUnion',
  unrecognized_keys: 'unrecognizedKeys',
  not_multiple_of: 'notMultipleOf',
};

/** A bank-schema problem of a built item: the field, the kind of problem and its bound. */
function schemaMessage(issue: { path: PropertyKey[]; code: string }): ImportMessage {
  const params: Record<string, string | number> = { field: issue.path.map(String).join('.') || 'item' };
  for (const bound of ['minimum', 'maximum'] as const) {
    const v = (issue as unknown as Record<string, unknown>)[bound];
    if (typeof v === 'number' || typeof v === 'bigint') params[bound] = Number(v);
  }
  return msg(`item.invalid.${SCHEMA_ISSUE[issue.code] ?? 'custom'}`, params);
}

/** Option ids a, b, c… in source order. */
export const optionIdAt = (i: number) => String.fromCharCode(97 + i);
