import { expect, test, type Page } from '@playwright/test';
import sharp from 'sharp';
import { loginCandidate } from './login.ts';

// Reserved for this file: no other e2e test uses these tickets.
const KEYBOARD_TICKET = '2026040111';
const ZOOM_TICKET = '2026040109';

/**
 * Presses Tab (or Shift+Tab) until the element with this test id has the focus: proof that the
 * keyboard reaches it in the page's own order. Fails when it takes more than `max` presses.
 */
async function tabTo(page: Page, testId: string, { back = false, max = 160 } = {}) {
  for (let i = 0; i < max; i += 1) {
    if ((await page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null)) === testId) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`${testId} not reached by keyboard in ${max} presses`);
}

test('a candidate sits a theory part and a skills part with the keyboard alone, screenshot chosen through the file picker', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('/');
  await tabTo(page, 'login-ticket');
  await page.keyboard.type(KEYBOARD_TICKET);
  await tabTo(page, 'login-password');
  await page.keyboard.type('demo123');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/exam$/);

  // Theory: 考生须知 confirmed and started, an answer chosen, submitted.
  await tabTo(page, 'start-theory');
  await page.keyboard.press('Enter');
  await tabTo(page, 'instructions-confirm');
  await page.keyboard.press('Space');
  await tabTo(page, 'instructions-start');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('item-1')).toBeVisible();
  await tabTo(page, 'option-A');
  await page.keyboard.press('Space');
  await expect(page.getByTestId('option-A')).toBeChecked();
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-state', 'saved');
  await tabTo(page, 'next-item');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('item-2')).toBeVisible();
  await tabTo(page, 'submit-button', { back: true });
  await page.keyboard.press('Enter');
  await tabTo(page, 'submit-confirm');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('session-ended')).toBeVisible();
  await tabTo(page, 'back-to-overview');
  await page.keyboard.press('Enter');

  // Skills: a short answer typed, then a practical task's screenshot through the file picker.
  await tabTo(page, 'start-skills');
  await page.keyboard.press('Enter');
  await tabTo(page, 'instructions-confirm');
  await page.keyboard.press('Space');
  await tabTo(page, 'instructions-start');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('item-1')).toBeVisible();
  await tabTo(page, 'text-answer');
  await page.keyboard.type('ss -tlnp');
  await tabTo(page, 'nav-item-3');
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-state', 'saved');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('item-3')).toBeVisible();
  // Listening turns on Playwright's file-chooser interception without waiting for it; a key press
  // is one message with no checks before it, so it can overtake that (CI saw no chooser at all).
  // Listening before the Tab presses gives the interception all their round trips to land.
  const chooserOpened = page.waitForEvent('filechooser');
  await tabTo(page, 'choose-files', { back: true, max: 80 }).catch(() => tabTo(page, 'choose-files'));
  const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#1864ab' } }).png().toBuffer();
  await page.keyboard.press('Enter');
  const chooser = await chooserOpened;
  await chooser.setFiles({ name: 'evidence.png', mimeType: 'image/png', buffer: png });
  await expect(page.getByTestId('screenshot-saved')).toHaveCount(1);
  await expect(page.getByTestId('nav-item-3')).toHaveAttribute('data-state', 'answered');
  await tabTo(page, 'submit-button', { back: true });
  await page.keyboard.press('Enter');
  await tabTo(page, 'submit-confirm');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('session-ended')).toBeVisible();
});

/** Whether the page scrolls sideways: the layout must reflow instead (WCAG 1.4.10). */
const scrollsSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1);

