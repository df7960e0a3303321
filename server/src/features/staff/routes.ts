import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParamsSchema } from '@shared/api.ts';
import { errorBodySchema } from '@shared/errors.ts';
import { staffAccountSchema, staffCreateBodySchema, staffPasswordBodySchema, staffQuerySchema, staffStatusBodySchema, staffUpdateBodySchema } from '@shared/staff.ts';
import { currentUser } from '../../core/session-user.ts';
import type { StaffService } from './staff-service.ts';

const admin = { access: ['admin'] } as const;
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema };
const changeErrors = { ...errors, 404: errorBodySchema, 409: errorBodySchema };

/** Staff accounts (proctors, graders, admins) for the exam office. */
export const staffRoutes: FastifyPluginAsyncZod<{ staff: StaffService }> = async (app, { staff }) => {
  app.get('/staff', { config: admin, schema: { tags: ['staff'], querystring: staffQuerySchema, response: { 200: z.array(staffAccountSchema), ...errors } } }, async (request) =>
    staff.list(request.query.role),
  );

  app.post(
    '/staff',
    { config: admin, schema: { tags: ['staff'], body: staffCreateBodySchema, response: { 201: staffAccountSchema, ...changeErrors } } },
    async (request, reply) => reply.status(201).send(await staff.create(currentUser(request).userId, request.body)),
  );

  app.patch(
    '/staff/:id',
    { config: admin, schema: { tags: ['staff'], params: idParamsSchema, body: staffUpdateBodySchema, response: { 200: staffAccountSchema, ...changeErrors } } },
    async (request) => staff.update(currentUser(request).userId, request.params.id, request.body),
  );

  app.put(
    '/staff/:id/status',
    { config: admin, schema: { tags: ['staff'], params: idParamsSchema, body: staffStatusBodySchema, response: { 200: staffAccountSchema, ...changeErrors } } },
    async (request) => staff.setStatus(currentUser(request).userId, request.params.id, request.body.status),
  );

  app.put(
    '/staff/:id/password',
    { config: admin, schema: { tags: ['staff'], params: idParamsSchema, body: staffPasswordBodySchema, response: { 204: z.null(), ...changeErrors } } },
    async (request, reply) => {
      await staff.resetPassword(currentUser(request).userId, request.params.id, request.body.password);
      return reply.status(204).send(null);
    },
  );
};
