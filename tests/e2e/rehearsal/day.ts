import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { ServerProcess } from '../../helpers/server-process.ts';

/**
 * The rehearsal's own server: the compiled production build on a fresh demo database with the
 * rehearsal clock on, so moving the exam day forward by hours disturbs no other e2e file (they
 * share the suite's server and its demo sitting, which opens "now").
 */
export async function startRehearsalServer(): Promise<ServerProcess> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaochang-rehearsal-'));
  return ServerProcess.startOnFreePort(dir, { NODE_ENV: 'test', SEED_DEMO: 'true', CLOCK_CONTROL: 'true', LOGIN_RATE_MAX: '1000' }, undefined, 'compiled');
}

/** One person at one computer: a browser context of their own (cookies, storage) in the zh-CN UI. */
export async function person(browser: Browser, baseURL: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, locale: 'zh-CN' });
  return { context, page: await context.newPage() };
}

/** Moves the server's clock (the office's rehearsal control); every open page is told. */
export async function advanceClock(admin: Page, minutes: number): Promise<number> {
  const response = await admin.request.post('/api/admin/clock/advance', { data: { minutes } });
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { serverNow: number }).serverNow;
}

/** A datetime-local value in the browser's (and this machine's) time zone. */
export function localDateTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

export async function logout(page: Page) {
  await page.getByTestId('logout-button').click();
  await expect(page).toHaveURL(/\/$/);
}

