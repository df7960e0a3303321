import { Readable } from 'node:stream';
import { sendDocument } from '../../core/send-document.ts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParamsSchema } from '@shared/api.ts';
import { errorBodySchema } from '@shared/errors.ts';
import {
  applicationBodySchema,
  applicationDocParamsSchema,
  applicationViewSchema,
  documentSchema,
  documentUploadQuerySchema,
  openPlanSchema,
  ticketSchema,
} from '@shared/registration.ts';
import { BadRequestError } from '../../core/errors.ts';
import { currentUser } from '../../core/session-user.ts';
import type { RegistrationService } from './registration-service.ts';

const applicant = { access: ['applicant'] } as const;
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };
const UPLOAD_TYPES = ['application/octet-stream', 'application/pdf', 'image/png', 'image/jpeg'];

/** The applicant's side of registration (报名): plans, applications, documents, the admission ticket. */
export const registrationRoutes: FastifyPluginAsyncZod<{ registration: RegistrationService }> = async (app, { registration }) => {
  // Uploads stream straight to disk: the body parser hands the request stream on unread.
  app.addContentTypeParser(UPLOAD_TYPES, (_req, payload, done) => done(null, payload));

  app.get('/plans', { config: { access: ['applicant', 'admin'] }, schema: { tags: ['registration'], response: { 200: z.array(openPlanSchema), ...errors } } }, async () => registration.plans());

  app.get('/applications', { config: applicant, schema: { tags: ['registration'], response: { 200: z.array(applicationViewSchema), ...errors } } }, async (request) =>
    registration.mine(currentUser(request).userId),
  );

  app.post('/applications', { config: applicant, schema: { tags: ['registration'], body: applicationBodySchema, response: { 200: applicationViewSchema, ...errors } } }, async (request) =>
    registration.submit(currentUser(request).userId, request.body),
  );

  app.get('/applications/:id', { config: applicant, schema: { tags: ['registration'], params: idParamsSchema, response: { 200: applicationViewSchema, ...errors } } }, async (request) =>
    registration.ownView(currentUser(request).userId, request.params.id),
  );

  app.post(
    '/applications/:id/documents',
    { config: applicant, schema: { tags: ['registration'], params: idParamsSchema, querystring: documentUploadQuerySchema, response: { 200: documentSchema, ...errors } } },
    async (request) => {
      const body = request.body;
      if (!(body instanceof Readable)) throw new BadRequestError('Send the file as the request body (PDF, PNG or JPEG)', { key: 'registration.sendDocument' });
      try {
        return await registration.upload(currentUser(request).userId, request.params.id, request.query.kind, request.query.fileName, body);
      } finally {
        // A refusal before the body was read: drain it so the connection stays usable.
        if (!body.readableEnded) body.resume();
      }
    },
  );

  app.get('/applications/:id/documents/:docId', { config: applicant, schema: { tags: ['registration'], params: applicationDocParamsSchema, response: errors } }, async (request, reply) =>
    sendDocument(reply, await registration.documentFile(currentUser(request).userId, request.params.id, request.params.docId)),
  );

  app.delete('/applications/:id/documents/:docId', { config: applicant, schema: { tags: ['registration'], params: applicationDocParamsSchema, response: { 204: z.null(), ...errors } } }, async (request, reply) => {
    await registration.removeDocument(currentUser(request).userId, request.params.id, request.params.docId);
    return reply.status(204).send(null);
  });

  app.get('/applications/:id/ticket', { config: applicant, schema: { tags: ['registration'], params: idParamsSchema, response: { 200: ticketSchema, ...errors } } }, async (request) =>
    registration.ownTicket(currentUser(request).userId, request.params.id),
  );
};
