import type { Page } from '@playwright/test';

/** A PNG drawn in the page and delivered as a clipboard paste, as after a system screenshot. */
export async function pasteScreenshot(page: Page, colour: string) {
  await page.evaluate(async (fill) => {
    const canvas = document.createElement('canvas');
    canvas.width = 64;
    canvas.height = 48;
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = fill;
    ctx.fillRect(0, 0, 64, 48);
    const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), 'image/png'));
    const data = new DataTransfer();
    data.items.add(new File([blob], 'clipboard.png', { type: 'image/png' }));
    document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, colour);
}

/**
 * Headless Chromium has no screen to share: the picker's answer is a canvas stream standing in for
 * a terminal window. Everything after getDisplayMedia is the page's real capture path.
 */
export function fakeScreenForCapture() {
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
}
