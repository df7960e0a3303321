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
