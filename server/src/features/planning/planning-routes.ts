import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParamsSchema } from '@shared/api.ts';
import { errorBodySchema } from '@shared/errors.ts';
import { adminPlanSchema, partSettingsBodySchema, photoZipReportSchema, planBodySchema, roomBodySchema, rosterQuerySchema, rosterReportSchema, sittingBodySchema } from '@shared/registration.ts';
import { BadRequestError } from '../../core/errors.ts';
import { currentUser } from '../../core/session-user.ts';
import { roomRoutes } from './room-routes.ts';
import type { RoomsService } from './rooms-service.ts';
import { MAX_PHOTO_ZIP_BYTES, type RosterPhotos } from './roster-photos.ts';
import { MAX_ROSTER_BYTES, type RosterService } from './roster-service.ts';

const admin = { access: ['admin'] } as const;
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };

/** Exam plans with their sittings and rooms; sittings and rooms added; rosters imported into a plan. */
export const planningRoutes: FastifyPluginAsyncZod<{ roster: RosterService; rooms: RoomsService; photos: RosterPhotos }> = async (app, { roster, rooms, photos }) => {
  await app.register(roomRoutes, { rooms });

  // A roster is small and XLSX needs the whole file to unzip: the body arrives as one buffer.
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: MAX_ROSTER_BYTES }, (_req, body, done) => done(null, body));
  // The photos' zip: read whole by the zip reader, which checks its directory before inflating anything.
  app.addContentTypeParser('application/zip', { parseAs: 'buffer', bodyLimit: MAX_PHOTO_ZIP_BYTES }, (_req, body, done) => done(null, body));

  app.get('/plans', { config: admin, schema: { tags: ['planning'], response: { 200: z.array(adminPlanSchema), ...errors } } }, async () => roster.plans());

  app.post(
    '/plans',
    { config: admin, schema: { tags: ['planning'], body: planBodySchema, response: { 200: z.object({ planId: z.number().int(), sittingIds: z.array(z.number().int()) }), ...errors } } },
    async (request) => roster.createPlan(currentUser(request).userId, request.body),
  );

  app.post(
    '/plans/:id/sittings',
    { config: admin, schema: { tags: ['planning'], params: idParamsSchema, body: sittingBodySchema, response: { 200: z.object({ id: z.number().int() }), ...errors } } },
    async (request) => roster.addSitting(currentUser(request).userId, request.params.id, request.body),
  );

  app.put(
    '/sitting-parts/:id/settings',
    { config: admin, schema: { tags: ['planning'], params: idParamsSchema, body: partSettingsBodySchema, response: { 200: z.object({ id: z.number().int(), durationMinutes: z.number().int(), passScore: z.number() }), ...errors } } },
    async (request) => roster.updatePart(currentUser(request).userId, request.params.id, request.body),
  );

  app.post(
    '/sittings/:id/rooms',
    { config: admin, schema: { tags: ['planning'], params: idParamsSchema, body: roomBodySchema, response: { 200: z.object({ id: z.number().int(), name: z.string(), seats: z.number().int() }), ...errors } } },
    async (request) => roster.addRoom(currentUser(request).userId, request.params.id, request.body),
  );

  app.post(
    '/plans/:id/roster',
    { config: admin, bodyLimit: MAX_ROSTER_BYTES, schema: { tags: ['planning'], params: idParamsSchema, querystring: rosterQuerySchema, response: { 200: rosterReportSchema, ...errors } } },
    async (request) => {
      const body = request.body;
      if (!Buffer.isBuffer(body) || body.length === 0) throw new BadRequestError('Send the roster file (CSV or XLSX) as the request body (application/octet-stream)', { key: 'plan.sendRoster' });
      return roster.importRoster(currentUser(request).userId, request.params.id, body, request.query.fileName, request.query.dryRun);
    },
  );

  app.post(
    '/plans/:id/photos',
    { config: admin, bodyLimit: MAX_PHOTO_ZIP_BYTES, schema: { tags: ['planning'], params: idParamsSchema, querystring: rosterQuerySchema, response: { 200: photoZipReportSchema, ...errors } } },
    async (request) => {
      const body = request.body;
      if (!Buffer.isBuffer(body) || body.length === 0) throw new BadRequestError('Send the photos as a zip (application/zip) in the request body', { key: 'plan.photoZipUnreadable' });
      return photos.importZip(currentUser(request).userId, request.params.id, body, request.query.dryRun);
    },
  );
};
