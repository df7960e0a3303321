import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBodySchema } from '@shared/errors.ts';
import type { ShiftableClock } from '../../core/clock.ts';
import { appendAudit } from '../../core/audit.ts';
import type { Db } from '../../core/db/store.ts';
import { currentUser } from '../../core/session-user.ts';

const advanceBody = z.strictObject({ minutes: z.number().positive().max(7 * 24 * 60) });
const clockState = z.object({ serverNow: z.number(), shiftedByMs: z.number() });

/**
 * Rehearsal clock (CLOCK_CONTROL, never in production): moves the server's time forward so a
 * rehearsal or an end-to-end test runs a real 90-minute part to its deadline in seconds. Registered
 * only when the setting is on; every move is audited and told to every open page. One node's clock
 * only: a rehearsal runs on a single server.
 */
export const clockRoutes: FastifyPluginAsyncZod<{ clock: ShiftableClock; db: Db; onShift: (serverNow: number) => void }> = async (app, { clock, db, onShift }) => {
  app.get('/clock', { config: { access: ['admin'] }, schema: { tags: ['rehearsal'], response: { 200: clockState, 401: errorBodySchema, 403: errorBodySchema } } }, async () => ({
    serverNow: clock.now(),
    shiftedByMs: clock.shiftedBy,
  }));
  app.post(
    '/clock/advance',
    { config: { access: ['admin'] }, schema: { tags: ['rehearsal'], body: advanceBody, response: { 200: clockState, 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema } } },
    async (request) => {
      const from = clock.now();
      clock.advance(Math.round(request.body.minutes * 60_000));
      await appendAudit(db, { at: clock.now(), actorUserId: currentUser(request).userId, action: 'clock.advanced', entity: 'server', entityId: null, details: { minutes: request.body.minutes, from, to: clock.now() } });
      onShift(clock.now());
      return { serverNow: clock.now(), shiftedByMs: clock.shiftedBy };
    },
  );
};
