import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditExportQuerySchema, auditPageSchema, auditQuerySchema } from '@shared/audit-api.ts';
import { errorBodySchema } from '@shared/errors.ts';
import { auditSentence, subjectText, type AuditLanguage } from '@shared/wording/audit-log.ts';
import { appendAudit } from '../../core/audit.ts';
import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../core/db/store.ts';
import { currentUser } from '../../core/session-user.ts';
import { createAuditQueryDal } from './audit-query-dal.ts';
import { csvLine } from '../../core/csv.ts';
import type { AuditPorts } from './ports.ts';
import { createSubjectNamer, type SubjectRef } from './subject-names.ts';

const admin = { access: ['admin'] } as const;
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema };
/** Rows named per batch in the export: one lookup per entity kind per batch. */
const EXPORT_BATCH = 500;

const HEADER: Record<AuditLanguage, string[]> = {
  'zh-CN': ['编号', '时间', '操作人', '操作人登录名', '记录', '操作代码', '对象类型', '对象编号', '详情（JSON）'],
  en: ['No.', 'Time', 'Actor', 'Actor login', 'Entry', 'Action code', 'Entity', 'Entity id', 'Details (JSON)'],
};

const parseDetails = (json: string): Record<string, unknown> => {
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
};

/** The exam's local time, as the office reads it (2026-05-16 09:00:00). */
const localTime = (zone: string) => {
  const format = new Intl.DateTimeFormat('sv-SE', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  return (at: number) => format.format(at);
};

/** The audit log for the exam office: browse with filters, export as CSV (itself an audited act). */
export const auditRoutes: FastifyPluginAsyncZod<{ db: Db; clock: Clock; ports: AuditPorts; timeZone: string }> = async (app, { db, clock, ports, timeZone }) => {
  const dal = createAuditQueryDal(db, ports.actors);
  const names = createSubjectNamer(ports.subjects);
  const timeText = localTime(timeZone);

  app.get('/audit', { config: admin, schema: { tags: ['audit'], querystring: auditQuerySchema, response: { 200: auditPageSchema, ...errors } } }, async (request) => {
    const page = await dal.page(request.query);
    const subjects = await names(page.rows);
    return { ...page, rows: page.rows.map((r, i) => ({ ...r, subject: subjects[i]! })) };
  });

  app.get('/audit/export', { config: admin, schema: { tags: ['audit'], querystring: auditExportQuerySchema, response: errors } }, async (request, reply) => {
    const { lang, ...q } = request.query;
    await appendAudit(db, { at: clock.now(), actorUserId: currentUser(request).userId, action: 'audit.exported', entity: 'audit_log', details: { filter: q } });
    type Row = SubjectRef & { id: number; at: number; actorLogin: string | null; actorName: string | null; details: string };
    const lineOf = (r: Row, subject: Parameters<typeof subjectText>[1]) => {
      const sentence = auditSentence(lang, r.action, { actor: r.actorName, subject: subjectText(lang, subject), details: parseDetails(r.details) });
      return csvLine([r.id, timeText(r.at), r.actorName, r.actorLogin, sentence, r.action, r.entity, r.entityId, r.details]);
    };
    async function* lines() {
      // BOM: Excel opens UTF-8 CSV with Chinese text correctly only with it.
      yield `\uFEFF${csvLine(HEADER[lang])}`;
      let batch: Row[] = [];
      const flush = async function* () {
        const subjects = await names(batch);
        yield* batch.map((r, i) => lineOf(r, subjects[i]!));
        batch = [];
      };
      for await (const r of dal.iterate(q)) {
        batch.push(r);
        if (batch.length >= EXPORT_BATCH) yield* flush();
      }
      yield* flush();
    }
    return (reply as FastifyReply)
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="audit-log-${new Date(clock.now()).toISOString().slice(0, 10)}.csv"`)
      .send(Readable.from(lines()));
  });
};
