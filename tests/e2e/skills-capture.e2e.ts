import { expect, test } from '@playwright/test';
import { loginCandidate, startPart } from './login.ts';

test('the capture button turns a captured screen into a PNG and uploads it', async ({ page }) => {
  // Headless Chromium has no screen to pick: the picker's answer is a canvas stream standing in for
  // a window (a fixed 320×200 picture). Everything after getDisplayMedia is the real code path.
  await page.addInitScript(() => {
    navigator.mediaDevices.getDisplayMedia = async () => {
      const canvas = document.createElement('canvas');
      canvas.width = 320;
      canvas.height = 200;
      const ctx = canvas.getContext('2d')!;
      const paint = () => {
        ctx.fillStyle = '#1c7ed6';
        ctx.fillRect(0, 0, 320, 200);
        ctx.fillStyle = '#fff';
        ctx.fillText('root@lab:~# sshd -T', 10, 20);
      };
      paint();
      const timer = setInterval(paint, 50);
      const stream = canvas.captureStream(20);
      stream.getVideoTracks()[0]!.addEventListener('ended', () => clearInterval(timer));
      return stream;
    };
  });
  await loginCandidate(page, '2026040103');
  await startPart(page, 'skills');
  await page.getByTestId('nav-item-4').click();
  await expect(page.getByTestId('item-4')).toBeVisible();
  await page.getByTestId('capture-screen').click();
  await expect(page.getByTestId('screenshot-saved')).toHaveCount(1);
  const thumb = page.getByTestId('screenshot-thumb');
  await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && `${img.naturalWidth}x${img.naturalHeight}`)).toBe('320x200');
});
