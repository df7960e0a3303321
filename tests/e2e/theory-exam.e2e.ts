import { expect, test, type Page } from '@playwright/test';
import { advanceServerClock, PAST_THE_DEMO_SITTING_MINUTES } from './clock.ts';
import { loginAdmin, loginCandidate, startPart } from './login.ts';

async function openTheory(page: Page) {
  await startPart(page, 'theory');
  await expect(page.getByTestId('countdown')).toHaveText(/^(01:29:\d\d|01:30:00)$/);
}

/** Whether the page asked for the compact start/resume reply (shared/session-view-wire.ts) and got binary content. */
function watchViewWire(page: Page) {
  const wire = { askedCompact: 0, binaryFrames: 0, noops: 0 };
  page.on('websocket', (ws) => {
    ws.on('framesent', (f) => {
      if (typeof f.payload === 'string' && /"session:(start|resume)",\{[^}]*"view":"paper-content"/.test(f.payload)) wire.askedCompact++;
    });
    ws.on('framereceived', (f) => {
      if (typeof f.payload !== 'string') wire.binaryFrames++;
      // engine.io's noop: the server's heartbeat to a connection it sent nothing else for 3 s (core/engine-frames.ts).
      else if (f.payload === '6') wire.noops++;
    });
  });
  return wire;
}

test('a candidate answers, reloads, finds the answers, submits and sees the submitted state', async ({ page }) => {
  const wire = watchViewWire(page);
  await loginCandidate(page, '2026040101');
  await expect(page.getByTestId('candidate-name')).toContainText('张伟');
  // 考生须知 first: the part, its length and items, the pass line and the rules; the clock starts on confirming.
  await page.getByTestId('start-theory').click();
  await expect(page.getByTestId('instructions-duration')).toHaveText('90 分钟');
  await expect(page.getByTestId('instructions-items')).toHaveText('90 题');
  await expect(page.getByTestId('instructions-pass')).toContainText('60');
  await expect(page.getByTestId('instructions-paste')).toHaveAttribute('data-policy', 'block');
  await page.goto('/exam');
  await expect(page.getByTestId('part-status-theory')).toHaveText('未开始');
  await openTheory(page);
  // The page reads the compact reply: the paper's content came as a binary frame.
  expect(wire.askedCompact).toBeGreaterThan(0);
  expect(wire.binaryFrames).toBeGreaterThan(0);

  // A quiet page hears the server's noops and never says the line is lost (it would after 4.5 s of silence).
  await page.evaluate(() => {
    const seen = window as unknown as { lostShown: boolean };
    seen.lostShown = false;
    const look = () => (seen.lostShown ||= document.querySelector('[data-testid="connection-lost"]') !== null);
    new MutationObserver(look).observe(document.body, { childList: true, subtree: true });
  });
  const noopsBefore = wire.noops;
  await expect.poll(() => wire.noops - noopsBefore, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
  expect(await page.evaluate(() => (window as unknown as { lostShown: boolean }).lostShown)).toBe(false);

  await page.getByTestId('option-A').check();
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-state', 'saved');
  await page.getByTestId('next-item').click();
  await expect(page.getByTestId('item-2')).toBeVisible();
  await page.getByTestId('option-C').check();
  await page.getByTestId('flag-toggle').click();
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-state', 'saved');
  await expect(page.getByTestId('nav-item-1')).toHaveAttribute('data-state', 'answered');
  await expect(page.getByTestId('nav-item-2')).toHaveAttribute('data-flagged', 'true');
  await expect(page.getByTestId('nav-item-3')).toHaveAttribute('data-state', 'unanswered');

  await page.reload();
  await expect(page.getByTestId('item-1')).toBeVisible();
  await expect(page.getByTestId('option-A')).toBeChecked();
  await expect(page.getByTestId('nav-item-1')).toHaveAttribute('data-state', 'answered');
  await expect(page.getByTestId('nav-item-2')).toHaveAttribute('data-state', 'answered');
  await expect(page.getByTestId('nav-item-2')).toHaveAttribute('data-flagged', 'true');
  await page.getByTestId('nav-item-2').click();
  await expect(page.getByTestId('option-C')).toBeChecked();

  // Losing the line is said within seconds; answers given meanwhile wait on this computer and go when it is back.
  await page.context().setOffline(true);
  await expect(page.getByTestId('connection-lost')).toBeVisible({ timeout: 5_000 });
  await page.getByTestId('nav-item-3').click();
  await page.getByTestId('option-B').check();
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-state', 'offline');
  await page.context().setOffline(false);
  await expect(page.getByTestId('connection-lost')).toBeHidden({ timeout: 15_000 });
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-state', 'saved');

  await page.getByTestId('submit-button').click();
  await expect(page.getByTestId('submit-counts')).toHaveAttribute('data-answered', '3');
  await expect(page.getByTestId('submit-counts')).toHaveAttribute('data-flagged', '1');
  await expect(page.getByTestId('submit-counts')).toHaveText('已作答 3 题，未作答 87 题，已标记 1 题');
  const unanswered = page.getByTestId('unanswered-list');
  await expect(unanswered).toContainText('4');
  for (const n of [1, 2, 3]) await expect(page.getByTestId(`unanswered-list-${n}`)).toHaveCount(0);
  // An unanswered item is a link to it.
  await page.getByTestId('unanswered-list-4').click();
  await expect(page.getByTestId('item-4')).toBeVisible();
  await page.getByTestId('submit-button').click();
  await page.getByTestId('submit-confirm').click();
  await expect(page.getByTestId('session-ended')).toBeVisible();

  await page.getByTestId('back-to-overview').click();
  await expect(page.getByTestId('part-submitted-theory')).toBeVisible();
  await expect(page.getByTestId('part-pending-theory')).toBeVisible();
});

test('results are refused while a candidate works, released once the sitting is over, and the candidate then sees the score', async ({ browser }) => {
  const candidate = await browser.newPage();
  await loginCandidate(candidate, '2026040102');
  await openTheory(candidate);
  await candidate.getByTestId('option-A').check();
  await expect(candidate.getByTestId('save-status')).toHaveAttribute('data-state', 'saved');

  // The candidate is still answering: no release, and the administrator is told why.
  const admin = await browser.newPage();
  await loginAdmin(admin);
  await admin.getByTestId('release-1').click();
  await admin.getByTestId('release-confirm').click();
  await expect(admin.getByTestId('release-error')).toContainText('正在作答');

  await candidate.getByTestId('submit-button').click();
  await candidate.getByTestId('submit-confirm').click();
  await expect(candidate.getByTestId('session-ended')).toBeVisible();

  await advanceServerClock(admin, PAST_THE_DEMO_SITTING_MINUTES);
  await admin.getByTestId('release-confirm').click();
  await expect(admin.getByTestId('released-1')).toBeVisible();

  await candidate.goto('/exam');
  await expect(candidate.getByTestId('part-score-theory')).toHaveText(/\d/);
  await expect(candidate.getByTestId('part-passed-theory')).toBeVisible();
});

test('the interface switches between Chinese and English', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('login-submit')).toHaveText(/登录/);
  await page.getByTestId('lang-switch').getByText('English').click();
  await expect(page.getByTestId('login-submit')).toHaveText('Sign in');
  await page.reload();
  await expect(page.getByTestId('login-submit')).toHaveText('Sign in');
});
