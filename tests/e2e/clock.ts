import { expect, type Page } from '@playwright/test';

/**
 * Moves the server's clock (CLOCK_CONTROL) as the logged-in administrator of `page`: parts end on
 * command instead of after their real duration. Every spec after this one sees the moved clock.
 */
export async function advanceServerClock(page: Page, minutes: number) {
  const res = await page.request.post('/api/admin/clock/advance', { data: { minutes } });
  expect(res.status()).toBe(200);
}

/** Past every part of the demo sitting (90 + 120 minutes from its start), with room to spare. */
export const PAST_THE_DEMO_SITTING_MINUTES = 4 * 60;
