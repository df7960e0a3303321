import { expect, test, type Page } from '@playwright/test';
import { loginAdmin, loginStaff } from './login.ts';

/** Staff accounts end to end: the demo admin creates a proctor of its own, who logs in, then is disabled. */
const PROCTOR = { login: 'e2e.proctor', name: '钱监考', password: 'e2e-proctor-pw1' };

async function logout(page: Page) {
  await page.getByTestId('logout-button').click();
  await expect(page).toHaveURL(/\/$/);
}

async function openStaffPage(page: Page) {
  await loginAdmin(page);
  await page.getByTestId('admin-nav-staff').click();
  await expect(page).toHaveURL(/\/admin\/staff$/);
  await expect(page.getByTestId('staff-table')).toBeVisible();
}

test('an admin creates a proctor who logs in to the proctor console, then disables them', async ({ page, browser }) => {
  // Five logins (scrypt) across two roles: longer than the default on a loaded machine.
  test.setTimeout(180_000);
  await openStaffPage(page);
  await page.getByTestId('staff-create').click();
  await page.getByTestId('staff-form-login').fill(PROCTOR.login);
  await page.getByTestId('staff-form-name').fill(PROCTOR.name);
  await page.getByTestId('staff-form-role').selectOption('proctor');
  // A password that breaks the rule is caught by the form before anything is sent.
  await page.getByTestId('staff-form-password').fill('short');
  await page.getByTestId('staff-form-submit').click();
  await expect(page.getByTestId('staff-form-password')).toHaveAttribute('data-invalid', 'true');
  await expect(page.getByTestId(`staff-row-${PROCTOR.login}`)).toHaveCount(0);
  await page.getByTestId('staff-form-password').fill(PROCTOR.password);
  await page.getByTestId('staff-form-submit').click();

  const row = page.getByTestId(`staff-row-${PROCTOR.login}`);
  await expect(row).toContainText(PROCTOR.name);
  await expect(row).toContainText('监考员');
  await expect(row.getByTestId('staff-status')).toHaveText('启用');
  await page.getByTestId('staff-role-filter').selectOption('grader');
  await expect(row).toHaveCount(0);
  await page.getByTestId('staff-role-filter').selectOption('proctor');
  await expect(row).toBeVisible();
  await logout(page);

  // The proctor logs in elsewhere and keeps the console open.
  const proctorContext = await browser.newContext();
  const proctorPage = await proctorContext.newPage();
  await loginStaff(proctorPage, PROCTOR.login, PROCTOR.password, /\/proctor$/);

  await openStaffPage(page);
  await row.getByTestId('staff-disable').click();
  await page.getByTestId('staff-disable-confirm').click();
  await expect(row.getByTestId('staff-status')).toHaveText('已停用');
  // The admin's own row cannot be disabled from the page.
  await expect(page.getByTestId('staff-row-admin').getByTestId('staff-disable')).toBeDisabled();
  await logout(page);

  // The open console lost its login: a reload lands on the login page.
  await proctorPage.reload();
  await expect(proctorPage).toHaveURL(/\/$/);
  await proctorContext.close();

  await page.getByTestId('tab-staff').click();
  await page.getByTestId('login-username').fill(PROCTOR.login);
  await page.getByTestId('login-password').fill(PROCTOR.password);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('login-error')).toBeVisible();
  await expect(page).toHaveURL(/\/$/);
});
