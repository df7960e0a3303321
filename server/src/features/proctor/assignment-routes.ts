import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParamsSchema } from '@shared/api.ts';
import { errorBodySchema } from '@shared/errors.ts';
import { proctorChangesSchema, sittingProctorsBodySchema, sittingProctorsSchema } from '@shared/staffing.ts';
import { currentUser } from '../../core/session-user.ts';
import type { AssignmentService } from './assignment-service.ts';

const admin = { access: ['admin'] } as const;
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };

/** The exam office assigns proctors to the rooms of a sitting. */
export const assignmentRoutes: FastifyPluginAsyncZod<{ assignments: AssignmentService }> = async (app, { assignments }) => {
  app.get('/sittings/:id/proctors', { config: admin, schema: { tags: ['proctor'], params: idParamsSchema, response: { 200: sittingProctorsSchema, ...errors } } }, async (request) =>
    assignments.get(request.params.id),
  );
  app.put(
    '/sittings/:id/proctors',
    { config: admin, schema: { tags: ['proctor'], params: idParamsSchema, body: sittingProctorsBodySchema, response: { 200: proctorChangesSchema, ...errors } } },
    async (request) => assignments.put(currentUser(request), request.params.id, request.body),
  );
};
