import { Redis } from 'ioredis';
import { describe } from 'vitest';

/**
 * Redis for the cluster tests, at KAOCHANG_TEST_REDIS_URL (default redis://127.0.0.1:6379). As for
 * PostgreSQL (stores.ts): without it the Redis blocks are skipped with one line saying why, unless
 * KAOCHANG_STORE=all (CI), which requires it.
 */
export const REDIS_URL = process.env.KAOCHANG_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export async function redisUnreachable(): Promise<string | null> {
  const client = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 3000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.ping();
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  } finally {
    client.disconnect();
  }
}

export async function describeRedis(name: string, body: () => void): Promise<void> {
  const why = await redisUnreachable();
  if (why && process.env.KAOCHANG_STORE === 'all') throw new Error(`KAOCHANG_STORE=all needs Redis at ${REDIS_URL}: ${why}`);
  if (why) describe.skip(`${name}: Redis at ${REDIS_URL} does not answer (${why}); KAOCHANG_STORE=all requires it`, body);
  else describe(name, body);
}
