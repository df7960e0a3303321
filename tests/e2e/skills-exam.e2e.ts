import { expect, test } from '@playwright/test';
import { loginCandidate } from './login.ts';
import { pasteScreenshot } from './paste.ts';

test('a candidate answers a short question, pastes a screenshot into a task, and finds both after a reload', async ({ page }) => {
  await loginCandidate(page, '2026040103');
  await page.getByTestId('start-skills').click();
  await expect(page.getByTestId('item-1')).toBeVisible();
  await expect(page.getByTestId('countdown')).toHaveText(/^(01:5\d:\d\d|02:00:00)$/);

  // Short answer: instructions rendered from Markdown, the rubric's visible part, autosaved text.
  await expect(page.getByTestId('task-markdown')).not.toBeEmpty();
  await expect(page.getByTestId('rubric')).toBeVisible();
  await page.getByTestId('text-answer').fill('使用 ss -tlnp 查看监听端口');
  await page.getByTestId('text-answer').blur();
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-state', 'saved');

  // The practical tasks come after the short answers.
  await page.getByTestId('nav-item-3').click();
  await expect(page.getByTestId('item-3')).toBeVisible();
  await expect(page.getByTestId('evidence-limits')).toContainText('20');
  await pasteScreenshot(page, '#c92a2a');
  const saved = page.getByTestId('screenshot-saved');
  await expect(saved).toHaveCount(1);
  await expect(page.getByTestId('screenshot-pending')).toHaveCount(0);
  await page.getByTestId('screenshot-caption').fill('监听端口');
  await page.getByTestId('screenshot-caption').blur();
  await expect(page.getByTestId('evidence-count')).toContainText('1');

  await page.reload();
  await expect(page.getByTestId('item-1')).toBeVisible();
  await expect(page.getByTestId('text-answer')).toHaveValue('使用 ss -tlnp 查看监听端口');
  await page.getByTestId('nav-item-3').click();
  await expect(saved).toHaveCount(1);
  const thumb = page.getByTestId('screenshot-thumb');
  // Loaded through the authorised route: the image really decoded, at the pasted size.
  await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(64);
  await expect(page.getByTestId('screenshot-caption')).toHaveValue('监听端口');
  await thumb.click();
  await expect(page.getByTestId('screenshot-full')).toBeVisible();
});
