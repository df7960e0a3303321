import { expect, test, type Page } from '@playwright/test';
import { expectChineseOnly, foreignText } from './l10n.ts';
import { loginAdmin, loginCandidate, loginStaff } from './login.ts';

/**
 * The localisation guard (#13): every page in zh-CN, each after provoking its errors (bad input,
 * wrong login, refused actions), shows no English sentence, English control label, raw code or
 * JSON. Findings are soft so one run lists every page's; the detector is tests/e2e/l10n.ts.
 */
const check = (page: Page, where: string) => expectChineseOnly(page, where, { soft: true });

async function logout(page: Page) {
  await page.getByTestId('logout-button').click();
  await expect(page).toHaveURL(/\/$/);
}

test('the detector itself finds English on a page switched to English', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('login-submit')).toBeVisible();
  expect(await foreignText(page)).toEqual([]);
  await page.getByText('English', { exact: true }).click();
  await expect(page.getByTestId('login-submit')).not.toHaveText(/登录/);
  const findings = await foreignText(page);
  expect(findings.length).toBeGreaterThan(0);
  expect(findings.map((f) => f.rule)).toContain('label');
  await page.getByText('中文', { exact: true }).click();
  await expect(page.getByTestId('login-submit')).toHaveText(/登录/);
});

test('login and applicant pages, with their errors, are in Chinese', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/');
  await check(page, 'login page');
  await page.getByTestId('login-ticket').fill('2026040199');
  await page.getByTestId('login-password').fill('wrong-password');
  await page.getByTestId('login-submit').click();
  await expect(page.getByRole('alert')).toBeVisible();
  await check(page, 'candidate login refused');
  await page.getByTestId('tab-staff').click();
  await page.getByTestId('login-username').fill('admin');
  await page.getByTestId('login-password').fill('wrong-password');
  await page.getByTestId('login-submit').click();
  await expect(page.getByRole('alert')).toBeVisible();
  await check(page, 'staff login refused');

  await page.goto('/register');
  await check(page, 'applicant register page');
  await page.getByTestId('applicant-submit').click();
  await check(page, 'applicant register, empty form');
  // A taken login: the server refuses it with a keyed error.
  await page.getByTestId('applicant-username').fill('admin');
  await page.getByTestId('applicant-password').fill('l10n-guard-pw1');
  if (await page.getByTestId('applicant-display-name').isVisible()) await page.getByTestId('applicant-display-name').fill('郑测试');
  await page.getByTestId('applicant-submit').click();
  await check(page, 'applicant register, login taken');

  await page.goto('/no-such-page');
  await check(page, 'not found page');
});

test('a candidate’s overview and part instructions are in Chinese', async ({ page }) => {
  await loginCandidate(page, '2026040108');
  await check(page, 'candidate overview');
  // Only what this candidate can still open: the instructions are shown, nothing is started.
  for (const kind of ['theory', 'skills'] as const) {
    const start = page.getByTestId(`start-${kind}`);
    if (!(await start.isVisible())) continue;
    await start.click();
    await expect(page.getByTestId('exam-instructions').or(page.getByTestId('item-1')).or(page.getByRole('alert')).first()).toBeVisible();
    await check(page, `${kind} instructions (or its refusal)`);
    await page.goto('/exam');
    await expect(page.getByTestId(`start-${kind}`).or(page.getByTestId(`part-status-${kind}`)).first()).toBeVisible();
  }
});

test('the proctor console and its action dialog are in Chinese', async ({ page }) => {
  await loginStaff(page, 'proctor', 'proctor123', /\/proctor$/);
  await expect(page.getByTestId('proctor-page')).toBeVisible();
  await check(page, 'proctor console');
  const row = page.getByTestId('grid-row').first();
  if (await row.isVisible().catch(() => false)) {
    await row.getByTestId('row-actions').click();
    await check(page, 'proctor row actions');
    await page.keyboard.press('Escape');
  }
  // The no-show dialog, read and cancelled: confirming would mark the room's absentees for every
  // later spec once an earlier one (grading) has moved the shared server's clock past the part.
  await page.getByTestId('room-actions').click();
  await page.getByTestId('room-action-mark_absent').click();
  await page.getByTestId('action-reason').fill('本地化检查');
  await expect(page.getByTestId('action-confirm')).toBeEnabled();
  await check(page, 'proctor, mark absent dialog');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('action-confirm')).toBeHidden();
  await page.goto('/staff');
  await check(page, 'staff home');
});

test('the grading pages are in Chinese', async ({ page }) => {
  await loginStaff(page, 'grader', 'grader123', /\/grading$/);
  await check(page, 'grading tasks');
  const open = page.getByTestId('open-1-1');
  if (await open.isVisible().catch(() => false)) {
    await open.click();
    await expect(page.getByTestId('script-marker')).toBeVisible();
    await check(page, 'grading a script');
    // Submitting without marks: refused, worded.
    await page.getByTestId('mark-submit').click();
    await check(page, 'grading, submit refused');
  }
});

test('every admin page, after its errors, is in Chinese', async ({ page }) => {
  test.setTimeout(240_000);
  await loginAdmin(page);
  await check(page, 'admin home');

  await page.getByTestId('admin-nav-banks').click();
  // The demo data holds banks, so both the import form and the table of banks are there.
  await expect(page.getByTestId('import-form')).toBeVisible();
  await expect(page.getByTestId('banks-table')).toBeVisible();
  await check(page, 'banks');
  const firstBank = page.getByTestId('banks-table').getByRole('link').first();
  await firstBank.click();
  await expect(page.getByTestId('items-table').or(page.getByTestId('items-empty'))).toBeVisible();
  await check(page, 'bank items');

  await page.getByTestId('admin-nav-papers').click();
  await check(page, 'papers');

  await page.getByTestId('admin-nav-applications').click();
  await expect(page.getByTestId('queue-filter')).toBeVisible();
  await check(page, 'applications queue');

  await page.getByTestId('admin-nav-plans').click();
  await check(page, 'plans');
  await page.getByTestId('new-plan').click();
  await page.getByTestId('new-plan-submit').click();
  await check(page, 'new plan, empty form refused');
  await page.keyboard.press('Escape');

  await page.getByTestId('admin-nav-staffing').click();
  await check(page, 'staffing');

  await page.getByTestId('admin-nav-staff').click();
  await expect(page.getByTestId('staff-table')).toBeVisible();
  await check(page, 'staff accounts');
  await page.getByTestId('staff-create').click();
  await page.getByTestId('staff-form-login').fill('proctor');
  await page.getByTestId('staff-form-name').fill('重名监考');
  await page.getByTestId('staff-form-role').selectOption('proctor');
  await page.getByTestId('staff-form-password').fill('l10n-guard-pw1');
  await page.getByTestId('staff-form-submit').click();
  await expect(page.getByTestId('staff-error')).toBeVisible();
  await check(page, 'staff account, login taken');
  await page.keyboard.press('Escape');

  await page.getByTestId('admin-nav-audit').click();
  await expect(page.getByTestId('audit-table')).toBeVisible();
  await check(page, 'audit log');

  await logout(page);
});
