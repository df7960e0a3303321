import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page, type Response } from '@playwright/test';
import { loginAdmin, loginCandidate, loginStaff, startPart } from './login.ts';
import { pasteScreenshot } from './paste.ts';

/**
 * Hostile strings must stay inert in the admin pages, and every page must come with the security
 * headers. The candidate cannot name themselves, so the hostile text arrives the way an admin would
 * bring it in: a GIFT bank (fixture under tests/fixtures/qbank/xss/) whose titles, stems, options and
 * explanations carry markup, uploaded under a hostile file name and bank title.
 *
 * Uses candidate 2026040105 only (theory, then skills): the other demo tickets belong to the other
 * e2e tests. Also: a hostile answer and caption seen by a grader, a hostile applicant name seen by
 * the admin and on the proctor console.
 */

const giftFile = fileURLToPath(new URL('../fixtures/qbank/xss/hostile.gift.txt', import.meta.url));
const IMG = '<img src=x onerror="window.__xss=1">';
const SCRIPT = '<script>window.__xss=1</script>';
const HOSTILE_TITLE = `XSS-TITLE ${IMG}${SCRIPT}`;
const HOSTILE_FILE_NAME = `xss-${IMG.replaceAll('"', "'")}.gift.txt`;

type Documents = Map<string, Response>;

/** Records every main-document response of a page, by path. */
function recordDocuments(page: Page): Documents {
  const docs: Documents = new Map();
  page.on('response', (res) => {
    if (res.request().resourceType() === 'document' && res.request().frame() === page.mainFrame()) docs.set(new URL(res.url()).pathname, res);
  });
  return docs;
}

/** Nothing ran, nothing was fetched from the hostile `src=x`, and no live markup came out of the data. */
async function expectInert(page: Page, where: string) {
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss), `window.__xss after ${where}`).toBeUndefined();
  const live = await page.evaluate(() => ({
    handlers: document.querySelectorAll('[onerror], [onload], [onclick], [onmouseover]').length,
    scripts: [...document.scripts].filter((s) => (s.textContent ?? '').includes('__xss')).length,
    jsLinks: document.querySelectorAll('a[href^="javascript:" i], iframe[src^="javascript:" i]').length,
  }));
  expect(live, `live markup after ${where}`).toEqual({ handlers: 0, scripts: 0, jsLinks: 0 });
}

function expectSecurityHeaders(docs: Documents, paths: string[]) {
  for (const path of paths) {
    const res = docs.get(path);
    expect(res, `a document response for ${path}`).toBeDefined();
    const headers = res!.headers();
    expect(res!.status(), path).toBe(200);
    expect(headers['content-security-policy'], `CSP of ${path}`).toMatch(/frame-ancestors 'none'/);
    expect(headers['content-security-policy'], `CSP of ${path}`).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(headers['x-content-type-options'], `X-Content-Type-Options of ${path}`).toBe('nosniff');
  }
  // Every other document the test loaded carries them too.
  for (const [path, res] of docs) {
    expect(res.headers()['content-security-policy'], `CSP of ${path}`).toMatch(/frame-ancestors 'none'/);
    expect(res.headers()['x-content-type-options'], `X-Content-Type-Options of ${path}`).toBe('nosniff');
  }
}

test('a candidate saves answers; every candidate page is served with CSP and nosniff', async ({ page }) => {
  const docs = recordDocuments(page);
  await loginCandidate(page, '2026040105');
  await startPart(page, 'theory');
  await page.getByTestId('option-A').check();
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-state', 'saved');
  await page.getByTestId('next-item').click();
  await page.getByTestId('option-B').check();
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-state', 'saved');
  await expectInert(page, 'the exam page');
  // One part at a time: theory is submitted before the skills test below starts skills.
  await page.getByTestId('submit-button').click();
  await page.getByTestId('submit-confirm').click();
  await expect(page.getByTestId('session-ended')).toBeVisible();
  // Loaded as documents (not client-side navigation) so their headers can be checked.
  await page.goto('/exam');
  await expect(page.getByTestId('part-card-theory')).toBeVisible();
  expectSecurityHeaders(docs, ['/', '/exam']);
});

