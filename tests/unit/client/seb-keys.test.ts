import { afterEach, describe, expect, it, vi } from 'vitest';
import { sebJsHeaders, sebJsKeys } from '../../../client/src/seb/sebKeys.ts';

const K = 'a'.repeat(64);
const B = 'b'.repeat(64);

function fakePage(security: unknown, href = 'http://192.168.10.5:3000/exam/part/3#q2') {
  vi.stubGlobal('window', { SafeExamBrowser: security === undefined ? undefined : { security } });
  vi.stubGlobal('location', { href });
}
afterEach(() => vi.unstubAllGlobals());

describe("SEB's JavaScript API keys on the candidate page", () => {
  it('is null in a browser without SEB, and without a Config Key', async () => {
    fakePage(undefined);
    expect(await sebJsKeys()).toBeNull();
    expect(await sebJsHeaders()).toEqual({});
    fakePage({ configKey: '' });
    expect(await sebJsKeys()).toBeNull();
  });

  it('reads the keys with the page URL without its fragment', async () => {
    fakePage({ configKey: K, browserExamKey: B });
    expect(await sebJsKeys()).toEqual({ url: 'http://192.168.10.5:3000/exam/part/3', configKey: K, browserExamKey: B });
    expect(await sebJsHeaders()).toEqual({ 'x-kaochang-seb-page': 'http://192.168.10.5:3000/exam/part/3', 'x-kaochang-seb-configkey': K, 'x-kaochang-seb-browserexamkey': B });
  });

  it('asks SEB 3 to update the keys for the current URL first', async () => {
    const security: { configKey: string; updateKeys: (done: () => void) => void } = {
      configKey: 'stale',
      updateKeys: (done) => {
        security.configKey = K;
        setTimeout(done, 1);
      },
    };
    fakePage(security);
    expect(await sebJsKeys()).toEqual({ url: 'http://192.168.10.5:3000/exam/part/3', configKey: K });
  });

  it('does not hang when updateKeys never calls back', async () => {
    vi.useFakeTimers();
    try {
      fakePage({ configKey: K, updateKeys: () => {} });
      const keys = sebJsKeys();
      await vi.advanceTimersByTimeAsync(3000);
      expect(await keys).toMatchObject({ configKey: K });
    } finally {
      vi.useRealTimers();
    }
  });
});
