import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBodySchema } from '@shared/errors.ts';
import { idParamsSchema } from '@shared/api.ts';
import { currentUser } from '../../core/session-user.ts';
import { sendDocument } from '../../core/send-document.ts';
import type { ProctorService } from './proctor-service.ts';

const exportQuery = z.strictObject({
  sittingId: z.coerce.number().int().positive(),
  room: z.string().min(1).max(64),
  what: z.enum(['incidents', 'actions']),
  /** The console's language: the export reads as the screen does. */
  lang: z.enum(['zh-CN', 'en']).default('zh-CN'),
});

/** CSV downloads of a room's incident log and proctor action history; the candidates' photos for the identity check. */
export const proctorRoutes: FastifyPluginAsyncZod<{ proctor: ProctorService }> = async (app, { proctor }) => {
  app.get(
    '/export.csv',
    {
      config: { access: ['proctor', 'admin'] },
      schema: { tags: ['proctor'], querystring: exportQuery, response: { 200: z.string(), 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema } },
    },
    async (request, reply) => {
      const q = request.query;
      const csv = await proctor.exportCsv(currentUser(request), { sittingId: q.sittingId, room: q.room }, q.what, q.lang);
      const name = `room-${q.sittingId}-${q.what}.csv`;
      return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(csv);
    },
  );

  // The photo beside the candidate in the grid and the admit dialog (#17): the room's proctors and admins; every view audited.
  app.get(
    '/candidates/:id/photo',
    { config: { access: ['proctor', 'admin'] }, schema: { tags: ['proctor'], params: idParamsSchema, response: { 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema } } },
    async (request, reply) => sendDocument(reply, await proctor.photo(currentUser(request), request.params.id)),
  );
};
