import { expect, test } from '@playwright/test';
import { loginCandidate, startPart } from './login.ts';
import { fakeScreenForCapture } from './paste.ts';

test('the capture button turns a captured screen into a PNG and uploads it', async ({ page }) => {
  await page.addInitScript(fakeScreenForCapture);
  await loginCandidate(page, '2026040103');
  await startPart(page, 'skills');
  await page.getByTestId('nav-item-4').click();
  await expect(page.getByTestId('item-4')).toBeVisible();
  await page.getByTestId('capture-screen').click();
  await expect(page.getByTestId('screenshot-saved')).toHaveCount(1);
  const thumb = page.getByTestId('screenshot-thumb');
  await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && `${img.naturalWidth}x${img.naturalHeight}`)).toBe('320x200');
});
