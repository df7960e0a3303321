import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorDetailEn, errorIssueEn } from '../../../client/src/i18n/errors.en.ts';
import { errorDetailZhCN, errorIssueZhCN } from '../../../client/src/i18n/errors.zh-CN.ts';
import { importMessagesEn } from '../../../client/src/i18n/importMessages.en.ts';
import { importMessagesZhCN } from '../../../client/src/i18n/importMessages.zh-CN.ts';
import { OFFICE_SECTIONS } from '../../../client/src/i18n/parts.ts';
import { errorKeysIn, keyedThrowsIn, stringKeys, type Table } from './error-key-scan.ts';

/**
 * Every error the server throws travels with a key the client words in both languages: a throw
 * without a key, or a key missing from a table, would put the server's English (or the code's
 * generic text) on a zh-CN screen. The source is scanned, so a new throw is covered the day it lands.
 */
const root = path.resolve(import.meta.dirname, '../../..');
const sourcesOf = (dir: string) =>
  fs
    .readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ file: path.join(dir, f), text: fs.readFileSync(path.join(root, dir, f), 'utf8') }));
const server = sourcesOf('server/src');
const shared = sourcesOf('shared');

const detailZh = stringKeys(errorDetailZhCN as unknown as Table);
const detailEn = stringKeys(errorDetailEn as unknown as Table);
const issueZh = stringKeys(errorIssueZhCN as unknown as Table);
const issueEn = stringKeys(errorIssueEn as unknown as Table);
/**
 * Bank files are read in a worker whose refusals carry keys relative to `bankImport` (the service
 * prefixes them when it turns one into an HTTP error), and whose report lines are keys of the import
 * report's own table: both are worded, only not under errors.detail's root.
 */
const importZh = stringKeys(importMessagesZhCN as unknown as Table);
const importEn = stringKeys(importMessagesEn as unknown as Table);
const worded = (key: string, detail: ReadonlySet<string>, importLines: ReadonlySet<string>) => held(key, detail) || held(`bankImport.${key}`, detail) || held(key, importLines);

/** A key with `${…}` in it names every entry below its fixed part; it must name at least one. */
function held(key: string, table: ReadonlySet<string>): boolean {
  if (!key.includes('*')) return table.has(key);
  const re = new RegExp(`^${key.split('*').map((p) => p.replace(/[.]/g, '\\.')).join('[A-Za-z]+')}$`);
  return [...table].some((k) => re.test(k));
}

describe('server error keys', () => {
  it('puts a key on every error the server throws', () => {
    const throws = server.flatMap(({ file, text }) => keyedThrowsIn(text).map((t) => ({ ...t, file })));
    expect(throws.length).toBeGreaterThan(150);
    const unkeyed = throws.filter((t) => !t.keyed).map((t) => `${t.file}:${t.line} new ${t.cls}(${t.args.slice(0, 80)})`);
    expect(unkeyed).toEqual([]);
  });

  it('finds every key the server sends in both the zh-CN and the English table', () => {
    const keys = new Set(server.flatMap(({ file, text }) => errorKeysIn(text).map((k) => `${k}\t${file}`)));
    expect(keys.size).toBeGreaterThan(100);
    const missing = [...keys].filter((entry) => {
      const key = entry.split('\t')[0]!;
      // zod.* are the field issues the error handler words by their zod code (errors.issue).
      return key.startsWith('zod.') ? !held(key, issueZh) || !held(key, issueEn) : !worded(key, detailZh, importZh) || !worded(key, detailEn, importEn);
    });
    expect(missing).toEqual([]);
  });

  it('words the generic invalid input the error handler sends without a dot', () => {
    expect(detailZh.has('invalidInput') && detailEn.has('invalidInput')).toBe(true);
  });

  it('finds the keys of shared schema refinements among the field wordings of both tables', () => {
    const keys = new Set(shared.flatMap(({ text }) => errorKeysIn(text)));
    expect(keys.size).toBeGreaterThan(3);
    // The shared issue mapper (shared/errors.ts) names `zod.${code}`: a key with a wildcard, held like the server's.
    const wording = (zh: boolean) => (key: string) => (zh ? held(key, issueZh) || held(key, detailZh) : held(key, issueEn) || held(key, detailEn));
    expect([...keys].filter((k) => !wording(true)(k) || !wording(false)(k))).toEqual([]);
  });

  it('keeps the zh-CN and English tables to the same keys', () => {
    expect([...detailEn].sort()).toEqual([...detailZh].sort());
    expect([...issueEn].sort()).toEqual([...issueZh].sort());
  });

  it('words every zh-CN entry in Chinese and keeps the placeholders of both languages alike', () => {
    const zh = new Map(Object.entries(flat(errorDetailZhCN as unknown as Table)));
    const en = flat(errorDetailEn as unknown as Table);
    for (const [key, text] of zh) {
      expect(text, key).toMatch(/[\u4e00-\u9fff]/);
      expect(placeholders(en[key] ?? ''), key).toEqual(placeholders(text));
    }
  });

  it('loads the errors candidates meet with the candidate strings, not the office part', () => {
    for (const area of ['auth', 'exam', 'evidence', 'image', 'screenshotImage', 'examStart', 'seb']) {
      expect(OFFICE_SECTIONS.some((s) => s === `errors.detail.${area}` || `errors.detail.${area}`.startsWith(`${s}.`))).toBe(false);
    }
  });
});

function flat(table: Table, prefix = ''): Record<string, string> {
  return Object.fromEntries(Object.entries(table).flatMap(([k, v]) => (typeof v === 'string' ? [[`${prefix}${k}`, v]] : Object.entries(flat(v, `${prefix}${k}.`)))));
}
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();
