import { afterAll, beforeAll, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import { ManualClock } from '../../../server/src/core/clock.ts';
import type { SessionUser } from '../../../server/src/core/session-user.ts';
import { tablesOf, type Db } from '../../../server/src/core/db/store.ts';
import { createReviewService } from '../../../server/src/features/review/review-service.ts';
import { reviewPorts } from '../../../server/src/reporting-ports.ts';
import { reviewAdminRoutes, reviewRoutes } from '../../../server/src/features/review/routes.ts';
import { startFeatureServer, type FeatureServer } from '../../helpers/feature-server.ts';
import { insertStaff } from '../../helpers/store-seed.ts';
import { describeStores, openTestStore, type TestStore } from '../../helpers/stores.ts';

/**
 * The review panel (issue #16 step 2) on each store of the matrix, through its routes. The
 * concurrent cases are the ones PostgreSQL's READ COMMITTED would break with check-then-write:
 * two starts, the last members scoring at once, two admins setting the panel.
 * (tests/integration/grading/review-panel.test.ts runs it inside the whole app on SQLite.)
 */
await describeStores('review panel on the async data layer', (dialect) => {
  const clock = new ManualClock();
  let t: TestStore;
  let db: Db;
  let server: FeatureServer;
  let reviewPartId = 0;
  let theoryPartId = 0;
  let panelId = 0;
  let review: ReturnType<typeof createReviewService>;
  const cand: Record<string, number> = {};
  const users: Record<string, SessionUser> = {};

  beforeAll(async () => {
    t = await openTestStore(dialect);
    db = t.store.db;
    const tb = tablesOf(db);
    const now = clock.now();
    Object.assign(users, await insertStaff(db, now, [
      ['admin', 'admin', null],
      ['grader', 'g1', null],
      ['grader', 'g2', null],
      ['grader', 'g3', null],
      ['grader', 'g4', null],
      ['grader', 'gone', now],
      ['proctor', 'p1', null],
    ]));
    const [occ] = await db.insert(tb.occupations).values({ code: 'X-01', nameZh: '测试', nameEn: 'Test' }).returning({ id: tb.occupations.id });
    const [plan] = await db.insert(tb.examPlans).values({ occupationId: occ!.id, title: '评审计划', examDate: '2027-03-01', registrationDeadline: now, createdAt: now }).returning({ id: tb.examPlans.id });
    const [sitting] = await db.insert(tb.sittings).values({ planId: plan!.id, level: 2, name: '二级', startsAt: now }).returning({ id: tb.sittings.id });
    const parts = await db
      .insert(tb.sittingParts)
      .values([
        { sittingId: sitting!.id, part: 'theory', durationMinutes: 90 },
        { sittingId: sitting!.id, part: 'review', durationMinutes: 20, passScore: 60 },
      ])
      .returning({ id: tb.sittingParts.id, part: tb.sittingParts.part });
    theoryPartId = parts.find((p) => p.part === 'theory')!.id;
    reviewPartId = parts.find((p) => p.part === 'review')!.id;
    const tickets = ['R0001', 'R0002', 'R0003', 'R0004'];
    const candUsers = await db
      .insert(tb.users)
      .values(tickets.map((login) => ({ role: 'candidate' as const, login, displayName: login, passwordHash: 'x', createdAt: now })))
      .returning({ id: tb.users.id, login: tb.users.login });
    const inserted = await db
      .insert(tb.candidates)
      .values(candUsers.map((u, i) => ({ userId: u.id, sittingId: sitting!.id, ticketNo: u.login, name: `考生${i + 1}`, room: '101', seat: String(i + 1) })))
      .returning({ id: tb.candidates.id, ticketNo: tb.candidates.ticketNo });
    for (const c of inserted) cand[c.ticketNo] = c.id;

    review = createReviewService({ db, clock, ports: reviewPorts(db) });
    server = await startFeatureServer({
      users,
      register: async (api) => {
        await api.register(reviewRoutes, { prefix: '/review', review, materials: { materialsOf: () => null, materialDocumentFile: () => ({ file: '/nonexistent', mimeType: 'text/plain', fileName: 'x', bytes: 0 }) } });
        await api.register(reviewAdminRoutes, { prefix: '/admin', review });
      },
    });
  });
  afterAll(async () => {
    await server?.close();
    await t?.close();
  });

  const as = (who: string) => ({ cookie: server.cookie(who) });
  const panel = (body: unknown) => server.http('PUT', '/api/admin/review/panel', { ...as('admin'), body });
  const boards = async (who: string) => (await server.http('GET', '/api/review/panels', as(who))).json as any[];
  const act = (who: string, action: string, ticket: string) => server.http('POST', `/api/review/panels/${panelId}/candidates/${cand[ticket]}/${action}`, as(who));
  const score = (who: string, ticket: string, value: unknown) => server.http('PUT', `/api/review/panels/${panelId}/candidates/${cand[ticket]}/score`, { ...as(who), body: { score: value } });
  const partScores = async (ticket: string) => {
    const { examSessions, scores } = tablesOf(db);
    const [row] = await db
      .select({ n: count() })
      .from(scores)
      .innerJoin(examSessions, eq(examSessions.id, scores.sessionId))
      .where(and(eq(examSessions.candidateId, cand[ticket]!), eq(examSessions.sittingPartId, reviewPartId)));
    return row!.n;
  };
  const audited = async (action: string) => {
    const { auditLog } = tablesOf(db);
    const [row] = await db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, action));
    return row!.n;
  };

  it('is set up by the administrator with active graders only, for a review part; two admins at once leave one panel', async () => {
    expect((await panel({ sittingPartId: reviewPartId, chairLogin: 'g1', memberLogins: ['p1'] })).status).toBe(400);
    expect((await panel({ sittingPartId: reviewPartId, chairLogin: 'g1', memberLogins: ['gone'] })).status).toBe(400);
    expect((await panel({ sittingPartId: theoryPartId, chairLogin: 'g1', memberLogins: ['g2'] })).status).toBe(404);
    expect((await server.http('GET', `/api/admin/review/panel?sittingPartId=${reviewPartId}`, as('admin'))).json).toEqual({ panel: null });

    const both = await Promise.all([panel({ sittingPartId: reviewPartId, chairLogin: 'g2', memberLogins: ['g3'] }), panel({ sittingPartId: reviewPartId, chairLogin: 'g1', memberLogins: ['g3'] })]);
    expect(both.map((r) => r.status)).toEqual([204, 204]);
    const { reviewPanels } = tablesOf(db);
    expect((await db.select().from(reviewPanels)).length).toBe(1);
    const setup = (await server.http('GET', `/api/admin/review/panel?sittingPartId=${reviewPartId}`, as('admin'))).json;
    expect([setup.panel, setup.panel.memberLogins.length]).toEqual([expect.objectContaining({ memberLogins: expect.arrayContaining(['g3']) }), 2]);

    expect((await panel({ sittingPartId: reviewPartId, chairLogin: 'g1', memberLogins: ['g2', 'g3'] })).status).toBe(204);
    expect((await server.http('GET', `/api/admin/review/panel?sittingPartId=${reviewPartId}`, as('admin'))).json).toEqual({ panel: { chairLogin: 'g1', memberLogins: ['g1', 'g2', 'g3'] } });
    expect((await server.http('GET', `/api/admin/review/panel?sittingPartId=${reviewPartId}`, as('g1'))).status).toBe(403);
    expect(await audited('review.panel_set')).toBe(3);

    expect((await server.http('GET', '/api/review/panels', as('p1'))).status).toBe(403);
    expect(await boards('g4')).toEqual([]);
    const [board] = await boards('g2');
    panelId = board.panelId;
    expect(board).toMatchObject({ sittingName: '评审计划 · 二级', level: 2, isChair: false, isMember: true, durationMinutes: 20, passScore: 60, serverTime: clock.now() });
    expect(board.candidates.map((c: any) => [c.ticketNo, c.state])).toEqual([
      ['R0001', 'waiting'],
      ['R0002', 'waiting'],
      ['R0003', 'waiting'],
      ['R0004', 'waiting'],
    ]);
    expect((await boards('g1'))[0].isChair).toBe(true);
    expect((await server.http('GET', `/api/review/panels/${panelId}/candidates/${cand.R0001}/materials`, as('g3'))).json).toEqual({ application: null });
    expect((await server.http('GET', `/api/review/panels/${panelId}/candidates/${cand.R0001}/materials`, as('g4'))).status).toBe(403);
  });

  it('starts once: two starts at once give one session', async () => {
    expect((await act('g2', 'start', 'R0001')).status).toBe(403);
    expect((await score('g2', 'R0001', 70)).status).toBe(409);
    const starts = await Promise.all([act('g1', 'start', 'R0001'), act('g1', 'start', 'R0001')]);
    expect(starts.map((r) => r.status).sort()).toEqual([204, 409]);
    expect(await audited('review.started')).toBe(1);
    const started = clock.now();
    clock.advance(5 * 60_000);
    expect((await boards('g2'))[0].candidates[0]).toMatchObject({ state: 'in_progress', startedAt: started, plannedEnd: started + 20 * 60_000, myScore: null });
  });

  it('scores the mean once the session ended and every member scored, once, with the last scores arriving together', async () => {
    expect((await score('g4', 'R0001', 90)).status).toBe(403);
    expect((await score('g2', 'R0001', 101)).status).toBe(400);
    expect((await score('g2', 'R0001', 70)).status).toBe(204);
    expect((await score('g2', 'R0001', 71)).status).toBe(204); // a member may correct their score
    const ends = await Promise.all([act('g1', 'end', 'R0001'), act('g1', 'end', 'R0001')]);
    expect(ends.map((r) => r.status).sort()).toEqual([204, 409]);
    expect((await boards('g1'))[0].candidates[0]).toMatchObject({ state: 'ended', scoredBy: 1, finalScore: null });
    const last = await Promise.all([score('g1', 'R0001', 66), score('g3', 'R0001', 80)]);
    expect(last.map((r) => r.status)).toEqual([204, 204]);
    expect(await partScores('R0001')).toBe(1);
    expect((await boards('g2'))[0].candidates[0]).toMatchObject({ state: 'scored', myScore: 71, scoredBy: 3, finalScore: 72.33, passed: true });
    expect((await score('g2', 'R0001', 10)).status).toBe(409);
  });

  it('scores at the end when every member scored during the session, and records absence once', async () => {
    expect((await act('g1', 'start', 'R0002')).status).toBe(204);
    for (const [who, value] of [['g1', 50], ['g2', 55], ['g3', 40]] as const) expect((await score(who, 'R0002', value)).status).toBe(204);
    expect((await act('g1', 'end', 'R0002')).status).toBe(204);
    expect((await boards('g3'))[0].candidates[1]).toMatchObject({ state: 'scored', finalScore: 48.33, passed: false });
    expect(await audited('session.scored')).toBe(2);

    const absent = await Promise.all([act('g1', 'absent', 'R0003'), act('g1', 'absent', 'R0003')]);
    expect(absent.map((r) => r.status).sort()).toEqual([204, 409]);
    expect((await act('g1', 'absent', 'R0001')).status).toBe(409);
    expect((await act('g1', 'end', 'R0004')).status).toBe(409);
    expect((await score('g2', 'R0003', 60)).status).toBe(409);
    const rows = (await boards('admin'))[0].candidates;
    expect(rows.map((c: any) => c.state)).toEqual(['scored', 'scored', 'ended', 'waiting']);
    expect((await score('g2', 'R0004', 60)).status).toBe(409);
    expect(await partScores('R0003')).toBe(0);
  });

  it('scores once when the session ends while the last members score (service calls racing on the store)', async () => {
    expect((await act('g1', 'start', 'R0004')).status).toBe(204);
    expect((await score('g1', 'R0004', 90)).status).toBe(204);
    const panelIdNow = panelId;
    await Promise.all([
      review.score(users.g2!, panelIdNow, cand.R0004!, 80),
      review.score(users.g3!, panelIdNow, cand.R0004!, 70),
      review.end(users.g1!, panelIdNow, cand.R0004!, 'submitted'),
    ]);
    expect(await partScores('R0004')).toBe(1);
    expect((await boards('g1'))[0].candidates[3]).toMatchObject({ state: 'scored', scoredBy: 3, finalScore: 80, passed: true });
  });
});
