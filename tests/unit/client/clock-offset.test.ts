import { describe, expect, it } from 'vitest';
import { bestEstimate, formatHms, measureClockOffset, remainingMs } from '../../../client/src/exam/clockOffset.ts';

describe('clock offset', () => {
  it('trusts the sample with the smallest round trip', () => {
    const estimate = bestEstimate([
      { sentAt: 0, receivedAt: 400, serverNow: 10_500 },
      { sentAt: 1000, receivedAt: 1020, serverNow: 11_010 },
      { sentAt: 2000, receivedAt: 2100, serverNow: 12_000 },
    ]);
    expect(estimate).toEqual({ offset: 10_000, roundTrip: 20 });
  });

  it('measures against a server whose clock is 5 minutes ahead', async () => {
    let local = 1_000_000;
    const now = () => local;
    const ping = async (sentAt: number) => {
      local += 10;
      const serverNow = sentAt + 300_000 + 10;
      local += 10;
      return serverNow;
    };
    const estimate = await measureClockOffset(ping, { now });
    expect(estimate).toEqual({ offset: 300_000, roundTrip: 20 });
  });

  it('gives up after repeated failures and returns null without samples', async () => {
    let calls = 0;
    const estimate = await measureClockOffset(async () => {
      calls++;
      throw new Error('timeout');
    });
    expect(estimate).toBeNull();
    expect(calls).toBe(2);
  });

  it('computes the countdown from the server deadline and the offset, not the local clock alone', () => {
    const deadline = 10_000_000;
    // Local clock 1 minute behind the server: offset +60 s.
    expect(remainingMs(deadline, 60_000, deadline - 120_000)).toBe(60_000);
    expect(formatHms(90 * 60_000)).toBe('01:30:00');
    expect(formatHms(1)).toBe('00:00:01');
    expect(formatHms(-5)).toBe('00:00:00');
  });
});
