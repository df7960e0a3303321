import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import { PNG_1X1 } from '../helpers/documents.ts';
import { pdfPageTexts } from '../helpers/pdf-text.ts';
import { loginAdmin } from './login.ts';

/** 报名 end to end: an applicant of its own (no demo ticket), the demo admin, the demo's open plan. */
const APPLICANT = { username: 'zhao.e2e@example.com', password: 'e2e-secret-1', name: '赵报名' };

async function pick(page: Page, testId: string, option: string | RegExp) {
  await page.getByTestId(testId).click();
  await page.getByRole('option', { name: option }).click();
}

async function logout(page: Page) {
  await page.getByTestId('logout-button').click();
  await expect(page).toHaveURL(/\/$/);
}

const ID_KIND = '身份证';
const OTHER_KIND = '其他';

test('an applicant applies, uploads a document, is approved and sees the admission ticket', async ({ page }) => {
  // One journey through three roles and four logins (scrypt): longer than the default on a loaded machine.
  test.setTimeout(180_000);
  await page.goto('/');
  await page.getByTestId('register-link').click();
  await page.getByTestId('applicant-tab-register').click();
  await page.getByTestId('applicant-username').fill(APPLICANT.username);
  await page.getByTestId('applicant-display-name').fill(APPLICANT.name);
  await page.getByTestId('applicant-password').fill(APPLICANT.password);
  await page.getByTestId('applicant-submit').click();
  await expect(page).toHaveURL(/\/apply$/);

  await page.getByTestId('new-application').click();
  await pick(page, 'apply-plan', /报名中/);
  await pick(page, 'apply-level', '三级/高级工');
  // Checked with the server's own schema before sending: each problem at its field, in Chinese, as other forms show them.
  await page.getByTestId('apply-submit').click();
  await expect(page.getByTestId('apply-error')).toContainText('填写的内容有误，请检查标出的项目');
  await expect(page.getByTestId('apply-name')).toHaveAccessibleDescription('必填');
  await expect(page.getByTestId('apply-school')).toHaveAccessibleDescription('必填');
  await expect(page.getByTestId('apply-phone')).toHaveAttribute('aria-invalid', 'true');
  await expect(page).toHaveURL(/\/apply\/new$/);
  await page.getByTestId('apply-name').fill(APPLICANT.name);
  await page.getByTestId('apply-id-number').fill('110105194912310021');
  await expect(page.getByText('身份证号码无效')).toBeVisible();
  await page.getByTestId('apply-id-number').fill('11010519491231002X');
  await page.getByTestId('apply-phone').fill('13800000000');
  await page.getByTestId('apply-major').fill('计算机网络技术');
  await page.getByTestId('apply-school').fill('武汉职业技术大学');
  await page.getByTestId('apply-graduation-date').fill('2015-06-30');
  await page.getByTestId('add-certificate').click();
  await page.getByTestId('certificate-0-date').fill('2018-01-01');
  await page.getByTestId('apply-years').fill('5');
  await page.getByTestId('apply-submit').click();

  await expect(page).toHaveURL(/\/apply\/\d+$/);
  await expect(page.getByTestId('verdict-outcome')).toHaveText('符合报考条件');
  await expect(page.getByTestId('verdict-met')).toContainText('三级 条件(一)');
  await expect(page.getByTestId('application-status')).toHaveText('待审核');
  const chooseKind = async (label: string) => {
    await page.getByTestId('document-kind').click();
    await page.getByRole('option', { name: label }).click();
  };
  // The document type must be chosen: no silent default.
  await page.locator('input[type=file]').setInputFiles({ name: 'id-card.png', mimeType: 'image/png', buffer: PNG_1X1 });
  await page.getByTestId('document-upload').click();
  await expect(page.getByText('请选择材料类型')).toBeVisible();
  await chooseKind(ID_KIND);
  await page.getByTestId('document-upload').click();
  await expect(page.getByTestId('documents')).toContainText('id-card.png');
  // A wrong file can be taken back before review.
  await chooseKind(OTHER_KIND);
  await page.locator('input[type=file]').setInputFiles({ name: 'wrong-file.png', mimeType: 'image/png', buffer: PNG_1X1 });
  await page.getByTestId('document-upload').click();
  await expect(page.getByTestId('documents')).toContainText('wrong-file.png');
  await page.getByRole('button', { name: '删除材料：wrong-file.png' }).click();
  await expect(page.getByTestId('documents')).not.toContainText('wrong-file.png');
  await chooseKind(OTHER_KIND);
  await page.locator('input[type=file]').setInputFiles({ name: 'fake.png', mimeType: 'image/png', buffer: Buffer.from('not a picture') });
  await page.getByTestId('document-upload').click();
  await expect(page.getByTestId('document-error')).toBeVisible();
  await logout(page);

  await loginAdmin(page);
  await page.getByTestId('admin-nav-applications').click();
  await page.getByTestId('queue').getByRole('link', { name: APPLICANT.name }).click();
  await expect(page.getByTestId('verdict-met')).toContainText('三级 条件(一)');
  await expect(page.getByTestId('documents')).toContainText('id-card.png');
  // The one sitting of the level, named with its plan as every list names sittings.
  await expect(page.getByTestId('review-sitting')).toHaveValue(/^下一期 .*（报名中） · 三级 第1场（剩余座位 \d+）$/);
  await page.getByTestId('review-approve').click();
  await expect(page.getByTestId('ticket-room')).toHaveText('第1考场');
  await expect(page.getByTestId('ticket-sitting')).toHaveText(/^下一期 .*（报名中） · 三级 第1场$/);
  await page.getByTestId('admin-nav-audit').click();
  await page.getByTestId('audit-action').click();
  await page.getByRole('option', { name: '报名申请' }).click();
  // Sentences with names, not action codes (shared/wording/audit-log.ts).
  await expect(page.getByTestId('audit-table')).toContainText(`通过了 ${APPLICANT.name} 的报名申请`);
  await expect(page.getByTestId('audit-table')).toContainText('提交了报名申请');
  await expect(page.getByTestId('audit-table')).not.toContainText('application.');
  await logout(page);

  await page.goto('/register');
  await page.getByTestId('applicant-username').fill(APPLICANT.username);
  await page.getByTestId('applicant-password').fill(APPLICANT.password);
  await page.getByTestId('applicant-submit').click();
  await expect(page).toHaveURL(/\/apply$/);
  await expect(page.getByTestId('application-status')).toHaveText('已通过');
  await page.getByTestId('application-status').click();
  await page.getByTestId('view-ticket').click();
  await expect(page.getByTestId('ticket-name')).toHaveText(APPLICANT.name);
  await expect(page.getByTestId('ticket-room')).toHaveText('第1考场');
  await expect(page.getByTestId('ticket-seat')).toHaveText('01');
  const ticketNo = (await page.getByTestId('ticket-ticketNo').textContent()) ?? '';
  expect(ticketNo).toMatch(/^\d{12}$/);
  // The same ticket as a PDF, downloaded through the page's link with the applicant's cookie.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('ticket-pdf').click()]);
  expect(download.suggestedFilename()).toBe(`准考证-${ticketNo}.pdf`);
  const [page1, ...more] = await pdfPageTexts(new Uint8Array(fs.readFileSync(await download.path())));
  expect(more).toEqual([]);
  expect(page1).toContain(`准考证号 ${ticketNo}`);
  expect(page1).toContain(`姓名 ${APPLICANT.name}`);
  await logout(page);

  // On exam day the ticket number and the registration password open the candidate's page.
  await page.getByTestId('login-ticket').fill(ticketNo);
  await page.getByTestId('login-password').fill(APPLICANT.password);
  await page.getByTestId('login-submit').click();
  await expect(page).toHaveURL(/\/exam$/);
});

test('an administrator imports a roster into the open plan and sees the report per row', async ({ page }) => {
  await loginAdmin(page);
  await page.getByTestId('admin-nav-plans').click();
  const plan = page.locator('[data-testid^="plan-"]', { hasText: '报名中' });
  const csv = ['姓名,身份证号,等级,联系方式', '孙名单,440524198801010011,四级,13900000000', '错号码,440524198801010012,四级,'].join('\n');
  await plan.locator('input[type=file]').first().setInputFiles({ name: 'roster.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  await plan.locator('[data-testid^="roster-import-"]').click();
  const report = page.getByTestId('roster-report');
  await expect(report).toContainText('已导入 1 行，错误 1 行');
  await expect(report).toContainText('身份证号校验位不正确');
  await expect(report).toContainText('孙名单');
});
