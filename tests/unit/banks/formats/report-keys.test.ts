import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importMessagesEn } from '../../../../client/src/i18n/importMessages.en.ts';
import { importMessagesZhCN } from '../../../../client/src/i18n/importMessages.zh-CN.ts';
import { detectFormat, importBank } from '../../../../server/src/features/banks/formats/index.ts';
import type { ImportOptions, ImportResult } from '../../../../server/src/features/banks/formats/types.ts';
import { isZip } from '../../../../server/src/features/banks/formats/zip.ts';

/**
 * Every line of an import report is a key the UI words in zh-CN and English, never English text:
 * every importer is run over our fixtures (report-lines/ holds files written to provoke the lines
 * no other fixture does), every line must be a worded key whose placeholders its values fill, and
 * every line the tables word must be provoked by some fixture, so a new line comes with its case.
 */

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const ours = here('../../../fixtures/qbank');
const thirdParty = here('../../../../../shared/fixtures/qbank');

const filesUnder = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? filesUnder(path.join(dir, d.name)) : /\.(txt|xml|xlsx|csv|tsv|zip)$/.test(d.name) ? [path.join(dir, d.name)] : []));

const lookup = (table: object, key: string) => key.split('.').reduce<unknown>((node, k) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[k] : undefined), table);
const keysOf = (table: object, prefix = ''): string[] => Object.entries(table).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keysOf(v as object, `${prefix}${k}.`)));
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]!);

async function importAll(dir: string): Promise<{ file: string; result: ImportResult }[]> {
  const out: { file: string; result: ImportResult }[] = [];
  for (const file of filesUnder(dir)) {
    const content = fs.readFileSync(file);
    // Type code 7 is mapped (to a word that is no type) and 9 is not: report-lines/lines.csv uses both.
    const options: ImportOptions = { fileName: path.basename(file), idPrefix: 'K', levels: [4], area: 'network-basics', difficulty: 3, typeCodes: { '7': '连线' } };
    try {
      // A zip (a workbook or a content package) is told apart by its entries, as importBank does.
      if (!isZip(content)) detectFormat(content, options.fileName);
      out.push({ file, result: await importBank(content, options) });
    } catch {
      // Files refused as a whole (hostile and broken fixtures, tests, unknown formats) have no report lines.
    }
  }
  return out;
}

/** Lines that are not a worded key, or whose wording names a value the line does not carry. */
function unworded(results: { file: string; result: ImportResult }[]): string[] {
  const wrong = new Set<string>();
  for (const { file, result } of results) {
    for (const m of result.report.flatMap((e) => e.messages) as unknown[]) {
      if (typeof m !== 'object' || m === null || typeof (m as { key?: unknown }).key !== 'string') {
        wrong.add(`${path.basename(file)}: not a keyed line: ${JSON.stringify(m)}`);
        continue;
      }
      const { key, params = {} } = m as { key: string; params?: Record<string, unknown> };
      for (const [lang, table] of [['zh-CN', importMessagesZhCN], ['en', importMessagesEn]] as const) {
        const text = lookup(table, key);
        if (typeof text !== 'string') wrong.add(`${lang} has no importMessages.${key}`);
        else for (const p of placeholders(text)) if (!(p in params)) wrong.add(`${lang} importMessages.${key} names {{${p}}}, which ${path.basename(file)} does not send`);
      }
    }
  }
  return [...wrong];
}

/**
 * Worded lines no fixture provokes, each with why: zod issue kinds the importers' own checks rule
 * out before the schema sees the item (item.invalid.* is worded per zod code, so none shows as a
 * raw code), an exception nobody expects, and a workbook picture in a format only a drawing
 * program writes (the unit tests build such a workbook in code).
 */
const NOT_PROVOKED = new Set([
  'item.invalid.custom',
  'item.invalid.invalidFormat',
  'item.invalid.invalidType',
  'item.invalid.invalidUnion',
  'item.invalid.invalidValue',
  'item.invalid.notMultipleOf',
  'item.invalid.unrecognizedKeys',
  'import.unreadable',
  'sheet.imageType',
]);

describe('import report keys', () => {
  it('are worded in zh-CN and en, with their values, for every line our fixtures produce', async () => {
    const results = await importAll(ours);
    expect(results.length).toBeGreaterThan(15);
    expect(unworded(results)).toEqual([]);
  });

  it('are each provoked by one of our fixtures', async () => {
    const seen = new Set((await importAll(ours)).flatMap(({ result }) => result.report.flatMap((e) => e.messages.map((m) => m.key))));
    const worded = keysOf(importMessagesZhCN);
    expect(worded.length).toBeGreaterThan(150);
    expect(worded.filter((k) => !seen.has(k) && !NOT_PROVOKED.has(k))).toEqual([]);
    // An exception that a fixture does provoke is no longer one.
    expect([...NOT_PROVOKED].filter((k) => seen.has(k))).toEqual([]);
  });

  it('are the same keys in zh-CN and en, and the zh-CN lines are Chinese', () => {
    expect(keysOf(importMessagesEn).sort()).toEqual(keysOf(importMessagesZhCN).sort());
    for (const key of keysOf(importMessagesZhCN)) {
      const zh = lookup(importMessagesZhCN, key) as string;
      expect(zh, key).toMatch(/[\u4e00-\u9fff]/);
      expect(placeholders(lookup(importMessagesEn, key) as string).sort(), key).toEqual(placeholders(zh).sort());
    }
  });

  it('are worded for every key written in the importers\' source', () => {
    const dir = here('../../../../server/src/features/banks/formats');
    const sections = Object.keys(importMessagesZhCN).join('|');
    // Every literal that reads like a report key, except the keys of whole-file refusals (errors.detail.bankImport.*, import-error.ts).
    const literal = new RegExp(`(?<!ImportFileError\\()'((?:${sections})\\.[A-Za-z0-9.]+)'`, 'g');
    const keys = new Set(fs.readdirSync(dir).filter((f) => f !== 'import-error.ts').flatMap((f) => [...fs.readFileSync(path.join(dir, f), 'utf8').matchAll(literal)].map((m) => m[1]!)));
    expect(keys.size).toBeGreaterThan(120);
    expect([...keys].filter((k) => typeof lookup(importMessagesZhCN, k) !== 'string' || typeof lookup(importMessagesEn, k) !== 'string')).toEqual([]);
  });

  const present = fs.existsSync(thirdParty);
  if (!present) console.info(`skipped: third-party bank fixtures not found at ${thirdParty}`);
  it.skipIf(!present)('are worded for every line the third-party bank files produce', async () => {
    const results = await importAll(thirdParty);
    expect(results.length).toBeGreaterThan(5);
    expect(unworded(results)).toEqual([]);
  });
});
