import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importMessagesEn } from '../../../../client/src/i18n/importMessages.en.ts';
import { importMessagesZhCN } from '../../../../client/src/i18n/importMessages.zh-CN.ts';
import { detectFormat, importBank } from '../../../../server/src/features/banks/formats/index.ts';
import type { ImportOptions, ImportResult } from '../../../../server/src/features/banks/formats/types.ts';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const ours = here('../../../fixtures/qbank');
const thirdParty = here('../../../../../shared/fixtures/qbank');

const filesUnder = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? filesUnder(path.join(dir, d.name)) : /\.(txt|xml|xlsx|csv|tsv)$/.test(d.name) ? [path.join(dir, d.name)] : []));

const lookup = (table: object, key: string) => key.split('.').reduce<unknown>((node, k) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[k] : undefined), table);

async function importAll(dir: string): Promise<{ file: string; result: ImportResult }[]> {
  const out: { file: string; result: ImportResult }[] = [];
  for (const file of filesUnder(dir)) {
    const content = fs.readFileSync(file);
    const options: ImportOptions = { fileName: path.basename(file), idPrefix: 'K', levels: [4], area: 'network-basics', difficulty: 3 };
    try {
      detectFormat(content, options.fileName);
      out.push({ file, result: await importBank(content, options) });
    } catch {
      // Files that are refused as a whole (broken fixtures, tests, unknown formats) have no report lines.
    }
  }
  return out;
}

function unworded(results: { file: string; result: ImportResult }[]): string[] {
  const missing = new Set<string>();
  for (const { result } of results) {
    for (const m of result.report.flatMap((e) => e.messages)) {
      if (typeof m === 'string') continue;
      if (typeof lookup(importMessagesZhCN, m.key) !== 'string') missing.add(`zh-CN ${m.key}`);
      if (typeof lookup(importMessagesEn, m.key) !== 'string') missing.add(`en ${m.key}`);
    }
  }
  return [...missing];
}

/** Every keyed report line the importers write has its wording in both string tables. */
describe('import report keys', () => {
  it('are worded in zh-CN and en for every line our fixtures produce', async () => {
    const results = await importAll(ours);
    expect(results.filter((r) => r.result.report.some((e) => e.messages.some((m) => typeof m !== 'string'))).length).toBeGreaterThan(3);
    expect(unworded(results)).toEqual([]);
  });

  it('are worded for every key written in the importers\' source', () => {
    const dir = here('../../../../server/src/features/banks/formats');
    const keys = new Set(
      fs
        .readdirSync(dir)
        .flatMap((f) => [...fs.readFileSync(path.join(dir, f), 'utf8').matchAll(/(?:msg|report)\('([a-z0-9]+\.[A-Za-z0-9.]+)'|key: '([a-z0-9]+\.[A-Za-z0-9.]+)'/g)])
        .map((m) => m[1] ?? m[2]!),
    );
    expect(keys.size).toBeGreaterThan(30);
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
