import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParamsSchema } from '@shared/api.ts';
import { errorBodySchema } from '@shared/errors.ts';
import { BadRequestError } from '../../core/errors.ts';
import { currentUser } from '../../core/session-user.ts';
import type { IdentityDocs } from './identity-docs.ts';
import { sendDocument } from '../../core/send-document.ts';

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };
const photoInfoSchema = z.object({ candidateId: z.number(), mimeType: z.string(), bytes: z.number(), uploadedAt: z.number() });
const PHOTO_TYPES = ['application/octet-stream', 'image/png', 'image/jpeg'];

/**
 * The exam office uploads or replaces a candidate's photo from the seating list (candidates who did not
 * apply online, or whose photo is unusable, #17), and looks at it there: each view audited as the office's.
 */
export const identityAdminRoutes: FastifyPluginAsyncZod<{ identity: IdentityDocs }> = async (app, { identity }) => {
  // Streamed to disk like application documents: the parser hands the request stream on unread.
  app.addContentTypeParser(PHOTO_TYPES, (_req, payload, done) => done(null, payload));
  app.put(
    '/candidates/:id/photo',
    {
      config: { access: ['admin'] },
      schema: { tags: ['registration'], params: idParamsSchema, response: { 200: photoInfoSchema, ...errors } },
    },
    async (request) => {
      const body = request.body;
      if (!(body instanceof Readable)) throw new BadRequestError('Send the photo as the request body (PNG or JPEG)', { key: 'identity.photoType' });
      try {
        return await identity.uploadRosterPhoto(currentUser(request).userId, request.params.id, body);
      } finally {
        if (!body.readableEnded) body.resume();
      }
    },
  );
  app.get('/candidates/:id/photo', { config: { access: ['admin'] }, schema: { tags: ['registration'], params: idParamsSchema, response: errors } }, async (request, reply) =>
    sendDocument(reply, await identity.openPhoto(request.params.id, { userId: currentUser(request).userId, via: 'admin' })),
  );
};
