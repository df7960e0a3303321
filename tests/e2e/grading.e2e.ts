import { expect, test, type Page } from '@playwright/test';
import { advanceServerClock, PAST_THE_DEMO_SITTING_MINUTES } from './clock.ts';
import { loginAdmin, loginCandidate, loginStaff } from './login.ts';

const loginGrader = (page: Page) => loginStaff(page, 'grader', 'grader123', /\/grading$/);

/** Scores every criterion of the open script with its first value step above zero. */
async function scoreOpenScript(page: Page) {
  const inputs = page.locator('[data-testid^="criterion-"]');
  const count = await inputs.count();
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i += 1) await inputs.nth(i).fill('2');
  await expect(page.getByTestId('mark-total')).toContainText(String(count * 2));
  await page.getByTestId('mark-submit').click();
}

test('a grader marks one candidate anonymously, views a screenshot, and the released score reaches the candidate', async ({ browser }) => {
  // Three people and five scripts: more than the default minute on a busy machine.
  test.setTimeout(180_000);
  const grader = await browser.newPage();
  await loginGrader(grader);
  await expect(grader.getByTestId('grading-tasks')).toBeVisible();
  await expect(grader.getByTestId('task-progress-1')).toContainText('0 / 3');

  await grader.getByTestId('grading-mode').getByText('按考生阅卷').click();
  await grader.getByTestId('open-1-1').click();
  for (let position = 1; position <= 5; position += 1) {
    const marker = grader.getByTestId('script-marker');
    await expect(grader.getByTestId('script-title')).toContainText(`第 ${position} 题`);
    // No candidate identity anywhere on the grader's page.
    await expect(grader.locator('body')).not.toContainText(/202604010[678]|赵磊|孙丽|周强/);
    if ((await grader.getByTestId('screenshot-thumb-1').count()) > 0) {
      await grader.getByTestId('screenshot-thumb-1').click();
      const image = grader.getByTestId('viewer-image');
      await expect(image).toBeVisible();
      await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(160);
      await grader.getByTestId('viewer-zoom').click();
      await expect(image).toHaveAttribute('data-full-size', 'true');
      const shots = await grader.locator('[data-testid^="screenshot-thumb-"]').count();
      await expect(grader.getByTestId('viewer-title')).toHaveText(`截图 1 / ${shots}`);
      await grader.keyboard.press('ArrowRight');
      await expect(grader.getByTestId('viewer-title')).toHaveText(`截图 ${shots > 1 ? 2 : 1} / ${shots}`);
      await grader.keyboard.press('Escape');
      await expect(image).toBeHidden();
    }
    await expect(marker).toBeVisible();
    await scoreOpenScript(grader);
  }
  await expect(grader.getByTestId('grading-candidates')).toBeVisible();
  await expect(grader.getByTestId('open-1-5')).toHaveAttribute('data-state', 'resolved');

  const admin = await browser.newPage();
  await loginAdmin(admin);
  const graded = admin.locator('[data-testid^="skills-"][data-outcome="failed"], [data-testid^="skills-"][data-outcome="passed"]');
  await expect(graded).toHaveCount(1);
  const ticket = ((await graded.getAttribute('data-testid')) ?? '').replace('skills-', '');
  expect(ticket).toMatch(/^202604010[678]$/);
  const score = /^([\d.]+)/.exec((await graded.textContent()) ?? '')?.[1];
  expect(Number(score)).toBeGreaterThan(0);
  // Candidates of the sitting could still start the skills part: the release is refused, in words.
  await admin.getByTestId('release-2').click();
  await admin.getByTestId('release-confirm').click();
  await expect(admin.getByTestId('release-error')).toContainText('还可能开考');
  // Once the sitting is over the same release goes through.
  await advanceServerClock(admin, PAST_THE_DEMO_SITTING_MINUTES);
  await admin.getByTestId('release-confirm').click();
  await expect(admin.getByTestId('released-2')).toBeVisible();

  const candidate = await browser.newPage();
  await loginCandidate(candidate, ticket);
  await expect(candidate.getByTestId('part-score-skills')).toContainText(score!);
  await expect(candidate.getByTestId('part-passed-skills')).toBeVisible();
});
