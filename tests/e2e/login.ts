import { expect, type Page } from '@playwright/test';

/** Logs in through the real login page, as the demo accounts of a fresh database. */
export async function loginAdmin(page: Page) {
  await loginStaff(page, 'admin', 'admin123', /\/admin$/);
}

export async function loginCandidate(page: Page, ticketNo: string) {
  await page.goto('/');
  await page.getByTestId('login-ticket').fill(ticketNo);
  await page.getByTestId('login-password').fill('demo123');
  await page.getByTestId('login-submit').click();
  await expect(page).toHaveURL(/\/exam$/);
}

export async function loginStaff(page: Page, username: string, password: string, landing: RegExp) {
  await page.goto('/');
  await page.getByTestId('tab-staff').click();
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await expect(page).toHaveURL(landing);
}

/**
 * From the overview: opens a part, reads the 考生须知, confirms them and starts the clock. A part
 * this candidate already started (another test file of the same run) opens straight at its items.
 */
export async function startPart(page: Page, kind: 'theory' | 'skills') {
  await page.getByTestId(`start-${kind}`).click();
  const instructions = page.getByTestId('exam-instructions');
  await expect(instructions.or(page.getByTestId('item-1'))).toBeVisible();
  if (await instructions.isVisible()) {
    await expect(page.getByTestId('instructions-start')).toBeDisabled();
    await page.getByTestId('instructions-confirm').check();
    await page.getByTestId('instructions-start').click();
  }
  await expect(page.getByTestId('item-1')).toBeVisible();
}
