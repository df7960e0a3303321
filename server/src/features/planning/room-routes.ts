import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParamsSchema } from '@shared/api.ts';
import { errorBodySchema } from '@shared/errors.ts';
import { roomSchema, roomUpdateBodySchema, seatMoveBodySchema, seatMoveResultSchema, sittingSeatingSchema } from '@shared/planning.ts';
import { currentUser } from '../../core/session-user.ts';
import type { RoomsService } from './rooms-service.ts';

const admin = { access: ['admin'] } as const;
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };

/** Rooms edited and removed, a sitting's seating list, candidates moved to another seat. */
export const roomRoutes: FastifyPluginAsyncZod<{ rooms: RoomsService }> = async (app, { rooms }) => {
  app.put(
    '/rooms/:id',
    { config: admin, schema: { tags: ['planning'], params: idParamsSchema, body: roomUpdateBodySchema, response: { 200: roomSchema, ...errors } } },
    async (request) => rooms.updateRoom(currentUser(request).userId, request.params.id, request.body),
  );

  app.delete(
    '/rooms/:id',
    { config: admin, schema: { tags: ['planning'], params: idParamsSchema, response: { 200: z.object({ id: z.number().int() }), ...errors } } },
    async (request) => rooms.removeRoom(currentUser(request).userId, request.params.id),
  );

  app.get(
    '/sittings/:id/seating',
    { config: admin, schema: { tags: ['planning'], params: idParamsSchema, response: { 200: sittingSeatingSchema, ...errors } } },
    async (request) => rooms.seating(request.params.id),
  );

  app.put(
    '/candidates/:id/seat',
    { config: admin, schema: { tags: ['planning'], params: idParamsSchema, body: seatMoveBodySchema, response: { 200: seatMoveResultSchema, ...errors } } },
    async (request) => rooms.moveCandidate(currentUser(request).userId, request.params.id, request.body),
  );
};
