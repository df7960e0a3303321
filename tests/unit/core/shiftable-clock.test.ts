import { describe, expect, it } from 'vitest';
import { ShiftableClock } from '../../../server/src/core/clock.ts';
import { ConfigError, loadConfig } from '../../../server/src/core/config.ts';

describe('the rehearsal clock (CLOCK_CONTROL)', () => {
  it('moves forward on command and fires the deadlines it passes, not the others', async () => {
    const clock = new ShiftableClock();
    const fired: string[] = [];
    const start = clock.now();
    clock.at(start + 90 * 60_000, () => fired.push('theory'));
    clock.at(start + 120 * 60_000, () => fired.push('skills'));
    const cancelled = clock.at(start + 10 * 60_000, () => fired.push('cancelled'));
    cancelled.cancel();
    clock.advance(100 * 60_000);
    expect(clock.now() - start).toBeGreaterThanOrEqual(100 * 60_000);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fired).toEqual(['theory']);
    expect(clock.shiftedBy).toBe(100 * 60_000);
    clock.advance(-5);
    expect(clock.shiftedBy).toBe(100 * 60_000);
  });

  it('is refused in production, allowed elsewhere, off by default', () => {
    expect(loadConfig({}).clockControl).toBe(false);
    expect(loadConfig({ CLOCK_CONTROL: 'true', NODE_ENV: 'test' }).clockControl).toBe(true);
    expect(() => loadConfig({ CLOCK_CONTROL: 'true', NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ CLOCK_CONTROL: 'true', NODE_ENV: 'production' })).toThrow(/CLOCK_CONTROL/);
  });
});
