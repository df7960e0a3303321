import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBodySchema } from '@shared/errors.ts';
import { applicationViewSchema, type ApplicationView } from '@shared/registration.ts';
import { reviewBoardSchema, reviewPanelBodySchema, reviewPanelQuerySchema, reviewPanelSetupSchema, reviewParamsSchema, reviewScoreBodySchema } from '@shared/review.ts';
import type { MaybePromise } from '../../core/maybe-promise.ts';
import { currentUser } from '../../core/session-user.ts';
import { sendDocument } from '../../core/send-document.ts';
import type { ReviewService } from './review-service.ts';

const panel = { access: ['grader', 'admin'] } as const;
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };
const tags = ['review'];
const noContent = { 204: z.null(), ...errors };

/** Where the candidates' application materials come from (the registration feature). */
export type ReviewMaterials = {
  materialsOf(candidateId: number): MaybePromise<ApplicationView | null>;
  /** `viewer`: photos and ID scans are audited per view. */
  materialDocumentFile(candidateId: number, docId: number, viewer: { userId: number; via: 'review' }): MaybePromise<{ file: string; mimeType: string; fileName: string; bytes: number }>;
};

const documentParams = reviewParamsSchema.extend({ docId: z.coerce.number().int().positive() });

/** The review panel (综合评审): membership and the chair are checked in the service. */
export const reviewRoutes: FastifyPluginAsyncZod<{ review: ReviewService; materials: ReviewMaterials }> = async (app, { review, materials }) => {
  app.get('/panels', { config: panel, schema: { tags, response: { 200: z.array(reviewBoardSchema), ...errors } } }, async (request) => review.boards(currentUser(request)));

  // The panel reviews the application materials before hearing the candidate.
  app.get(
    '/panels/:panelId/candidates/:candidateId/materials',
    { config: panel, schema: { tags, params: reviewParamsSchema, response: { 200: z.object({ application: applicationViewSchema.nullable() }), ...errors } } },
    async (request) => {
      await review.assertMayReview(currentUser(request), request.params.panelId, request.params.candidateId);
      return { application: await materials.materialsOf(request.params.candidateId) };
    },
  );
  app.get('/panels/:panelId/candidates/:candidateId/documents/:docId', { config: panel, schema: { tags, params: documentParams } }, async (request, reply) => {
    await review.assertMayReview(currentUser(request), request.params.panelId, request.params.candidateId);
    return sendDocument(reply, await materials.materialDocumentFile(request.params.candidateId, request.params.docId, { userId: currentUser(request).userId, via: 'review' }));
  });

  app.post('/panels/:panelId/candidates/:candidateId/start', { config: panel, schema: { tags, params: reviewParamsSchema, response: noContent } }, async (request, reply) => {
    await review.start(currentUser(request), request.params.panelId, request.params.candidateId);
    return reply.status(204).send(null);
  });
  app.post('/panels/:panelId/candidates/:candidateId/end', { config: panel, schema: { tags, params: reviewParamsSchema, response: noContent } }, async (request, reply) => {
    await review.end(currentUser(request), request.params.panelId, request.params.candidateId, 'submitted');
    return reply.status(204).send(null);
  });
  app.post('/panels/:panelId/candidates/:candidateId/absent', { config: panel, schema: { tags, params: reviewParamsSchema, response: noContent } }, async (request, reply) => {
    await review.end(currentUser(request), request.params.panelId, request.params.candidateId, 'absent');
    return reply.status(204).send(null);
  });
  app.put('/panels/:panelId/candidates/:candidateId/score', { config: panel, schema: { tags, params: reviewParamsSchema, body: reviewScoreBodySchema, response: noContent } }, async (request, reply) => {
    await review.score(currentUser(request), request.params.panelId, request.params.candidateId, request.body.score);
    return reply.status(204).send(null);
  });
};

export const reviewAdminRoutes: FastifyPluginAsyncZod<{ review: ReviewService }> = async (app, { review }) => {
  app.get('/review/panel', { config: { access: ['admin'] }, schema: { tags: ['admin'], querystring: reviewPanelQuerySchema, response: { 200: reviewPanelSetupSchema, ...errors } } }, async (request) =>
    review.panelSetup(request.query.sittingPartId),
  );
  app.put('/review/panel', { config: { access: ['admin'] }, schema: { tags: ['admin'], body: reviewPanelBodySchema, response: noContent } }, async (request, reply) => {
    await review.setPanel(currentUser(request), request.body);
    return reply.status(204).send(null);
  });
};
