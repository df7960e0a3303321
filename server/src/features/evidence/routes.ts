import fs from 'node:fs';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParamsSchema } from '@shared/api.ts';
import { errorBodySchema } from '@shared/errors.ts';
import { captionBodySchema, screenshotListSchema, screenshotSchema } from '@shared/evidence.ts';
import type { Clock } from '../../core/clock.ts';
import { BadRequestError, NotFoundError } from '../../core/errors.ts';
import { currentUser } from '../../core/session-user.ts';
import type { EvidenceService } from './evidence-service.ts';
import type { TaskMedia } from './task-media.ts';

const candidate = { access: ['candidate'] } as const;
const errors = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
  413: errorBodySchema,
  415: errorBodySchema,
};
const sessionParams = z.object({ sessionId: z.coerce.number().int().positive() });
const uploadParams = sessionParams.extend({ itemId: z.coerce.number().int().positive() });

declare module 'fastify' {
  interface FastifyRequest {
    arrivedAt: number;
  }
}

/** Candidate routes for screenshot evidence (under /api/candidate). */
export const evidenceCandidateRoutes: FastifyPluginAsyncZod<{ evidence: EvidenceService; media: TaskMedia; clock: Clock }> = async (app, { evidence, media, clock }) => {
  const { limits } = evidence;
  await app.register(multipart, {
    limits: { fileSize: limits.maxBytes, files: 1, fields: 2, fieldSize: 2048, parts: 3, headerPairs: 50 },
    throwFileSizeLimit: true,
  });
  app.decorateRequest('arrivedAt', 0);
  // The deadline rule looks at when the upload began, before its bytes were read.
  app.addHook('onRequest', async (request) => {
    request.arrivedAt = clock.now();
  });

  app.post(
    '/sessions/:sessionId/items/:itemId/screenshots',
    { config: candidate, schema: { tags: ['candidate'], consumes: ['multipart/form-data'], params: uploadParams, response: { 201: screenshotSchema, ...errors } } },
    async (request, reply) => {
      if (!request.isMultipart()) throw new BadRequestError('Send the image as multipart/form-data', { key: 'evidence.sendMultipart' });
      const length = Number(request.headers['content-length']);
      const shot = await evidence.upload(currentUser(request), request.params.sessionId, request.params.itemId, {
        startedAt: request.arrivedAt,
        contentLength: Number.isFinite(length) ? length : undefined,
        parts: request.parts(),
      });
      return reply.status(201).send(shot);
    },
  );

  app.get(
    '/sessions/:sessionId/items/:itemId/media/:name',
    { config: candidate, schema: { tags: ['candidate'], params: uploadParams.extend({ name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/) }) } },
    async (request, reply) => {
      const image = await media.get(currentUser(request), request.params.sessionId, request.params.itemId, request.params.name);
      return reply
        .header('content-type', image.mimeType)
        .header('cache-control', 'private, max-age=3600')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .send(image.bytes);
    },
  );

  app.get(
    '/sessions/:sessionId/screenshots',
    { config: candidate, schema: { tags: ['candidate'], params: sessionParams, response: { 200: screenshotListSchema, ...errors } } },
    async (request) => ({ screenshots: await evidence.list(currentUser(request), request.params.sessionId) }),
  );

  app.patch(
    '/screenshots/:id',
    { config: candidate, schema: { tags: ['candidate'], params: idParamsSchema, body: captionBodySchema, response: { 200: screenshotSchema, ...errors } } },
    async (request) => evidence.setCaption(currentUser(request), request.params.id, request.body.caption),
  );

  app.delete(
    '/screenshots/:id',
    { config: candidate, schema: { tags: ['candidate'], params: idParamsSchema, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      await evidence.remove(currentUser(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
};

/** The image itself, never from a public folder: each request is authorised (under /api). */
export const evidenceFileRoutes: FastifyPluginAsyncZod<{ evidence: EvidenceService }> = async (app, { evidence }) => {
  app.get(
    '/screenshots/:id/file',
    // Graders see screenshots only through grading (/api/grading/screenshots/:id): anonymous, and
    // only of scripts they may mark.
    { config: { access: ['candidate', 'proctor', 'admin'] }, schema: { tags: ['evidence'], params: idParamsSchema } },
    async (request, reply) => {
      const file = await evidence.fileFor(currentUser(request), request.params.id);
      const size = fs.statSync(file.path, { throwIfNoEntry: false })?.size;
      if (size === undefined) throw new NotFoundError('The evidence file is missing', { key: 'evidence.fileMissing' });
      const etag = `"${file.sha256}"`;
      void reply
        .header('content-type', file.mimeType)
        .header('etag', etag)
        // Content-addressed, but access may end (the part ends): revalidate every time, cheaply via the ETag.
        .header('cache-control', 'private, no-cache')
        .header('content-disposition', `inline; filename="screenshot-${request.params.id}.${file.mimeType.split('/')[1]}"`)
        .header('content-security-policy', "default-src 'none'; sandbox");
      if (request.headers['if-none-match'] === etag) return reply.status(304).send();
      // Streamed: a proctor paging through a room's 10 MB screenshots does not hold them in memory.
      return reply.send(fs.createReadStream(file.path));
    },
  );
};
