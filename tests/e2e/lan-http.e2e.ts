import { expect, test, type Page } from '@playwright/test';
import { CANDIDATE_EXAM_BUDGET_BYTES } from '../../client/bundle-size.ts';
import { chromiumLaunchOptions, e2ePort } from './chromium.ts';
import { loginCandidate, loginStaff } from './login.ts';

/**
 * The exam room's way in: plain HTTP to the server's LAN name (here `exam-server`, resolved to
 * 127.0.0.1 by Chromium itself), not localhost. Chromium treats such an origin as not secure and
 * offers no brotli there, which is what the old lab computers get.
 */
const HOST = 'exam-server';
test.use({
  baseURL: `http://${HOST}:${e2ePort}`,
  launchOptions: { ...chromiumLaunchOptions, args: [...chromiumLaunchOptions.args, `--host-resolver-rules=MAP ${HOST} 127.0.0.1`] },
});

/** Candidate 2026040106 of the demo has both parts ended: nothing here changes what other tests see. */
const TICKET = '2026040106';

async function javascriptOnTheWire(page: Page, run: () => Promise<void>) {
  const scripts: { url: string; encoding: string | undefined; bytes: Promise<number> }[] = [];
  page.on('response', (res) => {
    if (res.request().resourceType() !== 'script') return;
    scripts.push({ url: res.url(), encoding: res.headers()['content-encoding'], bytes: res.request().sizes().then((s) => s.responseBodySize) });
  });
  await run();
  return Promise.all(scripts.map(async (s) => ({ ...s, bytes: await s.bytes })));
}

test('a candidate logs in over plain HTTP through the LAN name, gets gzip, and the exam page connects', async ({ page, browser }) => {
  const document = await page.goto('/');
  expect(document!.url()).toBe(`http://${HOST}:${e2ePort}/`);
  const csp = document!.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("default-src 'self'");
  expect(csp).not.toContain('upgrade-insecure-requests');
  expect(document!.headers()['strict-transport-security']).toBeUndefined();
  expect(await page.evaluate(() => window.isSecureContext)).toBe(false);

  await loginCandidate(page, TICKET);
  await expect(page.getByTestId('candidate-name')).toBeVisible();
  expect(page.url()).toBe(`http://${HOST}:${e2ePort}/exam`);
  // Through the page: Playwright's own request client would not know the name `exam-server`.
  const { parts } = await page.evaluate(async () => (await fetch('/api/candidate/overview')).json() as Promise<{ parts: { sittingPartId: number; kind: string }[] }>);
  const theory = parts.find((p) => p.kind === 'theory')!;

  // A cold cache: a new browser context with the same login opens the exam page directly.
  const cold = await browser.newContext({ storageState: await page.context().storageState() });
  const examPage = await cold.newPage();
  const scripts = await javascriptOnTheWire(examPage, async () => {
    await examPage.goto(`/exam/part/${theory.sittingPartId}`);
    // The session's state arrives over Socket.IO from ws://exam-server: the page got past "connecting".
    await expect(examPage.getByTestId('session-ended')).toBeVisible();
  });
  const total = scripts.reduce((n, s) => n + s.bytes, 0);
  process.stdout.write(`[lan-http] exam page over http://${HOST}: ${scripts.length} scripts, ${(total / 1000).toFixed(1)} kB of JavaScript on the wire\n`);
  expect(scripts.length).toBeGreaterThan(5);
  // Files under 1 kB are not worth compressing and go as they are.
  for (const s of scripts.filter((x) => x.bytes >= 1024)) expect(s.encoding, s.url).toBe('gzip');
  expect(scripts.filter((x) => x.encoding === 'br')).toEqual([]);
  expect(total).toBeLessThanOrEqual(CANDIDATE_EXAM_BUDGET_BYTES);
  await cold.close();
});

test('staff log in over the LAN name too', async ({ page }) => {
  await loginStaff(page, 'proctor', 'proctor123', /\/proctor$/);
  await expect(page.getByTestId('lang-switch')).toBeVisible();
});
