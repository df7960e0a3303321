import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParamsSchema } from '@shared/api.ts';
import {
  assembleBodySchema,
  assembledPaperSchema,
  bankItemDetailSchema,
  bankItemParamsSchema,
  bankItemsPageSchema,
  bankItemsQuerySchema,
  bankSummarySchema,
  blueprintCheckBodySchema,
  blueprintCheckSchema,
  importJobParamsSchema,
  importJobSchema,
  importQuerySchema,
  importResponseSchema,
} from '@shared/banks-api.ts';
import { blueprintSchema } from '@shared/blueprint.ts';
import { errorBodySchema } from '@shared/errors.ts';
import { BadRequestError, NotFoundError } from '../../core/errors.ts';
import { currentUser } from '../../core/session-user.ts';
import type { PapersService } from '../papers/papers-service.ts';
import type { BanksService } from './banks-service.ts';

const admin = { access: ['admin'] } as const;

const importRequest = (q: z.infer<typeof importQuerySchema>) => ({ fileName: q.fileName, format: q.format, idPrefix: q.idPrefix, levels: q.levels, area: q.area, difficulty: q.difficulty, title: q.title, ...(q.typeCodes ? { typeCodes: q.typeCodes } : {}) });
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema, 413: errorBodySchema };
export const MAX_BANK_UPLOAD_BYTES = 20 * 1024 * 1024;

/** Admin: import banks, browse and preview items, check blueprints, assemble a sitting's paper. */
export const bankRoutes: FastifyPluginAsyncZod<{ banks: BanksService; papers: PapersService }> = async (app, { banks, papers }) => {
  // The file is the body, as is: no multipart needed, and the browser can report upload progress.
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: MAX_BANK_UPLOAD_BYTES }, (_req, body, done) => done(null, body));

  app.post(
    '/banks/import',
    { config: admin, schema: { tags: ['banks'], querystring: importQuerySchema, response: { 200: importResponseSchema, ...errors } }, bodyLimit: MAX_BANK_UPLOAD_BYTES },
    async (request) => {
      const body = request.body;
      if (!Buffer.isBuffer(body) || body.length === 0) throw new BadRequestError('Send the file as the request body (application/octet-stream)', { key: 'bank.sendFile' });
      return banks.import(body, importRequest(request.query), currentUser(request).userId);
    },
  );

  // The same import as a job the banks page watches (progress) and can cancel.
  app.post(
    '/banks/import-jobs',
    { config: admin, schema: { tags: ['banks'], querystring: importQuerySchema, response: { 202: importJobSchema, ...errors, 413: errorBodySchema } }, bodyLimit: MAX_BANK_UPLOAD_BYTES },
    async (request, reply) => {
      const body = request.body;
      if (!Buffer.isBuffer(body) || body.length === 0) throw new BadRequestError('Send the file as the request body (application/octet-stream)', { key: 'bank.sendFile' });
      return reply.code(202).send(banks.startImport(body, importRequest(request.query), currentUser(request).userId));
    },
  );

  app.get('/banks/import-jobs', { config: admin, schema: { tags: ['banks'], response: { 200: z.array(importJobSchema), ...errors } } }, async () => banks.jobs.list());

  app.get('/banks/import-jobs/:jobId', { config: admin, schema: { tags: ['banks'], params: importJobParamsSchema, response: { 200: importJobSchema, ...errors } } }, async (request) => {
    const job = banks.jobs.get(request.params.jobId);
    if (!job) throw new NotFoundError('No such import job', { key: 'bankImport.job.notFound' });
    return job;
  });

  app.delete('/banks/import-jobs/:jobId', { config: admin, schema: { tags: ['banks'], params: importJobParamsSchema, response: { 200: importJobSchema, ...errors } } }, async (request) => {
    const job = banks.jobs.cancel(request.params.jobId);
    if (!job) throw new NotFoundError('No such import job', { key: 'bankImport.job.notFound' });
    return job;
  });

  app.addHook('onClose', async () => banks.jobs.cancelAll());

  app.get('/banks', { config: admin, schema: { tags: ['banks'], response: { 200: z.array(bankSummarySchema), ...errors } } }, async () => banks.list());

  app.get('/banks/:id/items', { config: admin, schema: { tags: ['banks'], params: idParamsSchema, querystring: bankItemsQuerySchema, response: { 200: bankItemsPageSchema, ...errors } } }, async (request) => {
    const { page, pageSize, ...filter } = request.query;
    return banks.items(request.params.id, filter, page, pageSize);
  });

  app.get('/banks/:id/items/:itemId', { config: admin, schema: { tags: ['banks'], params: bankItemParamsSchema, response: { 200: bankItemDetailSchema, ...errors } } }, async (request) =>
    banks.itemDetail(request.params.id, request.params.itemId),
  );

  app.get('/blueprints', { config: admin, schema: { tags: ['banks'], response: { 200: z.array(blueprintSchema), ...errors } } }, async () => banks.blueprints());

  app.post('/blueprints/check', { config: admin, schema: { tags: ['banks'], body: blueprintCheckBodySchema, response: { 200: blueprintCheckSchema, ...errors } } }, async (request) =>
    papers.check(request.body.bankId, request.body.blueprint, request.body.sittingPartId),
  );

  app.post('/parts/:id/paper', { config: admin, schema: { tags: ['banks'], params: idParamsSchema, body: assembleBodySchema, response: { 200: assembledPaperSchema, ...errors } } }, async (request) =>
    papers.assembleForPart(request.params.id, request.body, currentUser(request).userId),
  );
};
