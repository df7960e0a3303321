import { createRequire } from 'node:module';
import type { FastifyBaseLogger } from 'fastify';
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { Redis } from 'ioredis';
import { createRedisFanout, type RedisFanout } from './redis-adapter.ts';

/** How long a login waits for the shared rate-limit counter before it is let through uncounted. */
export const RATE_LIMIT_REDIS_TIMEOUT_MS = 500;

/**
 * A node's connections to Redis when REDIS_URL is set (docs/cluster.md §5): the Socket.IO adapter
 * (live fan-out between nodes) and the login rate limit's counters. Neither is on the path of a
 * save, a deadline or a score, so Redis being away degrades live fan-out and login limits only.
 */
export type RedisLinks = {
  fanout: RedisFanout;
  /** For @fastify/rate-limit: a counter it cannot reach lets the login through (and is logged). */
  rateLimitStore: FastifyRateLimitStoreCtor;
  /** `down` while either connection is lost: /api/health reports it without failing. */
  status(): 'ok' | 'down';
  close(): Promise<void>;
};

export function connectRedis(redis: { url: string; prefix: string }, log: FastifyBaseLogger): RedisLinks {
  const fanout = createRedisFanout(redis.url, {
    streamName: `${redis.prefix}:io`,
    connectionName: `${redis.prefix}-io`,
    ...outageLog('socket fan-out', log),
  });
  // No offline queue and a short command timeout: a login never waits on Redis restarting.
  const limits = new Redis(redis.url, {
    connectionName: `${redis.prefix}-login-rate`,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: RATE_LIMIT_REDIS_TIMEOUT_MS,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  const limitsLog = outageLog('login rate limit (logins are let through uncounted meanwhile)', log);
  // Unheard, a Redis client's error event crashes the process.
  limits.on('error', limitsLog.onError);
  limits.on('ready', limitsLog.onReady);
  let closed = false;
  return {
    fanout,
    rateLimitStore: failOpenStore(limits, `${redis.prefix}:login-rate:`, everyMinute((err) => log.warn({ err: { message: err.message } }, 'redis: a login was let through uncounted (rate limit store unavailable)'))),
    status: () => (fanout.status() === 'ok' && limits.status === 'ready' ? 'ok' : 'down'),
    async close() {
      if (closed) return;
      closed = true;
      await fanout.close();
      limits.disconnect();
    },
  };
}

/** One warning when a connection is lost and one line when it is back, not one per retry. */
function outageLog(what: string, log: FastifyBaseLogger) {
  let down = false;
  return {
    onError(err: Error) {
      if (down) return;
      down = true;
      log.warn({ err: { message: err.message } }, `redis: ${what} unavailable`);
    },
    onReady() {
      if (!down) return;
      down = false;
      log.info(`redis: ${what} available again`);
    },
  };
}

function everyMinute(report: (err: Error) => void): (err: Error) => void {
  let last = -Infinity;
  return (err) => {
    const now = Date.now();
    if (now - last < 60_000) return;
    last = now;
    report(err);
  };
}

type StoreCallback = (err: Error | null, res?: { current: number; ttl: number }) => void;
type InnerStore = FastifyRateLimitStore & { read?: (key: string, cb: StoreCallback, timeWindow: number, max: number) => void };
type RedisStoreCtor = new (continueExceeding: boolean, exponentialBackoff: boolean, redis: Redis, key?: string) => InnerStore;

/**
 * @fastify/rate-limit's own Redis store (the same as its `redis` option), wrapped so that a failed
 * count is reported before the plugin's `skipOnError` lets the request through.
 */
function failOpenStore(client: Redis, nameSpace: string, onError: (err: Error) => void): FastifyRateLimitStoreCtor {
  const RedisStore = createRequire(import.meta.url)('@fastify/rate-limit/store/RedisStore.js') as RedisStoreCtor;
  const tap = (cb: StoreCallback): StoreCallback => (err, res) => {
    if (err) onError(err);
    cb(err, res);
  };
  const wrap = (inner: InnerStore): InnerStore => ({
    incr: (key, cb, timeWindow, max) => inner.incr(key, tap(cb), timeWindow, max),
    read: (key, cb, timeWindow, max) => inner.read!(key, tap(cb), timeWindow, max),
    child: (routeOptions) => wrap(inner.child(routeOptions)),
  });
  function FailOpenRedisStore(options: { continueExceeding?: boolean; exponentialBackoff?: boolean }) {
    return wrap(new RedisStore(options.continueExceeding ?? false, options.exponentialBackoff ?? false, client, nameSpace));
  }
  return FailOpenRedisStore as unknown as FastifyRateLimitStoreCtor;
}
