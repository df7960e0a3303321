import { describe, expect, it } from 'vitest';
import { busCache, localCacheBus } from '../../../server/src/core/cache-bus.ts';

describe('busCache bounded by maxEntries (issue #19)', () => {
  it('drops the least recently read entry first, and reloads it when asked again', async () => {
    const cache = busCache<string>(localCacheBus(), 'test', { maxEntries: 3, wallNow: () => 0 });
    const loads: number[] = [];
    const read = (key: number) => cache.read(key, async () => (loads.push(key), `v${key}`));
    for (const key of [1, 2, 3]) await read(key);
    expect(await read(1)).toBe('v1');
    await read(4);
    expect(cache.size()).toBe(3);
    // 2 was read least recently (1 was read again after it), so 2 went.
    expect(cache.get(2)).toBeUndefined();
    expect([cache.get(1), cache.get(3), cache.get(4)]).toEqual(['v1', 'v3', 'v4']);
    expect(await read(2)).toBe('v2');
    expect(loads).toEqual([1, 2, 3, 4, 2]);
    expect(cache.size()).toBe(3);
  });

  it('without maxEntries keeps everything, and a change still drops its group', async () => {
    const bus = localCacheBus();
    const cache = busCache<number>(bus, 'test', { wallNow: () => 0 });
    for (let key = 0; key < 100; key++) cache.set(key, key, key % 2);
    expect(cache.size()).toBe(100);
    cache.changed(1);
    expect(cache.size()).toBe(50);
    expect(cache.get(3)).toBeUndefined();
    expect(cache.get(4)).toBe(4);
  });
});

describe('busCache.readMany', () => {
  it('loads only the missing keys, in one call, and keeps them', async () => {
    const cache = busCache<string | undefined>(localCacheBus(), 'test', { wallNow: () => 0 });
    cache.set(2, 'cached');
    const loads: number[][] = [];
    const load = async (missing: number[]) => (loads.push(missing), new Map(missing.filter((k) => k !== 9).map((k) => [k, `v${k}`])));
    const got = await cache.readMany([1, 2, 3, 9], load);
    expect([...got]).toEqual([[2, 'cached'], [1, 'v1'], [3, 'v3'], [9, undefined]]);
    expect(loads).toEqual([[1, 3, 9]]);
    await cache.readMany([1, 3], load);
    expect(loads).toHaveLength(1);
  });

  it('does not keep what was loaded while its topic changed', async () => {
    const cache = busCache<string>(localCacheBus(), 'test', { wallNow: () => 0 });
    const got = await cache.readMany([1], async () => (cache.changed(1), new Map([[1, 'old']])));
    expect(got.get(1)).toBe('old');
    expect(cache.get(1)).toBeUndefined();
  });
});
