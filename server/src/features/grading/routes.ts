import fs from 'node:fs';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParamsSchema } from '@shared/api.ts';
import { errorBodySchema } from '@shared/errors.ts';
import {
  gradingTaskSchema,
  gradingTaskSettingsBodySchema,
  sittingGradingSchema,
  markResultSchema,
  reopenMarkBodySchema,
  scriptParamsSchema,
  scriptSummarySchema,
  scriptViewSchema,
  submitMarkBodySchema,
  taskParamsSchema,
} from '@shared/grading.ts';
import { NotFoundError } from '../../core/errors.ts';
import { currentUser } from '../../core/session-user.ts';
import type { GradingService } from './grading-service.ts';

const graders = { access: ['grader', 'admin'] } as const;
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };
const tags = ['grading'];

/** The grader workspace (阅卷). Payloads are anonymous by construction: see shared/grading.ts. */
export const gradingRoutes: FastifyPluginAsyncZod<{ grading: GradingService }> = async (app, { grading }) => {
  app.get('/tasks', { config: graders, schema: { tags, response: { 200: z.array(gradingTaskSchema), ...errors } } }, async (request) => grading.tasks(currentUser(request)));

  app.get('/scripts', { config: graders, schema: { tags, querystring: z.object({ itemId: z.coerce.number().int().positive().optional() }), response: { 200: z.array(scriptSummarySchema), ...errors } } }, async (request) =>
    grading.scripts(currentUser(request), request.query.itemId),
  );

  app.post('/tasks/:itemId/next', { config: graders, schema: { tags, params: taskParamsSchema, response: { 200: z.object({ script: scriptViewSchema.nullable() }), ...errors } } }, async (request) => ({
    script: await grading.next(currentUser(request), request.params.itemId),
  }));

  app.post('/scripts/:code/:itemId/claim', { config: graders, schema: { tags, params: scriptParamsSchema, response: { 200: scriptViewSchema, ...errors } } }, async (request) =>
    grading.open(currentUser(request), request.params.code, request.params.itemId),
  );

  app.delete('/scripts/:code/:itemId/claim', { config: graders, schema: { tags, params: scriptParamsSchema, response: { 204: z.null(), ...errors } } }, async (request, reply) => {
    await grading.release(currentUser(request), request.params.code, request.params.itemId);
    return reply.status(204).send(null);
  });

  app.post('/scripts/:code/:itemId/marks', { config: graders, schema: { tags, params: scriptParamsSchema, body: submitMarkBodySchema, response: { 200: markResultSchema, ...errors } } }, async (request) =>
    grading.submit(currentUser(request), request.params.code, request.params.itemId, request.body),
  );

  app.post('/scripts/:code/:itemId/reopen', { config: graders, schema: { tags, params: scriptParamsSchema, body: reopenMarkBodySchema, response: { 200: scriptSummarySchema, ...errors } } }, async (request) =>
    grading.reopen(currentUser(request), request.params.code, request.params.itemId, request.body),
  );

  app.get('/tasks/:itemId/media/:name', { config: graders, schema: { tags, params: taskParamsSchema.extend({ name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/) }) } }, async (request, reply) => {
    const image = await grading.instructionImage(currentUser(request), request.params.itemId, request.params.name);
    return reply.header('content-type', image.mimeType).header('cache-control', 'private, max-age=3600').header('content-security-policy', "default-src 'none'; sandbox").send(image.bytes);
  });

  app.get('/screenshots/:id', { config: graders, schema: { tags, params: idParamsSchema } }, async (request, reply) => {
    const shot = await grading.screenshotFile(currentUser(request), request.params.id);
    if (!fs.existsSync(shot.file)) throw new NotFoundError('The screenshot file is missing', { key: 'grading.screenshotMissing' });
    // No file name and no session in the headers: nothing about the candidate leaves with the image.
    return reply.type(shot.mimeType).header('cache-control', 'private, max-age=3600').header('x-content-type-options', 'nosniff').send(fs.createReadStream(shot.file));
  });
};

export const gradingAdminRoutes: FastifyPluginAsyncZod<{ grading: GradingService }> = async (app, { grading }) => {
  app.get('/sittings/:id/grading-tasks', { config: { access: ['admin'] }, schema: { tags: ['admin'], params: idParamsSchema, response: { 200: sittingGradingSchema, ...errors } } }, async (request) =>
    grading.sittingGrading(request.params.id),
  );

  app.put('/grading/tasks/:itemId', { config: { access: ['admin'] }, schema: { tags: ['admin'], params: taskParamsSchema, body: gradingTaskSettingsBodySchema, response: { 204: z.null(), ...errors } } }, async (request, reply) => {
    await grading.setTaskSettings(currentUser(request), request.params.itemId, request.body);
    return reply.status(204).send(null);
  });
};
