import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBodySchema } from '@shared/errors.ts';
import { reviewBoardSchema, reviewPanelBodySchema, reviewParamsSchema, reviewScoreBodySchema } from '@shared/review.ts';
import { currentUser } from '../auth/guard.ts';
import type { ReviewService } from './review-service.ts';

const panel = { access: ['grader', 'admin'] } as const;
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };
const tags = ['review'];
const noContent = { 204: z.null(), ...errors };

/** The review panel (综合评审): membership and the chair are checked in the service. */
export const reviewRoutes: FastifyPluginAsyncZod<{ review: ReviewService }> = async (app, { review }) => {
  app.get('/panels', { config: panel, schema: { tags, response: { 200: z.array(reviewBoardSchema), ...errors } } }, async (request) => review.boards(currentUser(request)));

  app.post('/panels/:panelId/candidates/:candidateId/start', { config: panel, schema: { tags, params: reviewParamsSchema, response: noContent } }, async (request, reply) => {
    review.start(currentUser(request), request.params.panelId, request.params.candidateId);
    return reply.status(204).send(null);
  });
  app.post('/panels/:panelId/candidates/:candidateId/end', { config: panel, schema: { tags, params: reviewParamsSchema, response: noContent } }, async (request, reply) => {
    review.end(currentUser(request), request.params.panelId, request.params.candidateId, 'submitted');
    return reply.status(204).send(null);
  });
  app.post('/panels/:panelId/candidates/:candidateId/absent', { config: panel, schema: { tags, params: reviewParamsSchema, response: noContent } }, async (request, reply) => {
    review.end(currentUser(request), request.params.panelId, request.params.candidateId, 'absent');
    return reply.status(204).send(null);
  });
  app.put('/panels/:panelId/candidates/:candidateId/score', { config: panel, schema: { tags, params: reviewParamsSchema, body: reviewScoreBodySchema, response: noContent } }, async (request, reply) => {
    review.score(currentUser(request), request.params.panelId, request.params.candidateId, request.body.score);
    return reply.status(204).send(null);
  });
};

export const reviewAdminRoutes: FastifyPluginAsyncZod<{ review: ReviewService }> = async (app, { review }) => {
  app.put('/review/panel', { config: { access: ['admin'] }, schema: { tags: ['admin'], body: reviewPanelBodySchema, response: noContent } }, async (request, reply) => {
    review.setPanel(currentUser(request), request.body);
    return reply.status(204).send(null);
  });
};
