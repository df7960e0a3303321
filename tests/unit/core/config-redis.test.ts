import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../server/src/core/config.ts';

describe('Redis configuration', () => {
  it('is off without REDIS_URL (an empty value counts as unset)', () => {
    expect(loadConfig({}).redis).toBeNull();
    expect(loadConfig({ REDIS_URL: '' }).redis).toBeNull();
  });

  it('is the URL and the key prefix with REDIS_URL', () => {
    expect(loadConfig({ REDIS_URL: 'redis://:secret@cache:6379/2' }).redis).toEqual({ url: 'redis://:secret@cache:6379/2', prefix: 'kaochang', presenceSnapshotMs: 5000 });
    expect(loadConfig({ REDIS_URL: 'rediss://cache', REDIS_PREFIX: 'centre-7' }).redis).toEqual({ url: 'rediss://cache', prefix: 'centre-7', presenceSnapshotMs: 5000 });
  });

  it('stops on a URL that is not Redis without printing it (it may hold a password)', () => {
    const attempt = () => loadConfig({ REDIS_URL: 'http://user:hunter2@cache:6379' });
    expect(attempt).toThrow(/REDIS_URL: not a redis:\/\/ or rediss:\/\/ URL/);
    expect(attempt).not.toThrow(/hunter2/);
    expect(() => loadConfig({ REDIS_URL: 'cache:6379' })).toThrow(/REDIS_URL/);
    expect(() => loadConfig({ REDIS_URL: 'redis://cache', REDIS_PREFIX: 'a b' })).toThrow(/REDIS_PREFIX/);
  });
});