test('the admin bank pages show hostile question text literally and run none of it', async ({ page }) => {
  const docs = recordDocuments(page);
  // The hostile img has src=x: if it ever became an element, the browser would fetch it.
  const fetchedX: string[] = [];
  page.on('request', (req) => {
    if (/\/x$/.test(new URL(req.url()).pathname)) fetchedX.push(req.url());
  });
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });

  await loginAdmin(page);
  await page.goto('/admin');
  await expect(page).toHaveURL(/\/admin$/);
  await page.goto('/admin/banks');
  await expect(page.getByTestId('import-form')).toBeVisible();

  // Upload under a hostile file name and title.
  await page.getByTestId('import-file-input').setInputFiles({ name: HOSTILE_FILE_NAME, mimeType: 'text/plain', buffer: fs.readFileSync(giftFile) });
  await page.getByTestId('import-id-prefix').fill('XSS');
  await page.getByTestId('import-title').fill(HOSTILE_TITLE);
  await page.getByTestId('import-submit').click();
  await expect(page.getByTestId('import-report')).toBeVisible();
  await expect(page.getByTestId('import-format-detected')).toContainText(/gift/i);
  await expect(page.getByTestId('import-bank-created')).toBeVisible();
  // The report echoes the hostile GIFT title as text.
  await expect(page.getByTestId('import-report-row-1')).toContainText(IMG);
  await expectInert(page, 'the import report');

  await page.getByTestId('import-open-bank').click();
  await expect(page).toHaveURL(/\/admin\/banks\/\d+$/);
  await expect(page.getByTestId('bank-title')).toHaveText(HOSTILE_TITLE);
  await expect(page.getByTestId('items-total')).toHaveAttribute('data-total', '3');
  await expectInert(page, 'the bank page');

  // [plain] GIFT text keeps its markup: it must show as literal text.
  await page.getByTestId('item-open-XSS-001').click();
  const preview = page.getByTestId('item-preview');
  await expect(preview).toContainText('XSS-PLAIN-STEM');
  await expect(preview).toContainText(IMG);
  await expect(preview).toContainText(SCRIPT);
  await expect(preview).toContainText(`${IMG}XSS-OPT-A`);
  await expect(preview).toContainText(`${SCRIPT}XSS-OPT-B`);
  await expect(preview).toContainText('<svg onload="window.__xss=1">XSS-OPT-C');
  await expect(preview.locator('img, script, svg, iframe')).toHaveCount(0);
  const key = page.getByTestId('item-key');
  await expect(page.getByTestId('item-explanation')).toHaveText(`${IMG}${SCRIPT}XSS-EXPLANATION`);
  await expect(key.locator('img, script, svg, iframe')).toHaveCount(0);
  await expectInert(page, 'the preview of a [plain] item');
  await page.keyboard.press('Escape');
  await expect(preview).toBeHidden();

  // HTML-format GIFT text was converted on import: tags are gone or shown as Markdown text.
  await page.getByTestId('item-open-XSS-002').click();
  await expect(preview).toContainText('XSS-HTML-STEM');
  await expect(preview).toContainText('XSS-MULTI-A');
  await expect(preview).not.toContainText('<script');
  // Stems render as Markdown now: ![](x) and [link](javascript:…) keep their text as an image and a
  // link with no URL at all (the renderer drops URLs it does not allow), so nothing is fetched or run.
  await expect(preview.locator('img[src], script, svg, iframe, a[href]')).toHaveCount(0);
  await expectInert(page, 'the preview of a converted item');
  await page.keyboard.press('Escape');
  await expect(preview).toBeHidden();

  await page.getByTestId('item-open-XSS-003').click();
  await expect(preview).toContainText(`XSS-TF-STEM ${SCRIPT} ${IMG}`);
  await expect(preview.locator('img, script, svg, iframe')).toHaveCount(0);
  await expectInert(page, 'the preview of a true/false item');
  await page.keyboard.press('Escape');

  // The list of banks shows the hostile title and file name as text.
  await page.goto('/admin/banks');
  const table = page.getByTestId('banks-table');
  await expect(table).toContainText(HOSTILE_TITLE);
  await expect(table).toContainText(HOSTILE_FILE_NAME);
  await expect(table.locator('img, script, svg, iframe')).toHaveCount(0);
  await expectInert(page, 'the list of banks');

  // Defence in depth: the CSP itself refuses inline handlers, even if markup ever got into the DOM.
  await page.evaluate(() => {
    const probe = document.createElement('div');
    probe.id = 'csp-probe';
    probe.innerHTML = '<img src="data:," onerror="window.__xss=2">';
    document.body.appendChild(probe);
  });
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss), 'inline handler under the CSP').toBeUndefined();
  await page.evaluate(() => document.getElementById('csp-probe')?.remove());

  expect(fetchedX, 'requests for the hostile src=x').toEqual([]);
  expect(dialogs, 'dialogs opened by page script').toEqual([]);
  expectSecurityHeaders(docs, ['/', '/admin', '/admin/banks']);
});