test('at 200 % zoom and at 1024×768 the exam page never scrolls sideways, answer sheet and planned extra time shown', async ({ browser }) => {
  test.setTimeout(300_000);
  // 200 % zoom of a 1024×768 screen: the page sees 512×384 CSS pixels at device scale 2.
  const context = await browser.newContext({ viewport: { width: 512, height: 384 }, deviceScaleFactor: 2, locale: 'zh-CN' });
  const page = await context.newPage();
  await loginCandidate(page, ZOOM_TICKET);
  await page.getByTestId('start-theory').click();
  // Seat 09 has 25 % planned extra time on theory: said before the start.
  await expect(page.getByTestId('instructions-extra-time')).toContainText('23');
  expect(await scrollsSideways(page)).toBe(false);
  await page.getByTestId('instructions-confirm').check();
  await page.getByTestId('instructions-start').click();
  await expect(page.getByTestId('item-1')).toBeVisible();
  // 90 + 23 minutes on the clock, and the standard end next to the candidate's own.
  await expect(page.getByTestId('countdown')).toHaveText(/^01:5[23]:\d\d$/);
  await expect(page.getByTestId('planned-extra')).toContainText('23');
  await expect(page.getByTestId('standard-end')).toBeVisible();
  await expect(page.getByTestId('own-end')).toBeVisible();
  expect(await scrollsSideways(page)).toBe(false);
  // The answer sheet is below the item, not hidden.
  await page.getByTestId('nav-item-5').scrollIntoViewIfNeeded();
  await expect(page.getByTestId('nav-item-5')).toBeVisible();

  // At 1024×768 the largest text size and high contrast still reflow, and are kept for the session.
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.getByTestId('display-settings').click();
  await page.getByTestId('text-size-200').check();
  await page.getByTestId('high-contrast').check();
  await expect(page.locator('html')).toHaveAttribute('data-kc-contrast', 'high');
  expect(await scrollsSideways(page)).toBe(false);
  await page.reload();
  await expect(page.getByTestId('item-1')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('data-kc-contrast', 'high');
  expect(await scrollsSideways(page)).toBe(false);
  await expect(page.getByTestId('nav-item-1')).toBeVisible();

  // 200 % zoom and the largest text size together (the settings are kept for the session): theory, then skills.
  await page.setViewportSize({ width: 512, height: 384 });
  await expect(page.getByTestId('item-1')).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.style.fontSize)).toBe('200%');
  await expectNoSidewaysScroll(page, 'theory');
  await page.getByTestId('submit-button').click();
  await expectNoSidewaysScroll(page, 'theory submit dialog');
  await page.getByTestId('submit-confirm').click();
  await expect(page.getByTestId('session-ended')).toBeVisible();
  await page.getByTestId('back-to-overview').click();
  await page.getByTestId('start-skills').click();
  await expect(page.getByTestId('exam-instructions')).toBeVisible();
  await expectNoSidewaysScroll(page, 'skills instructions');
  await page.getByTestId('instructions-confirm').check();
  await page.getByTestId('instructions-start').click();
  await expect(page.getByTestId('item-1')).toBeVisible();
  await expectNoSidewaysScroll(page, 'skills short answer');
  await page.getByTestId('nav-item-3').scrollIntoViewIfNeeded();
  await page.getByTestId('nav-item-3').click();
  await expect(page.getByTestId('item-3')).toBeVisible();
  await expect(page.getByTestId('choose-files')).toBeVisible();
  await expectNoSidewaysScroll(page, 'skills practical task');
  await context.close();
});

/** No sideways scroll, and when there is one, the elements that stick out are named in the failure. */
async function expectNoSidewaysScroll(page: Page, where: string) {
  const wide = await page.evaluate(() => {
    const { scrollWidth, clientWidth } = document.documentElement;
    if (scrollWidth <= clientWidth) return [];
    return [...document.querySelectorAll<HTMLElement>('body *')]
      .filter((el) => el.getBoundingClientRect().right > clientWidth + 1 && el.getClientRects().length > 0)
      .slice(0, 8)
      .map((el) => `${el.tagName.toLowerCase()}${el.dataset.testid ? `[${el.dataset.testid}]` : ''}.${el.className} → ${Math.round(el.getBoundingClientRect().right)} of ${clientWidth}`);
  });
  expect(wide, `${where}: sticks out sideways`).toEqual([]);
}
