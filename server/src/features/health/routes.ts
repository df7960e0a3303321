import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { healthSchema } from '@shared/api.ts';
import type { Clock } from '../../core/clock.ts';
import type { Store } from '../../core/db/store.ts';
import { APP_VERSION } from '../../core/version.ts';
import { checkDisk, createEventLoopProbe } from './health-checks.ts';

/**
 * For HEALTHCHECK and monitoring: 503 when answers cannot be saved, `warning` when trouble is coming.
 * `redis` (cluster mode): reported, never a failure, as saves, deadlines and scores do not need it.
 */
export const healthRoutes: FastifyPluginAsyncZod<{ store: Pick<Store, 'health'>; clock: Clock; dataDir: string; redis?: () => 'ok' | 'down' }> = async (app, { store, clock, dataDir, redis }) => {
  const eventLoop = createEventLoopProbe();
  app.addHook('onClose', async () => eventLoop.stop());

  app.get('/health', { config: { access: 'public' }, schema: { tags: ['health'], response: { 200: healthSchema, 503: healthSchema } } }, async (_request, reply) => {
    const checks = { ...(await store.health()), disk: checkDisk(dataDir), eventLoop: eventLoop.read() };
    const broken = !checks.database.ok || !checks.migrations.ok;
    // A slow event loop is reported, not a status: it passes, and a busy test machine shows it too.
    const status = broken ? ('error' as const) : checks.disk.ok ? ('ok' as const) : ('warning' as const);
    void reply.status(broken ? 503 : 200);
    return { status, version: APP_VERSION, uptimeSeconds: Math.round(process.uptime()), serverTime: clock.now(), database: checks.database.ok ? ('ok' as const) : ('error' as const), ...(redis ? { redis: redis() } : {}), checks };
  });
};
