import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBodySchema } from '@shared/errors.ts';
import { lateSyncDecidedSchema, lateSyncDecisionSchema, lateSyncListQuerySchema, lateSyncRequestSchema, lateSyncUploadSchema } from '@shared/latesync.ts';
import { roomRefSchema } from '@shared/proctor.ts';
import { currentUser } from '../../core/session-user.ts';
import type { LateSyncConsole } from './late-sync-console.ts';

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };
const receiptSchema = z.object({ requestId: z.number().int(), status: z.enum(['pending', 'accepted', 'refused']), entries: z.number().int(), applicable: z.number().int() });

/** Late sync review on the proctor console: list a room's requests, decide one, upload a journal file. */
export const lateSyncRoutes: FastifyPluginAsyncZod<{ console: LateSyncConsole }> = async (app, { console: lateSync }) => {
  app.get(
    '/late-syncs',
    { config: { access: ['proctor', 'admin'] }, schema: { tags: ['proctor'], querystring: lateSyncListQuerySchema, response: { 200: z.array(lateSyncRequestSchema), ...errors } } },
    async (request) => lateSync.list(currentUser(request), request.query),
  );
  app.post(
    '/late-syncs/:id/decision',
    {
      config: { access: ['proctor', 'admin'] },
      schema: { tags: ['proctor'], params: z.strictObject({ id: z.coerce.number().int().positive() }), body: lateSyncDecisionSchema.extend(roomRefSchema.shape), response: { 200: lateSyncDecidedSchema, ...errors } },
    },
    async (request) => {
      const { sittingId, room, accept, reason } = request.body;
      return lateSync.decide(currentUser(request), { sittingId, room }, request.params.id, { accept, reason });
    },
  );
  app.post(
    '/late-syncs/file',
    // A full journal of long text answers, base64: well above Fastify's 1 MB default.
    { config: { access: ['proctor', 'admin'] }, bodyLimit: 24 * 1024 * 1024, schema: { tags: ['proctor'], body: lateSyncUploadSchema, response: { 200: receiptSchema, ...errors } } },
    async (request) => {
      const { sittingId, room, file } = request.body;
      return lateSync.upload(currentUser(request), { sittingId, room }, file);
    },
  );
};
