import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'drizzle-orm';
import { healthSchema } from '@shared/api.ts';
import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../core/db/store.ts';
import { APP_VERSION } from '../../core/version.ts';

export const healthRoutes: FastifyPluginAsyncZod<{ db: Db; clock: Clock }> = async (app, { db, clock }) => {
  app.get('/health', { config: { access: 'public' }, schema: { tags: ['health'], response: { 200: healthSchema } } }, async () => {
    await db.execute(sql`select 1`);
    return { status: 'ok' as const, version: APP_VERSION, uptimeSeconds: Math.round(process.uptime()), serverTime: clock.now(), database: 'ok' as const };
  });
};
