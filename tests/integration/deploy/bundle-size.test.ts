import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CANDIDATE_EXAM_BUDGET_BYTES, CANDIDATE_EXAM_PAGE, defaultClientDist, formatPage, measurePages, type PageSize } from '../../../client/bundle-size.ts';
import { ensureBuilt } from '../../helpers/build.ts';
import { splitStrings, type StringTable } from '../../../client/src/i18n/parts.ts';
import { zhCN } from '../../../client/src/i18n/zh-CN.ts';

describe('the candidate exam page budget (built client)', () => {
  let pages: PageSize[];
  beforeAll(async () => {
    await ensureBuilt();
    pages = measurePages();
  }, 300_000);

  it('sends at most the budget of JavaScript, gzip-compressed, on a cold cache', () => {
    const exam = pages.find((p) => p.name === CANDIDATE_EXAM_PAGE)!;
    process.stdout.write(`${formatPage(exam)}\n`);
    expect(exam.total.gzip).toBeLessThanOrEqual(CANDIDATE_EXAM_BUDGET_BYTES);
  });

  it('keeps the staff pages and their libraries out of every candidate page', () => {
    const adminOnly = /(AdminLayout|AdminPage|BanksPage|BankPage|PapersPage|PlansPage|ProctorPage|GradingPage|StaffPage|StaffAccountsPage|StaffingPage|AuditPage|Application\w*Page|pdf|xlsx|exceljs|chart)/i;
    for (const page of pages) {
      // Names without their content hash (a hash may spell "pdf").
      const leaked = page.chunks.map((c) => c.file.replace(/-[\w-]{8}\.js$/, '')).filter((f) => adminOnly.test(f));
      expect(leaked, page.name).toEqual([]);
    }
  });

  it('loads the Markdown renderer only with a skills task, and every chunk has its compressed copies', () => {
    const exam = pages.find((p) => p.name === CANDIDATE_EXAM_PAGE)!;
    expect(exam.chunks.filter((c) => c.lazy).map((c) => c.file)).toEqual([expect.stringMatching(/TaskMarkdown/)]);
    // The build compresses every file from 1 kB up; the server sends those copies as they are.
    for (const c of exam.chunks.filter((x) => x.raw >= 1024)) {
      for (const ext of ['.gz', '.br']) expect(fs.existsSync(path.join(defaultClientDist, c.file + ext)), c.file + ext).toBe(true);
    }
  });

  it('ships marked without its parser and Socket.IO without long-polling (client/vendor-plugins.ts)', () => {
    const exam = pages.find((p) => p.name === CANDIDATE_EXAM_PAGE)!;
    const code = exam.chunks.map((c) => fs.readFileSync(path.join(defaultClientDist, c.file), 'utf8')).join('\n');
    // Present only in what was left out: marked's default instance, engine.io's XHR polling.
    expect(code).toContain('websocket');
    expect(code).not.toContain('marked(): input parameter');
    expect(code).not.toContain('xhr poll error');
  });

  it('gives the candidate pages every string their code names (the office part is never loaded there)', () => {
    const table = zhCN as unknown as StringTable;
    const { candidate } = splitStrings(table);
    const lookup = (t: unknown, path: string) => path.split('.').reduce<unknown>((n, k) => (n && typeof n === 'object' ? (n as StringTable)[k] : undefined), t);
    // The app's own sources in the candidate pages' chunks, from the build's source maps.
    const sources = new Map<string, string>();
    for (const page of pages) {
      // The strings' own chunks are generated data, without a map.
      for (const c of page.chunks.filter((x) => fs.existsSync(path.join(defaultClientDist, `${x.file}.map`)))) {
        const map = JSON.parse(fs.readFileSync(path.join(defaultClientDist, `${c.file}.map`), 'utf8')) as { sources: string[]; sourcesContent?: string[] };
        map.sources.forEach((src, i) => {
          // parts.ts names the office sections themselves.
          if (!src.includes('node_modules') && /client\/src\//.test(src) && !src.endsWith('i18n/parts.ts')) sources.set(src, map.sourcesContent?.[i] ?? '');
        });
      }
    }
    expect(sources.size).toBeGreaterThan(20);
    const sections = new Set(Object.keys(table));
    const missing: string[] = [];
    let named = 0;
    for (const [src, code] of sources) {
      // 'exam.next' in t('exam.next'), and the fixed start of `proctor.incident.${kind}`.
      for (const m of code.matchAll(/['"`]([a-zA-Z]+(?:\.[a-zA-Z0-9_]+)*)(\.\$\{|['"`])/g)) {
        const key = m[1]!;
        if (!sections.has(key.split('.')[0]!) || !key.includes('.')) continue;
        // errors.detail.<key> is worded when the server sends the key, and falls back to the code's text.
        if (key === 'errors.detail') continue;
        named += 1;
        if (lookup(table, key) !== undefined && lookup(candidate, key) === undefined) missing.push(`${key} (${src})`);
      }
    }
    expect(named).toBeGreaterThan(50);
    expect(missing).toEqual([]);
  });
});

