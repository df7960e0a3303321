import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { configKeyOf } from '../../server/src/features/seb/config-key.ts';
import { readSebFile } from '../helpers/seb-file-reader.ts';
import { loginAdmin } from './login.ts';

test('the exam office requires SEB for a sitting, saves its settings and downloads an encrypted .seb whose Config Key is the one shown', async ({ page, baseURL }) => {
  await loginAdmin(page);
  await page.getByTestId('admin-nav-plans').click();
  const line = page.locator('[data-testid$="-seb"]', { hasText: '安全考试浏览器' }).first();
  await expect(line).toContainText('尚未设置');
  await line.locator('[data-testid$="-seb-open"]').click();

  const form = page.getByTestId('seb-form');
  await expect(page.getByTestId('seb-start-url')).toHaveValue(`${baseURL}/`);
  await expect(page.getByTestId('seb-download')).toBeDisabled();

  // Refused in the browser with the server's own rules, worded in zh-CN.
  await page.getByTestId('seb-start-url').fill('ftp://exam.example.cn/');
  await page.getByTestId('seb-beks').fill('1234');
  await page.getByTestId('seb-save').click();
  await expect(form).toContainText('须为 http:// 或 https:// 开头的完整网址');
  await expect(form).toContainText('浏览器考试密钥（BEK）须为 64 位十六进制字符');

  await page.getByTestId('seb-start-url').fill(`${baseURL}/`);
  await page.getByTestId('seb-quit-url').fill(`${baseURL}/seb-quit`);
  await page.getByTestId('seb-beks').fill('AB'.repeat(32));
  await page.getByTestId('seb-required').click();
  await page.getByTestId('seb-quit-password').fill('proctor-quit-2026');
  await page.getByTestId('seb-allowPrint').click();
  await page.getByTestId('seb-save').click();
  await expect(page.getByTestId('seb-saved')).toBeVisible();
  await expect(page.getByTestId('seb-quit-password-state')).toContainText('已设置退出密码');
  const configKey = (await page.getByTestId('seb-config-key').textContent())!.trim();
  expect(configKey).toMatch(/^[0-9a-f]{64}$/);

  await page.getByTestId('seb-file-password').fill('exam-room-file-pw');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('seb-download').click()]);
  expect(download.suggestedFilename()).toMatch(/^kaochang-sitting-\d+\.seb$/);
  await expect(page.getByTestId('seb-downloaded')).toContainText(configKey.slice(0, 12));
  const file = await readSebFile(fs.readFileSync((await download.path())!), 'exam-room-file-pw');
  expect(file.prefix).toBe('pswd');
  expect(file.settings).toMatchObject({ startURL: `${baseURL}/`, quitURL: `${baseURL}/seb-quit`, allowPrint: true });
  expect(configKeyOf(file.settings)).toBe(configKey);

  await page.keyboard.press('Escape');
  await expect(line).toContainText('本场要求使用 SEB');
  await expect(line).toContainText(configKey.slice(0, 12));
});
