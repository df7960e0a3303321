import { expect, test, type Page } from '@playwright/test';
import { loginAdmin, loginCandidate, loginStaff, startPart } from './login.ts';

/**
 * Candidate 2026040103's theory part (the other files use only its skills part, which starts once
 * this one is over). Moves the server clock (CLOCK_CONTROL) 91 minutes: parts started by later
 * files get their deadlines from the moved clock.
 */
const TICKET = '2026040103';

/**
 * Opens the items one by one until one shows rendered Markdown (a stem or option in elements, not
 * the text as authored) and returns its number; 0 when none does. The demo paper has one (an
 * option in `code`).
 */
async function openRenderedMarkdownItem(page: Page): Promise<number> {
  const count = await page.locator('[data-testid^="nav-item-"]').count();
  for (let n = 1; n <= count; n += 1) {
    await page.getByTestId(`nav-item-${n}`).click();
    const rendered = page.getByTestId(`item-${n}`).locator('[data-testid="task-markdown"], [data-testid="item-stem"] > *');
    if ((await rendered.count()) > 0) return n;
  }
  return 0;
}

async function advanceClock(admin: Page, minutes: number) {
  const response = await admin.request.post('/api/admin/clock/advance', { data: { minutes } });
  expect(response.status(), await response.text()).toBe(200);
}

test('answers made offline across the deadline: saved as a file, uploaded by the proctor, sent again on reconnecting, accepted', async ({ browser }) => {
  const candidate = await browser.newPage();
  const pageErrors: string[] = [];
  candidate.on('pageerror', (e) => pageErrors.push(e.message));
  await loginCandidate(candidate, TICKET);
  await startPart(candidate, 'theory');
  await candidate.getByTestId('option-A').check();
  await expect(candidate.getByTestId('save-status')).toHaveAttribute('data-state', 'saved');

  const proctor = await (await browser.newContext()).newPage();
  await loginStaff(proctor, 'proctor', 'proctor123', /\/proctor$/);
  const row = proctor.locator(`[data-testid="grid-row"][data-ticket="${TICKET}"]`);
  await expect(row).toHaveAttribute('data-status', 'in_progress');

  // The line drops: the next answer waits in the journal, and the page offers it as a file.
  await candidate.context().setOffline(true);
  await expect(candidate.getByTestId('connection-lost')).toBeVisible();
  await candidate.getByTestId('nav-item-2').click();
  await candidate.getByTestId('option-B').check();
  await expect(candidate.getByTestId('save-status')).toHaveAttribute('data-state', 'offline');
  const download = candidate.waitForEvent('download');
  await candidate.getByTestId('save-journal-file').click();
  const file = await (await download).path();
  expect(JSON.parse((await import('node:fs')).readFileSync(file, 'utf8'))).toMatchObject({ format: 'kaochang-journal', v: 1 });

  // An item first opened now still shows its Markdown: the renderer came with the paper. Fetched
  // only now, it failed, and the render that failed left a frozen second copy of the page behind.
  expect(await openRenderedMarkdownItem(candidate)).toBeGreaterThan(0);
  await expect(candidate.getByTestId('connection-lost')).toHaveCount(1);
  expect(pageErrors).toEqual([]);

  // The server notices the dead line (its ping timeout) before the deadline passes.
  await expect(row).toHaveAttribute('data-status', 'disconnected', { timeout: 60_000 });
  const admin = await (await browser.newContext()).newPage();
  await loginAdmin(admin);
  await advanceClock(admin, 91);

  // The proctor uploads the file: held for review, with the absence from the incident log.
  const chooser = proctor.waitForEvent('filechooser');
  await proctor.getByTestId('late-sync-upload').click();
  await (await chooser).setFiles(file);
  const request = proctor.getByTestId('late-sync-row');
  await expect(request).toHaveAttribute('data-status', 'pending');
  await expect(request).toContainText('共 1 条，可计入 1 条');

  // Back online, the page finds the part ended at its deadline and sends the same answers (merged, once).
  await candidate.context().setOffline(false);
  await expect(candidate.getByTestId('late-sync-status')).toHaveAttribute('data-status', 'held', { timeout: 60_000 });
  await expect(proctor.getByTestId('late-sync-row')).toHaveCount(1);

  await proctor.getByTestId('late-sync-accept').click();
  await proctor.getByTestId('late-sync-reason').fill('网络中断，监控录像可证');
  await proctor.getByTestId('late-sync-confirm').click();
  await expect(request).toHaveAttribute('data-status', 'accepted');
  await expect(request).toContainText('已接受（计入 1 条）');
});
