import { expect, type Page } from '@playwright/test';

/** Marking and the oral review, as graders do them. */

/** The row of one of this sitting's tasks: the demo sitting's tasks are listed too, with three scripts each. */
const taskRow = (page: Page, position: number) => page.getByTestId(`task-row-${position}`).filter({ has: page.getByTestId(`task-progress-${position}`).filter({ hasText: /\/ 1(\D|$)/ }) });

/** Opens the next script of task `position` and gives every criterion `value`. */
export async function markTask(page: Page, position: number, value: number) {
  // Fresh counts: another grader's mark (say, the one that calls for arbitration) changed them.
  await page.goto('/grading');
  await page.getByTestId('grading-mode').getByText('按题阅卷').click();
  await taskRow(page, position).getByTestId(`task-start-${position}`).click();
  await expect(page.getByTestId('script-marker')).toBeVisible();
  const inputs = page.locator('[data-testid^="criterion-"]');
  const count = await inputs.count();
  for (let i = 0; i < count; i += 1) await inputs.nth(i).fill(String(value));
  await page.getByTestId('mark-submit').click();
  // In task mode the next script of the task opens by itself; this sitting has one per task, so the
  // workspace says none is left (the marker stays on screen until the server has answered).
  await expect(page.getByTestId('grading-notice')).toHaveText('本题暂无可评的答卷');
  await expect(page.getByTestId('script-marker')).toBeHidden();
}

export async function reviewProgress(page: Page, position: number) {
  return (await taskRow(page, position).getByTestId(`task-progress-${position}`).textContent()) ?? '';
}

/** 综合评审: the chair starts and ends the defence; each member scores. */
export async function openReview(page: Page) {
  await page.goto('/grading');
  await page.getByTestId('grading-mode').getByText('综合评审').click();
}

export async function reviewAction(page: Page, ticketNo: string, action: '开始' | '结束') {
  await page.getByTestId(`review-row-${ticketNo}`).getByRole('button', { name: action }).click();
}

export async function reviewScore(page: Page, ticketNo: string, score: number) {
  const row = page.getByTestId(`review-row-${ticketNo}`);
  await row.getByRole('textbox', { name: '我的评分' }).fill(String(score));
  await row.getByRole('button', { name: '保存' }).click();
}
