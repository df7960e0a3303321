import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParamsSchema } from '@shared/api.ts';
import { errorBodySchema } from '@shared/errors.ts';
import { sebFileBodySchema, sebSettingsBodySchema, sebSettingsSchema } from '@shared/seb.ts';
import { currentUser } from '../../core/session-user.ts';
import type { SebService } from './seb-service.ts';

const admin = { access: ['admin'] } as const;
function sendSebFile(reply: FastifyReply, file: { file: Buffer; fileName: string; configKey: string }) {
  return reply
    .type('application/seb')
    .header('content-disposition', `attachment; filename="${file.fileName}"`)
    .header('cache-control', 'private, no-store')
    .header('x-seb-config-key', file.configKey)
    .send(file.file);
}

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };

/** A sitting's Safe Exam Browser settings and its `.seb` file, for the exam office. */
export const sebRoutes: FastifyPluginAsyncZod<{ seb: SebService }> = async (app, { seb }) => {
  app.get('/sittings/:id/seb', { config: admin, schema: { tags: ['seb'], params: idParamsSchema, response: { 200: sebSettingsSchema, ...errors } } }, async (request) =>
    // Until saved, SEB starts at the login page of the address the admin reaches the server by.
    seb.settings(request.params.id, `${request.protocol}://${request.host}/`),
  );

  app.put(
    '/sittings/:id/seb',
    { config: admin, schema: { tags: ['seb'], params: idParamsSchema, body: sebSettingsBodySchema, response: { 200: sebSettingsSchema, ...errors } } },
    async (request) => seb.update(currentUser(request).userId, request.params.id, request.body),
  );

  // POST: the body may carry the file's password, which must not sit in a URL or a log.
  app.post('/sittings/:id/seb/file', { config: admin, schema: { tags: ['seb'], params: idParamsSchema, body: sebFileBodySchema, response: errors } }, async (request, reply) =>
    sendSebFile(reply, await seb.configFile(currentUser(request).userId, request.params.id, request.body.password)),
  );
};
