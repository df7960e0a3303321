import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditPageSchema, auditQuerySchema } from '@shared/audit-api.ts';
import { errorBodySchema } from '@shared/errors.ts';
import { appendAudit } from '../../core/audit.ts';
import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../core/db/store.ts';
import { currentUser } from '../auth/guard.ts';
import { createAuditQueryDal } from './audit-query-dal.ts';
import { csvLine } from '../../core/csv.ts';

const admin = { access: ['admin'] } as const;
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema };
const exportQuerySchema = auditQuerySchema.omit({ page: true, pageSize: true });

/** The audit log for the exam office: browse with filters, export as CSV (itself an audited act). */
export const auditRoutes: FastifyPluginAsyncZod<{ db: Db; clock: Clock }> = async (app, { db, clock }) => {
  const dal = createAuditQueryDal(db);

  app.get('/audit', { config: admin, schema: { tags: ['audit'], querystring: auditQuerySchema, response: { 200: auditPageSchema, ...errors } } }, async (request) => dal.page(request.query));

  app.get('/audit/export', { config: admin, schema: { tags: ['audit'], querystring: exportQuerySchema, response: errors } }, async (request, reply) => {
    const q = request.query;
    await appendAudit(db, { at: clock.now(), actorUserId: currentUser(request).userId, action: 'audit.exported', entity: 'audit_log', details: { filter: q } });
    async function* lines() {
      // BOM: Excel opens UTF-8 CSV with Chinese text correctly only with it.
      yield `\uFEFF${csvLine(['id', 'at', 'at_iso', 'actor_user_id', 'actor_login', 'action', 'entity', 'entity_id', 'details'])}`;
      for await (const r of dal.iterate(q)) yield csvLine([r.id, r.at, new Date(r.at).toISOString(), r.actorUserId, r.actorLogin, r.action, r.entity, r.entityId, r.details]);
    }
    return (reply as FastifyReply)
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="audit-log-${new Date(clock.now()).toISOString().slice(0, 10)}.csv"`)
      .send(Readable.from(lines()));
  });
};
