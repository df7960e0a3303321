import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParamsSchema, partResultRowSchema, sittingPartSummarySchema, type SittingPartSummary } from '@shared/api.ts';
import type { Level } from '@shared/domain.ts';
import { errorBodySchema } from '@shared/errors.ts';
import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../core/db/store.ts';
import { NotFoundError, StateError } from '../../core/errors.ts';
import { appendAudit } from '../../core/audit.ts';
import { currentUser } from '../../core/session-user.ts';
import type { ResultsPorts } from './ports.ts';
import { correctKeyBodySchema, partAnalysisSchema, regradeResultSchema, sittingResultsSchema } from '@shared/results.ts';
import { partAnalysis } from './analysis.ts';
import { correctKeyAndRegrade } from './regrade.ts';
import { toCsv, toXlsx } from './export.ts';
import { sittingResults } from './sitting-results.ts';
import { assertReleasable } from './release-guard.ts';

const admin = { access: ['admin'] } as const;
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };

/** Admin view of results per part, and the release that lets candidates see their scores. */
export const resultsRoutes: FastifyPluginAsyncZod<{ db: Db; ports: ResultsPorts; clock: Clock; onPaperChanged?: (paperId: number) => void }> = async (app, { db, ports, clock, onPaperChanged }) => {
  const { planning } = ports;
  const summaries = async (): Promise<SittingPartSummary[]> => {
    const rows = await planning.partsWithSittings();
    const seated = await ports.candidates.countsBySitting([...new Set(rows.map((r) => r.sitting.id))]);
    const counts = await ports.sessions.counts(rows.map((r) => r.part.id));
    return rows.map(({ part, sitting }) => ({
      sittingPartId: part.id,
      sittingId: sitting.id,
      sittingName: sitting.label,
      level: sitting.level as Level,
      kind: part.part,
      durationMinutes: part.durationMinutes,
      passScore: part.passScore,
      releasedAt: part.resultsReleasedAt,
      candidates: seated.get(sitting.id) ?? 0,
      ended: counts.get(part.id)?.ended ?? 0,
      passed: counts.get(part.id)?.passed ?? 0,
    }));
  };

  app.get('/parts', { config: admin, schema: { tags: ['admin'], response: { 200: z.array(sittingPartSummarySchema), ...errors } } }, async () => summaries());

  app.get('/parts/:id/results', { config: admin, schema: { tags: ['admin'], params: idParamsSchema, response: { 200: z.array(partResultRowSchema), ...errors } } }, async (request) => {
    const part = await planning.part(request.params.id);
    if (!part) throw new NotFoundError('No such part', { key: 'results.noPart' });
    const sessions = new Map((await ports.sessions.ofParts(db, [part.id])).map((s) => [s.candidateId, s]));
    return (await ports.candidates.ofSitting(part.sittingId)).map((c) => {
      const s = sessions.get(c.id);
      return { ticketNo: c.ticketNo, name: c.name, status: s?.status ?? 'not_started', endReason: s?.endReason ?? null, score: s?.score?.score ?? null, passed: s?.score?.passed ?? null };
    });
  });

  app.post('/parts/:id/release', { config: admin, schema: { tags: ['admin'], params: idParamsSchema, response: { 200: sittingPartSummarySchema, ...errors } } }, async (request) => {
    const part = await planning.part(request.params.id);
    if (!part) throw new NotFoundError('No such part', { key: 'results.noPart' });
    const releasedAlready = () => new StateError('CONFLICT', 'Results of this part are released already', { key: 'results.partReleasedAlready' });
    if (part.resultsReleasedAt !== null) throw releasedAlready();
    const now = clock.now();
    await assertReleasable(db, ports, part, now);
    // Conditional on not released yet: of two admins releasing at once, one wins and one hears 409.
    await db.transaction(async (tx) => {
      if (!(await planning.releasePart(tx, part.id, now))) throw releasedAlready();
      await appendAudit(tx, { at: now, actorUserId: currentUser(request).userId, action: 'results.released', entity: 'sitting_part', entityId: part.id });
    });
    const summary = (await summaries()).find((s) => s.sittingPartId === part.id);
    if (!summary) throw new NotFoundError('No such part', { key: 'results.noPart' });
    return summary;
  });

  app.get('/sittings/:id/results', { config: admin, schema: { tags: ['admin'], params: idParamsSchema, response: { 200: sittingResultsSchema, ...errors } } }, async (request) =>
    sittingResults(db, ports, request.params.id, clock.now()),
  );

  const exportName = (id: number, ext: string) => `attachment; filename="results-sitting-${id}.${ext}"`;
  app.get('/sittings/:id/export.csv', { config: admin, schema: { tags: ['admin'], params: idParamsSchema } }, async (request, reply) => {
    const results = await sittingResults(db, ports, request.params.id, clock.now());
    return reply.type('text/csv; charset=utf-8').header('content-disposition', exportName(results.sittingId, 'csv')).send(toCsv(results));
  });
  app.get('/sittings/:id/export.xlsx', { config: admin, schema: { tags: ['admin'], params: idParamsSchema } }, async (request, reply) => {
    const results = await sittingResults(db, ports, request.params.id, clock.now());
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', exportName(results.sittingId, 'xlsx'))
      .send(await toXlsx(results));
  });

  /** Releases every part of the sitting not yet released; scores graded later show as they come in. */
  app.post('/sittings/:id/release', { config: admin, schema: { tags: ['admin'], params: idParamsSchema, response: { 200: sittingResultsSchema, ...errors } } }, async (request) => {
    const now = clock.now();
    const before = await sittingResults(db, ports, request.params.id, now);
    if (before.releasedAt !== null) throw new StateError('CONFLICT', 'Results of this sitting are released already', { key: 'results.sittingReleasedAlready' });
    for (const part of await planning.partsOfSitting(before.sittingId)) if (part.resultsReleasedAt === null) await assertReleasable(db, ports, part, now);
    await db.transaction(async (tx) => {
      const released = await planning.releaseSitting(tx, before.sittingId, now);
      // Another admin released the parts left between our read and this write.
      if (released.length === 0) throw new StateError('CONFLICT', 'Results of this sitting are released already', { key: 'results.sittingReleasedAlready' });
      await appendAudit(tx, { at: now, actorUserId: currentUser(request).userId, action: 'results.released', entity: 'sitting', entityId: before.sittingId, details: { parts: released, pendingGrading: before.pendingGrading } });
    });
    return sittingResults(db, ports, before.sittingId, clock.now());
  });

  app.get('/parts/:id/analysis', { config: admin, schema: { tags: ['admin'], params: idParamsSchema, response: { 200: partAnalysisSchema, ...errors } } }, async (request) => partAnalysis(db, ports, request.params.id));

  /** Regrading: a corrected answer key rescores every affected session (old and new scores audited). */
  app.post('/paper-items/:id/key', { config: admin, schema: { tags: ['admin'], params: idParamsSchema, body: correctKeyBodySchema, response: { 200: regradeResultSchema, ...errors } } }, async (request) => {
    const result = await correctKeyAndRegrade(db, ports, clock, { actorUserId: currentUser(request).userId, paperItemId: request.params.id, key: request.body.key });
    // Sessions still running are scored at their end with the corrected key.
    onPaperChanged?.(result.paperId);
    return { rescored: result.rescored, changed: result.changed };
  });
};
