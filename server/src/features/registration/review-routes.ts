import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParamsSchema } from '@shared/api.ts';
import { errorBodySchema } from '@shared/errors.ts';
import {
  applicationDocParamsSchema,
  applicationQuerySchema,
  applicationSummarySchema,
  applicationViewSchema,
  decisionBodySchema,
  sittingOptionSchema,
} from '@shared/registration.ts';
import { currentUser } from '../../core/session-user.ts';
import type { RegistrationService } from './registration-service.ts';
import { sendDocument } from '../../core/send-document.ts';

const admin = { access: ['admin'] } as const;
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };

/** The exam office's review queue: applications, the engine's verdict, documents, the decision. */
export const reviewRoutes: FastifyPluginAsyncZod<{ registration: RegistrationService }> = async (app, { registration }) => {
  app.get('/applications', { config: admin, schema: { tags: ['registration'], querystring: applicationQuerySchema, response: { 200: z.array(applicationSummarySchema), ...errors } } }, async (request) =>
    registration.queue(request.query.status),
  );

  app.get(
    '/applications/:id',
    { config: admin, schema: { tags: ['registration'], params: idParamsSchema, response: { 200: applicationViewSchema.extend({ sittings: z.array(sittingOptionSchema) }), ...errors } } },
    async (request) => registration.adminView(request.params.id),
  );

  app.get('/applications/:id/documents/:docId', { config: admin, schema: { tags: ['registration'], params: applicationDocParamsSchema, response: errors } }, async (request, reply) =>
    sendDocument(reply, await registration.documentFile(null, request.params.id, request.params.docId, { userId: currentUser(request).userId, via: 'admin' })),
  );

  app.post('/applications/:id/decision', { config: admin, schema: { tags: ['registration'], params: idParamsSchema, body: decisionBodySchema, response: { 200: applicationViewSchema, ...errors } } }, async (request) =>
    registration.decide(currentUser(request).userId, request.params.id, request.body),
  );
};
