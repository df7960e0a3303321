import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accommodationsSchema, accommodationsViewSchema, ticketParamsSchema } from '@shared/accommodations.ts';
import { errorBodySchema } from '@shared/errors.ts';
import { currentUser } from '../../core/session-user.ts';
import type { AccommodationsService } from './accommodations-service.ts';

const admin = { access: ['admin'] } as const;
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };

/** A candidate's planned accommodations, by admission ticket (what the review page and the seating list both know). */
export const accommodationsRoutes: FastifyPluginAsyncZod<{ accommodations: AccommodationsService }> = async (app, { accommodations }) => {
  app.get(
    '/accommodations/:ticketNo',
    { config: admin, schema: { tags: ['planning'], params: ticketParamsSchema, response: { 200: accommodationsViewSchema, ...errors } } },
    async (request) => accommodations.get(request.params.ticketNo),
  );

  app.put(
    '/accommodations/:ticketNo',
    {
      config: admin,
      schema: {
        tags: ['planning'],
        params: ticketParamsSchema,
        body: accommodationsSchema.extend({ source: z.enum(['review', 'seating']) }),
        response: { 200: accommodationsViewSchema, ...errors },
      },
    },
    async (request) => {
      const { source, ...next } = request.body;
      return accommodations.set(currentUser(request).userId, request.params.ticketNo, next, source);
    },
  );
};
