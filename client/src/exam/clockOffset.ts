/**
 * Server clock offset. Lab computers often have wrong clocks, so the countdown uses
 * serverTime ≈ Date.now() + offset. Each ping is a sample; the one with the smallest round
 * trip has the least room for asymmetric delay, so it is the one we trust (NTP's idea).
 */

export interface ClockSample {
  sentAt: number;
  receivedAt: number;
  serverNow: number;
}

export interface ClockEstimate {
  offset: number;
  roundTrip: number;
}

export const roundTripOf = (s: ClockSample) => s.receivedAt - s.sentAt;
export const offsetOf = (s: ClockSample) => s.serverNow - (s.sentAt + s.receivedAt) / 2;

export function bestEstimate(samples: readonly ClockSample[]): ClockEstimate | null {
  let best: ClockSample | null = null;
  for (const s of samples) {
    if (roundTripOf(s) < 0) continue; // the local clock jumped backwards mid-ping
    if (!best || roundTripOf(s) < roundTripOf(best)) best = s;
  }
  return best ? { offset: offsetOf(best), roundTrip: roundTripOf(best) } : null;
}

/**
 * Sends `count` pings one after another. A lost ping is skipped, but after `maxFailures` the
 * measurement gives up so a struggling network does not hold the exam back; no sample gives null.
 */
export async function measureClockOffset(
  ping: (clientSentAt: number) => Promise<number>,
  { count = 5, maxFailures = 2, now = Date.now }: { count?: number; maxFailures?: number; now?: () => number } = {},
): Promise<ClockEstimate | null> {
  const samples: ClockSample[] = [];
  let failures = 0;
  for (let i = 0; i < count && failures < maxFailures; i++) {
    const sentAt = now();
    try {
      const serverNow = await ping(sentAt);
      samples.push({ sentAt, receivedAt: now(), serverNow });
    } catch {
      failures++;
    }
  }
  return bestEstimate(samples);
}

export function remainingMs(deadline: number, offset: number, localNow: number = Date.now()): number {
  return deadline - (localNow + offset);
}

export function formatHms(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return [h, m, s].map((n) => String(n).padStart(2, '0')).join(':');
}
