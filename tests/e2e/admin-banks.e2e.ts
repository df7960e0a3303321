import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { loginAdmin } from './login.ts';

const giftFile = fileURLToPath(new URL('../fixtures/qbank/gift/security.gift.txt', import.meta.url));

test.beforeEach(async ({ page }) => {
  await loginAdmin(page);
});

test('an administrator imports a GIFT bank and sees the report per item', async ({ page }) => {
  await page.getByTestId('admin-nav-banks').click();
  await page.getByTestId('import-file-input').setInputFiles(giftFile);
  await page.getByTestId('import-submit').click();
  await expect(page.getByTestId('import-report')).toBeVisible();
  await expect(page.getByTestId('import-format-detected')).toContainText(/gift/i);
  const imported = Number(await page.getByTestId('import-count-imported').getAttribute('data-count'));
  const warnings = Number(await page.getByTestId('import-count-warning').getAttribute('data-count'));
  expect(imported + warnings).toBeGreaterThan(0);
  await expect(page.getByTestId('import-bank-created')).toBeVisible();
});

test('an administrator searches the demo bank and previews an item as a candidate sees it', async ({ page }) => {
  await page.getByTestId('admin-nav-banks').click();
  await page.getByTestId('bank-link-1').click();
  await expect(page.getByTestId('items-total')).toHaveAttribute('data-total', /^3\d\d$/);
  await page.getByTestId('items-search').fill('TA-NET-001');
  await expect(page.getByTestId('items-total')).toHaveAttribute('data-total', '1');
  await page.getByTestId('item-open-TA-NET-001').click();
  await expect(page.getByTestId('item-preview')).toContainText('TCP');
  await expect(page.getByTestId('item-preview').getByTestId('option-A')).toBeVisible();
  await expect(page.getByTestId('item-key')).toBeVisible();
});
