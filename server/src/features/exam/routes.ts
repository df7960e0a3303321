import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { candidateOverviewSchema } from '@shared/api.ts';
import { errorBodySchema } from '@shared/errors.ts';
import type { ExamRules } from '@shared/proctor.ts';
import type { Db } from '../../core/db/connection.ts';
import { currentUser } from '../auth/guard.ts';
import { createExamDal } from './exam-dal.ts';
import { candidateOverview } from './overview.ts';
import type { PlannedExtraTime } from './timing.ts';
import type { PartKind } from '@shared/domain.ts';

export const candidateRoutes: FastifyPluginAsyncZod<{ db: Db; rules: (sittingId: number) => ExamRules; plannedExtraTime?: (candidateId: number, part: PartKind) => PlannedExtraTime | null }> = async (app, { db, rules, plannedExtraTime }) => {
  const dal = createExamDal(db);
  app.get(
    '/overview',
    { config: { access: ['candidate'] }, schema: { tags: ['candidate'], response: { 200: candidateOverviewSchema, 401: errorBodySchema, 403: errorBodySchema } } },
    async (request) => candidateOverview(dal, currentUser(request), rules, plannedExtraTime),
  );
};
