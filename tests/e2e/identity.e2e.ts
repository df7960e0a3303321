import { expect, test } from '@playwright/test';

// Candidate 2026040102's theory test never looks at the proctor grid; only a check is recorded
// here (no admission), which changes nothing the candidate sees.
const TICKET = '2026040102';

test('the proctor records an identity check (人证核验) from the grid, worded in zh-CN', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('tab-staff').click();
  await page.getByTestId('login-username').fill('proctor');
  await page.getByTestId('login-password').fill('proctor123');
  await page.getByTestId('login-submit').click();
  await expect(page).toHaveURL(/\/proctor$/);

  const row = page.locator(`[data-testid="grid-row"][data-ticket="${TICKET}"]`);
  await expect(row).toBeVisible();
  await row.getByTestId('row-actions').click();
  await page.getByTestId('row-action-identity_check').click();

  await expect(page.getByRole('dialog')).toContainText('人证核验');
  // The demo has no photos: the dialog says so instead of an empty frame.
  await expect(page.getByTestId('identity-no-photo')).toHaveText('没有照片');
  await page.getByTestId('identity-outcome-passed_with_note').check();
  await expect(page.getByTestId('identity-confirm')).toBeDisabled();
  await page.getByTestId('identity-note').fill('发型与照片不同，核对身份证号一致');
  await page.getByTestId('identity-admit').uncheck();
  await page.getByTestId('identity-confirm').click();

  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(row.getByTestId('row-identity')).toHaveAttribute('data-outcome', 'passed_with_note');
  await expect(row.getByTestId('row-identity')).toHaveText('核验通过（有备注）');
});