test("a candidate's hostile answer and caption stay inert in the grader's view", async ({ browser }) => {
  test.setTimeout(180_000);
  const HOSTILE_ANSWER = `XSS-ANSWER ${IMG}${SCRIPT}`;
  const HOSTILE_CAPTION = `XSS-CAPTION ${IMG}`;
  const candidate = await browser.newPage();
  await loginCandidate(candidate, '2026040105');
  await startPart(candidate, 'skills');
  await candidate.getByTestId('text-answer').fill(HOSTILE_ANSWER);
  await candidate.getByTestId('text-answer').blur();
  await expect(candidate.getByTestId('save-status')).toHaveAttribute('data-state', 'saved');
  await candidate.getByTestId('nav-item-3').click();
  await pasteScreenshot(candidate, '#1971c2');
  await expect(candidate.getByTestId('screenshot-saved')).toHaveCount(1);
  await candidate.getByTestId('screenshot-caption').fill(HOSTILE_CAPTION);
  await candidate.getByTestId('screenshot-caption').blur();
  await expectInert(candidate, 'the skills page');
  await candidate.reload();
  await candidate.getByTestId('nav-item-3').click();
  await expect(candidate.getByTestId('screenshot-caption')).toHaveValue(HOSTILE_CAPTION);
  await candidate.getByTestId('submit-button').click();
  await candidate.getByTestId('submit-confirm').click();
  await expect(candidate.getByTestId('session-ended')).toBeVisible();

  const grader = await browser.newPage();
  await loginStaff(grader, 'grader', 'grader123', /\/grading$/);
  await grader.getByTestId('grading-mode').getByText('按考生阅卷').click();
  await expect(grader.getByTestId('grading-candidates')).toBeVisible();
  // Marking codes are random: open each candidate's first task until the hostile answer shows.
  const rows = await grader.locator('[data-testid^="code-row-"]').count();
  let found = false;
  for (let row = 1; row <= rows && !found; row += 1) {
    const open = grader.getByTestId(`open-${row}-1`);
    if (await open.isDisabled()) continue;
    await open.click();
    const answer = grader.getByTestId('script-answer');
    await expect(answer).toBeVisible();
    found = ((await answer.textContent()) ?? '').includes('XSS-ANSWER');
    if (found) {
      await expect(answer).toContainText(HOSTILE_ANSWER);
      await expect(answer.locator('img, script')).toHaveCount(0);
      await expectInert(grader, "the grader's script");
    }
    await grader.getByTestId('mark-cancel').click();
    if (found) {
      await grader.getByTestId(`open-${row}-3`).click();
      await expect(grader.getByTestId('script-marker')).toContainText(HOSTILE_CAPTION);
      await grader.getByTestId('screenshot-thumb-1').click();
      await expect(grader.getByTestId('viewer-image')).toBeVisible();
      await expectInert(grader, "the grader's screenshot viewer");
    }
  }
  expect(found, 'the hostile answer reached the grader').toBe(true);
});

test("an applicant's hostile name stays inert in the admin's review queue and the proctor's room", async ({ browser }) => {
  test.setTimeout(180_000);
  const HOSTILE_NAME = `X ${IMG}`;
  const applicant = await browser.newPage();
  await applicant.goto('/');
  const account = { username: 'xss-applicant', password: 'xss-password-1', displayName: HOSTILE_NAME };
  expect((await applicant.request.post('/api/auth/applicant/register', { data: account })).ok()).toBe(true);
  await applicant.request.post('/api/auth/applicant/login', { data: { username: account.username, password: account.password } });
  const plans = (await (await applicant.request.get('/api/registration/plans')).json()) as { id: number; open: boolean; levels: number[] }[];
  const plan = plans.find((p) => p.open && p.levels.includes(4))!;
  const form = {
    name: HOSTILE_NAME,
    idNumber: '11010519491231002X',
    phone: '13800000000',
    education: { level: 'junior-college', major: '计算机网络技术', school: '武汉职业技术大学', graduationDate: '2015-06-30', graduatingThisYear: false },
    certificates: [],
    yearsOfWork: 1,
    professionalTechnical: false,
  };
  const applied = await applicant.request.post('/api/registration/applications', { data: { planId: plan.id, level: 4, form } });
  expect(applied.ok(), await applied.text()).toBe(true);
  const applicationId = ((await applied.json()) as { id: number }).id;

  const admin = await browser.newPage();
  await loginAdmin(admin);
  await admin.goto(`/admin/applications/${applicationId}`);
  await expect(admin.locator('body')).toContainText(HOSTILE_NAME);
  await expectInert(admin, 'the application review page');
  const decided = await admin.request.post(`/api/admin/applications/${applicationId}/decision`, { data: { decision: 'approve' } });
  expect(decided.ok(), await decided.text()).toBe(true);
  const ticket = ((await decided.json()) as { ticket: { sittingName: string; room: string } }).ticket;

  await admin.goto('/proctor');
  await admin.getByTestId('room-select').click();
  // Sittings are listed with their plan in front: 考试计划 · 场次 · 考场.
  await admin.getByRole('option', { name: new RegExp(` · ${ticket.sittingName} · ${ticket.room} `) }).click();
  await expect(admin.getByTestId('room-grid')).toContainText(HOSTILE_NAME);
  await expectInert(admin, "the proctor's room");
});
