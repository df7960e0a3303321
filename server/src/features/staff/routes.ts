import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBodySchema } from '@shared/errors.ts';
import { staffAccountSchema, staffQuerySchema } from '@shared/staff.ts';
import type { Db } from '../../core/db/connection.ts';
import { createStaffDal } from './staff-dal.ts';

const admin = { access: ['admin'] } as const;
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema };

/** Staff accounts (proctors, graders, admins) for the exam office. */
export const staffRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const dal = createStaffDal(db);
  app.get('/staff', { config: admin, schema: { tags: ['staff'], querystring: staffQuerySchema, response: { 200: z.array(staffAccountSchema), ...errors } } }, async (request) =>
    dal.list(request.query.role),
  );
};
