import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { errorDetailEn } from '../../../client/src/i18n/errors.en.ts';
import { errorDetailZhCN } from '../../../client/src/i18n/errors.zh-CN.ts';

const source = (path: string) => fs.readFileSync(fileURLToPath(new URL(`../../../${path}`, import.meta.url)), 'utf8');
const files = ['shared/seb.ts', ...fs.readdirSync(fileURLToPath(new URL('../../../server/src/features/seb/', import.meta.url))).map((f) => `server/src/features/seb/${f}`)];

describe('seb error keys', () => {
  it('every key the seb feature sends is worded in zh-CN and en', () => {
    const keys = new Set(files.flatMap((f) => [...source(f).matchAll(/key: '(seb\.[A-Za-z]+)'/g)].map((m) => m[1]!)));
    expect([...keys].sort()).toEqual(['seb.browserExamKey', 'seb.httpUrl', 'seb.mismatch', 'seb.missing', 'seb.notSaved', 'seb.sittingNotFound', 'seb.urlFilterExpression']);
    for (const key of keys) {
      const name = key.slice('seb.'.length) as keyof typeof errorDetailZhCN.seb;
      expect(errorDetailZhCN.seb[name], key).toMatch(/[\u4e00-\u9fff]/);
      expect(errorDetailEn.seb[name], key).toMatch(/^[\x20-\x7e’]+$/);
    }
  });
});
