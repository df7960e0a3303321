import { expect, type Locator, type Page, type Request } from '@playwright/test';
import { startPart } from '../login.ts';
import { pasteScreenshot } from '../paste.ts';

/** The exam room: candidates at their computers, the proctor at the console. */

export async function loginCandidateAs(page: Page, ticketNo: string, password: string) {
  await page.goto('/');
  await page.getByTestId('login-ticket').fill(ticketNo);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await expect(page).toHaveURL(/\/exam$/);
}

export async function openRoom(proctor: Page, sittingName: string, room: string) {
  await proctor.getByTestId('room-select').click();
  await proctor.getByRole('option', { name: new RegExp(`${sittingName} · ${room}`) }).click();
  await expect(proctor.getByTestId('proctor-live')).toHaveText(/实时/);
}

export const gridRow = (proctor: Page, ticketNo: string): Locator => proctor.locator(`[data-testid="grid-row"][data-ticket="${ticketNo}"]`);

/** One proctor action on a candidate's row: the reason is required, the text only for a message. */
export async function act(proctor: Page, ticketNo: string, type: 'message' | 'pause' | 'resume' | 'extend' | 'violation', reason: string, text?: string) {
  await gridRow(proctor, ticketNo).getByTestId('row-actions').click();
  await proctor.getByTestId(`row-action-${type}`).click();
  if (text) await proctor.getByTestId('action-text').fill(text);
  await proctor.getByTestId('action-reason').fill(reason);
  await proctor.getByTestId('action-confirm').click();
  await expect(proctor.getByTestId('proctor-notice')).toBeVisible();
}

/** Theory: answers and a reload mid-way; the answers survive it. */
export async function sitTheoryUntilProctored(candidate: Page) {
  await startPart(candidate, 'theory');
  await candidate.getByTestId('option-A').check();
  await expect(candidate.getByTestId('save-status')).toHaveAttribute('data-state', 'saved');
  await candidate.getByTestId('next-item').click();
  await candidate.getByTestId('option-B').check();
  await expect(candidate.getByTestId('save-status')).toHaveAttribute('data-state', 'saved');

  await candidate.reload();
  await expect(candidate.getByTestId('item-1')).toBeVisible();
  await expect(candidate.getByTestId('option-A')).toBeChecked();
  await expect(candidate.getByTestId('nav-item-2')).toHaveAttribute('data-state', 'answered');
}

/**
 * A lost network and its return: the banner says so, the answer given meanwhile is sent when the
 * line is back. The running exam fetches nothing else then: the candidate overview is not asked
 * for again (a whole room's pages would ask at once when its network returns).
 */
export async function loseNetworkAndComeBack(candidate: Page) {
  const overviewFetches: string[] = [];
  const onRequest = (request: Request) => {
    if (new URL(request.url()).pathname === '/api/candidate/overview') overviewFetches.push(request.url());
  };
  await candidate.context().setOffline(true);
  await expect(candidate.getByTestId('connection-lost')).toBeVisible();
  await candidate.getByTestId('nav-item-3').click();
  await candidate.getByTestId('option-A').check();
  await expect(candidate.getByTestId('save-status')).toHaveAttribute('data-state', 'offline');
  candidate.on('request', onRequest);
  await candidate.context().setOffline(false);
  await expect(candidate.getByTestId('connection-lost')).toBeHidden();
  await expect(candidate.getByTestId('save-status')).toHaveAttribute('data-state', 'saved');
  candidate.off('request', onRequest);
  expect(overviewFetches).toEqual([]);
}

export async function submitPart(candidate: Page, answered: number) {
  await candidate.getByTestId('submit-button').click();
  await expect(candidate.getByTestId('submit-counts')).toHaveAttribute('data-answered', String(answered));
  await candidate.getByTestId('submit-confirm').click();
  await expect(candidate.getByTestId('session-ended')).toBeVisible();
  await candidate.getByTestId('back-to-overview').click();
}

/** Skills: a short answer typed, a screenshot pasted into one practical task and one captured in another, and submitted. */
export async function sitSkills(candidate: Page) {
  await startPart(candidate, 'skills');
  await candidate.getByTestId('text-answer').fill('只授予 webops 组重启、查看状态和检查配置三条命令，用 visudo -c 检查。');
  await candidate.getByTestId('text-answer').blur();
  await expect(candidate.getByTestId('save-status')).toHaveAttribute('data-state', 'saved');
  await candidate.getByTestId('nav-item-3').click();
  await expect(candidate.getByTestId('item-3')).toBeVisible();
  await pasteScreenshot(candidate, '#2b8a3e');
  await expect(candidate.getByTestId('screenshot-saved')).toHaveCount(1);
  await expect(candidate.getByTestId('signal-warning')).toHaveCount(0);
  await expect(candidate.getByTestId('nav-item-3')).toHaveAttribute('data-state', 'answered');
  await candidate.getByTestId('nav-item-4').click();
  await expect(candidate.getByTestId('item-4')).toBeVisible();
  await candidate.getByTestId('capture-screen').click();
  await expect(candidate.getByTestId('screenshot-saved')).toHaveCount(1);
  await submitPart(candidate, 3);
}
