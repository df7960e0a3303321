import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { loginAdmin } from './login.ts';

const hostile = (name: string) => fileURLToPath(new URL(`../fixtures/qbank/hostile/${name}`, import.meta.url));

test.beforeEach(async ({ page }) => {
  await loginAdmin(page);
});

test('a zip bomb is refused by the import job and the reason is worded in Chinese', async ({ page }) => {
  await page.getByTestId('admin-nav-banks').click();
  await page.getByTestId('import-file-input').setInputFiles(hostile('zip-bomb.xlsx'));
  await page.getByTestId('import-submit').click();
  await expect(page.getByTestId('import-error')).toContainText('疑似压缩炸弹');
  await expect(page.getByTestId('import-stage')).toHaveText('导入失败');
});
