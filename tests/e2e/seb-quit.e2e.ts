import { expect, test, type Page } from '@playwright/test';
import { loginAdmin, loginCandidate } from './login.ts';

/** 孙丽 of the demo has both parts submitted (the grading demo), and no other spec logs in as her. */
const FINISHED = '2026040107';
const DEMO_PLAN = '2026年第四期 网络与信息安全管理员 职业技能等级认定（演示）';

/**
 * SEB's JavaScript API as SEB 3 offers it: `updateKeys` recomputes the Config Key hashed with the
 * page's URL. The e2e server cannot be reached through SEB itself, so the page gets this stand-in.
 */
async function actAsSeb(page: Page, configKey: string) {
  await page.addInitScript((key) => {
    const security = {
      configKey: '',
      updateKeys(done: () => void) {
        void crypto.subtle.digest('SHA-256', new TextEncoder().encode(location.href.split('#')[0] + key)).then((hash) => {
          security.configKey = [...new Uint8Array(hash)].map((b) => b.toString(16).padStart(2, '0')).join('');
          done();
        });
      },
    };
    (window as unknown as { SafeExamBrowser: unknown }).SafeExamBrowser = { security };
  }, configKey);
}

test('a candidate in SEB finds the quit link on the refusal and on the submitted page once every part has ended', async ({ browser, baseURL }) => {
  const admin = await browser.newPage();
  await loginAdmin(admin);
  const plans = (await (await admin.request.get('/api/admin/plans')).json()) as { title: string; sittings: { id: number }[] }[];
  const sittingId = plans.find((p) => p.title === DEMO_PLAN)!.sittings[0]!.id;
  const before = await (await admin.request.get(`/api/admin/sittings/${sittingId}/seb`)).json();
  const quitUrl = `${baseURL}/seb-quit`;
  const saved = await admin.request.put(`/api/admin/sittings/${sittingId}/seb`, { data: { required: true, options: { ...before.options, quitUrl }, browserExamKeys: [] } });
  expect(saved.status()).toBe(200);
  const { configKey } = (await saved.json()) as { configKey: string };

  try {
    // SEB started with another configuration: refused, and the quit link is the way out to the right file.
    const wrong = await browser.newPage();
    await actAsSeb(wrong, 'f'.repeat(64));
    await loginCandidate(wrong, FINISHED);
    const refusal = wrong.getByTestId('seb-refused');
    await expect(refusal).toHaveAttribute('data-reason', 'mismatch');
    await expect(refusal.getByTestId('seb-quit-link')).toHaveAttribute('href', quitUrl);
    await expect(refusal.getByTestId('seb-quit-link')).toHaveText('退出安全考试浏览器，再打开考场提供的最新 .seb 配置文件');

    // The sitting's SEB: both parts are submitted, so the submitted page of each part offers to quit.
    const seb = await browser.newPage();
    await actAsSeb(seb, configKey);
    const overview = seb.waitForResponse((r) => r.url().endsWith('/api/candidate/overview') && r.status() === 200);
    await loginCandidate(seb, FINISHED);
    const parts = ((await (await overview).json()) as { parts: { kind: string; sittingPartId: number }[] }).parts;
    await expect(seb.getByTestId('seb-quit-link')).toHaveAttribute('href', quitUrl);
    await seb.goto(`/exam/part/${parts.find((p) => p.kind === 'skills')!.sittingPartId}`);
    const ended = seb.getByTestId('session-ended');
    await expect(ended).toBeVisible();
    await expect(ended.getByTestId('seb-quit-link')).toHaveAttribute('href', quitUrl);
  } finally {
    // The other specs sit the demo sitting in a plain browser.
    const restored = await admin.request.put(`/api/admin/sittings/${sittingId}/seb`, { data: { required: before.required, options: before.options, browserExamKeys: before.browserExamKeys } });
    expect(restored.status()).toBe(200);
  }
});
