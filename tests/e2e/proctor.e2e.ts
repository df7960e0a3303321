import { expect, test, type Page } from '@playwright/test';
import { loginCandidate, startPart } from './login.ts';

// Reserved for this file: no other e2e test uses this ticket.
const TICKET = '2026040104';

async function loginProctor(page: Page) {
  await page.goto('/');
  await page.getByTestId('tab-staff').click();
  await page.getByTestId('login-username').fill('proctor');
  await page.getByTestId('login-password').fill('proctor123');
  await page.getByTestId('login-submit').click();
  await expect(page).toHaveURL(/\/proctor$/);
}

test('the proctor watches a candidate go from in progress to submitted, messages, pauses and resumes them on the way', async ({ browser }) => {
  const proctor = await browser.newPage();
  await loginProctor(proctor);
  const row = proctor.locator(`[data-testid="grid-row"][data-ticket="${TICKET}"]`);
  await expect(row).toBeVisible();
  await expect(proctor.getByTestId('proctor-live')).toHaveText(/实时/);

  const candidate = await browser.newPage();
  await expect(row).toHaveAttribute('data-status', 'not_logged_in');
  await loginCandidate(candidate, TICKET);
  // Logged in, on the overview (no exam page open yet): not "not logged in".
  await expect(row).toHaveAttribute('data-status', 'waiting');
  await expect(row.getByTestId('row-status')).toHaveText('已登录 / 等待开始');
  await startPart(candidate, 'theory');
  await expect(row).toHaveAttribute('data-status', 'in_progress');

  await candidate.getByTestId('option-A').check();
  await expect(candidate.getByTestId('save-status')).toHaveAttribute('data-state', 'saved');
  await expect(row.getByTestId('row-answered')).toHaveText(/^1\/\d+$/);

  // A message needs a reason, and stays on the candidate's screen until dismissed.
  await row.getByTestId('row-actions').click();
  await proctor.getByTestId('row-action-message').click();
  await proctor.getByTestId('action-text').fill('请把手机放到前面的桌上');
  await expect(proctor.getByTestId('action-confirm')).toBeDisabled();
  await proctor.getByTestId('action-reason').fill('手机在桌上');
  await proctor.getByTestId('action-confirm').click();
  await expect(proctor.getByTestId('proctor-notice')).toBeVisible();
  await expect(candidate.getByTestId('proctor-message')).toHaveText('请把手机放到前面的桌上');
  await candidate.getByTestId('proctor-message-dismiss').click();
  await expect(candidate.getByTestId('proctor-message')).toBeHidden();

  // Pause: the candidate's paper is covered and their clock stops; resume lifts it.
  await row.getByTestId('row-actions').click();
  await proctor.getByTestId('row-action-pause').click();
  await proctor.getByTestId('action-reason').fill('考生身体不适');
  await proctor.getByTestId('action-confirm').click();
  await expect(candidate.getByTestId('exam-paused')).toContainText('考生身体不适');
  await expect(row).toHaveAttribute('data-status', 'paused');
  await row.getByTestId('row-actions').click();
  await proctor.getByTestId('row-action-resume').click();
  await proctor.getByTestId('action-reason').fill('已恢复');
  await proctor.getByTestId('action-confirm').click();
  await expect(candidate.getByTestId('exam-paused')).toBeHidden();
  await expect(candidate.getByTestId('notice-resumed')).toContainText('已恢复');
  await expect(row).toHaveAttribute('data-status', 'in_progress');

  // Extra time: the candidate is told how much, why, and when the part now ends.
  await row.getByTestId('row-actions').click();
  await proctor.getByTestId('row-action-extend').click();
  await proctor.getByTestId('action-reason').fill('电脑故障耽误时间');
  await proctor.getByTestId('action-confirm').click();
  await expect(candidate.getByTestId('notice-extended')).toContainText('电脑故障耽误时间');
  await expect(candidate.getByTestId('notice-extended')).toContainText(/新的结束时间：\d\d:\d\d:\d\d/);

  // Logging out during a part asks first and says the clock keeps running.
  await candidate.getByTestId('logout-button').click();
  await expect(candidate.getByTestId('logout-running')).toContainText('不会停止计时');
  await candidate.getByTestId('logout-stay').click();

  await candidate.getByTestId('submit-button').click();
  await candidate.getByTestId('submit-confirm').click();
  await expect(candidate.getByTestId('session-ended')).toBeVisible();
  await expect(row).toHaveAttribute('data-status', 'submitted');
  await expect(row.getByTestId('row-status')).toHaveText('已交卷');
});
