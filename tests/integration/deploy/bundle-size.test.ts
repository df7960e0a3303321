import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CANDIDATE_EXAM_BUDGET_BYTES, CANDIDATE_EXAM_PAGE, defaultClientDist, formatPage, measurePages, type PageSize } from '../../../client/bundle-size.ts';
import { ensureBuilt } from '../../helpers/build.ts';

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
});
