import { describe, expect, it } from 'vitest';
import { gapRecord, RELOAD_WINDOW_MS } from '../../../server/src/features/proctor/proctor-rules.ts';

describe('a connection gap, as recorded when the candidate is back', () => {
  const at = 1_000_000;
  it('a browser-closed connection back within the window is one page reload, at the time it happened', () => {
    expect(gapRecord({ at, reason: 'transport close' }, at + 3_000)).toEqual({ kind: 'page_reload', at, details: { awayMs: 3_000 } });
    expect(gapRecord({ at, reason: 'client namespace disconnect' }, at + RELOAD_WINDOW_MS).kind).toBe('page_reload');
  });
  it('a short network drop is one reconnect record that says why', () => {
    expect(gapRecord({ at, reason: 'ping timeout' }, at + 8_000)).toEqual({ kind: 'reconnected', at, details: { awayMs: 8_000, reason: 'ping timeout' } });
  });
  it('past the window the disconnect stands on its own and the return is a plain reconnect', () => {
    expect(gapRecord({ at, reason: 'transport close' }, at + RELOAD_WINDOW_MS + 1)).toEqual({ kind: 'reconnected', at: at + RELOAD_WINDOW_MS + 1, details: { awayMs: RELOAD_WINDOW_MS + 1 } });
  });
});
