import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { candidateOverviewSchema } from '@shared/api.ts';
import { errorBodySchema } from '@shared/errors.ts';
import type { ExamRules } from '@shared/proctor.ts';
import type { Db } from '../../core/db/store.ts';
import type { MaybePromise } from '../../core/maybe-promise.ts';
import { currentUser } from '../../core/session-user.ts';
import { createExamDal } from './exam-dal.ts';
import { candidateOverview } from './overview.ts';
import type { ExamOwners } from './ports.ts';
import type { PlannedExtraTime } from './timing.ts';
import type { PartKind } from '@shared/domain.ts';

/** `seb`: port to the SEB feature, for the quit link a sitting that requires SEB shows after submission. */
export type CandidateSebInfo = (sittingId: number) => Promise<{ required: boolean; quitUrl: string | null }>;

export const candidateRoutes: FastifyPluginAsyncZod<{ db: Db; owners: ExamOwners; rules: (sittingId: number) => MaybePromise<ExamRules>; seb?: CandidateSebInfo; plannedExtraTime?: (candidateId: number, part: PartKind) => MaybePromise<PlannedExtraTime | null> }> = async (app, { db, owners, rules, seb, plannedExtraTime }) => {
  const dal = createExamDal(db, owners);
  app.get(
    '/overview',
    { config: { access: ['candidate'] }, schema: { tags: ['candidate'], response: { 200: candidateOverviewSchema, 401: errorBodySchema, 403: errorBodySchema } } },
    async (request) => {
      const overview = await candidateOverview(dal, currentUser(request), rules, plannedExtraTime);
      return seb ? { ...overview, seb: await seb(overview.sitting.id) } : overview;
    },
  );
};
