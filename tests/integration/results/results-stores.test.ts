import { afterAll, beforeAll, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { ManualClock } from '../../../server/src/core/clock.ts';
import type { SessionUser } from '../../../server/src/core/session-user.ts';
import { tablesOf, type Db } from '../../../server/src/core/db/store.ts';
import { resultsRoutes } from '../../../server/src/features/results/routes.ts';
import { resultsPorts } from '../../../server/src/reporting-ports.ts';
import { EXPORT_HEADER } from '../../../server/src/features/results/export.ts';
import { startFeatureServer, type FeatureServer } from '../../helpers/feature-server.ts';
import { describeStores, openTestStore, type TestStore } from '../../helpers/stores.ts';

const HOUR = 3_600_000;

/**
 * Results (issue #16 step 2) on each store of the matrix, through the routes: the part summaries,
 * the combined results and their CSV, the release with its guard, and a corrected key regrading.
 * The concurrent cases are the ones READ COMMITTED would break with check-then-write: two admins
 * releasing a part at once, two identical key corrections at once.
 * (tests/integration/grading/analysis-regrade.test.ts runs results inside the whole app on SQLite.)
 */
await describeStores('results on the async data layer', (dialect) => {
  const clock = new ManualClock();
  let t: TestStore;
  let db: Db;
  let server: FeatureServer;
  const ids = { sittingA: 0, theoryA: 0, skillsA: 0, sittingB: 0, theoryB: 0, item1: 0, item2: 0 };
  const users: Record<string, SessionUser> = {};
  const changed: number[] = [];

  beforeAll(async () => {
    t = await openTestStore(dialect);
    db = t.store.db;
    const tb = tablesOf(db);
    const now = clock.now();
    const [admin] = await db.insert(tb.users).values({ role: 'admin', login: 'admin', displayName: '管理员', passwordHash: 'x', createdAt: now }).returning({ id: tb.users.id });
    users.admin = { userId: admin!.id, role: 'admin', displayName: 'admin', ticketNo: null, candidateId: null };
    const [proctor] = await db.insert(tb.users).values({ role: 'proctor', login: 'p1', displayName: '监考', passwordHash: 'x', createdAt: now }).returning({ id: tb.users.id });
    users.p1 = { userId: proctor!.id, role: 'proctor', displayName: 'p1', ticketNo: null, candidateId: null };

    const [occ] = await db.insert(tb.occupations).values({ code: 'X-01', nameZh: '测试', nameEn: 'Test' }).returning({ id: tb.occupations.id });
    const [plan] = await db.insert(tb.examPlans).values({ occupationId: occ!.id, title: '成绩计划', examDate: '2027-03-01', registrationDeadline: now, createdAt: now }).returning({ id: tb.examPlans.id });
    const [paper] = await db.insert(tb.papers).values({ title: '理论卷', part: 'theory', seed: 's', createdAt: now }).returning({ id: tb.papers.id });
    const options = JSON.stringify([
      { id: 'A', text: '甲' },
      { id: 'B', text: '乙' },
    ]);
    const items = await db
      .insert(tb.paperItems)
      .values([
        { paperId: paper!.id, position: 1, bankItemId: 'q1', type: 'single', stem: '一', optionsJson: options, answerKeyJson: '["A"]', points: 50 },
        { paperId: paper!.id, position: 2, bankItemId: 'q2', type: 'single', stem: '二', optionsJson: options, answerKeyJson: '["B"]', points: 50 },
      ])
      .returning({ id: tb.paperItems.id, position: tb.paperItems.position });
    ids.item1 = items.find((i) => i.position === 1)!.id;
    ids.item2 = items.find((i) => i.position === 2)!.id;

    // Sitting A is over (started five hours ago); sitting B started ten minutes ago and is still open.
    const sittings = await db
      .insert(tb.sittings)
      .values([
        { planId: plan!.id, level: 4, name: '四级上午', startsAt: now - 5 * HOUR },
        { planId: plan!.id, level: 4, name: '四级下午', startsAt: now - HOUR / 6 },
      ])
      .returning({ id: tb.sittings.id, name: tb.sittings.name });
    ids.sittingA = sittings.find((s) => s.name === '四级上午')!.id;
    ids.sittingB = sittings.find((s) => s.name === '四级下午')!.id;
    const parts = await db
      .insert(tb.sittingParts)
      .values([
        { sittingId: ids.sittingA, part: 'theory', durationMinutes: 90, paperId: paper!.id },
        { sittingId: ids.sittingA, part: 'skills', durationMinutes: 90 },
        { sittingId: ids.sittingB, part: 'theory', durationMinutes: 90, paperId: paper!.id },
      ])
      .returning({ id: tb.sittingParts.id, sittingId: tb.sittingParts.sittingId, part: tb.sittingParts.part });
    ids.theoryA = parts.find((p) => p.sittingId === ids.sittingA && p.part === 'theory')!.id;
    ids.skillsA = parts.find((p) => p.part === 'skills')!.id;
    ids.theoryB = parts.find((p) => p.sittingId === ids.sittingB)!.id;

    const people = [
      { ticket: 'A0001', sittingId: ids.sittingA },
      { ticket: 'A0002', sittingId: ids.sittingA },
      { ticket: 'A0003', sittingId: ids.sittingA },
      { ticket: 'B0001', sittingId: ids.sittingB },
    ];
    const candUsers = await db
      .insert(tb.users)
      .values(people.map((p) => ({ role: 'candidate' as const, login: p.ticket, displayName: p.ticket, passwordHash: 'x', createdAt: now })))
      .returning({ id: tb.users.id, login: tb.users.login });
    const cands = await db
      .insert(tb.candidates)
      .values(people.map((p, i) => ({ userId: candUsers.find((u) => u.login === p.ticket)!.id, sittingId: p.sittingId, ticketNo: p.ticket, name: `考生${i + 1}`, idNumber: `11010119900101000${i}`, room: '101', seat: String(i + 1) })))
      .returning({ id: tb.candidates.id, ticketNo: tb.candidates.ticketNo });
    const cand = (ticket: string) => cands.find((c) => c.ticketNo === ticket)!.id;

    // A0001 answered A, B (100, passed); A0002 answered A, A (50, failed); A0003 never came.
    const ended = { status: 'ended' as const, startedAt: now - 4 * HOUR, endedAt: now - 3 * HOUR, endReason: 'submitted' as const };
    const sessions = await db
      .insert(tb.examSessions)
      .values([
        { candidateId: cand('A0001'), sittingPartId: ids.theoryA, ...ended },
        { candidateId: cand('A0002'), sittingPartId: ids.theoryA, ...ended },
        { candidateId: cand('A0001'), sittingPartId: ids.skillsA, ...ended },
        { candidateId: cand('A0002'), sittingPartId: ids.skillsA, ...ended },
        { candidateId: cand('B0001'), sittingPartId: ids.theoryB, status: 'in_progress', startedAt: now - HOUR / 12, deadline: now + HOUR },
      ])
      .returning({ id: tb.examSessions.id, candidateId: tb.examSessions.candidateId, sittingPartId: tb.examSessions.sittingPartId });
    const session = (ticket: string, partId: number) => sessions.find((s) => s.candidateId === cand(ticket) && s.sittingPartId === partId)!.id;
    const answer = (sessionId: number, paperItemId: number, choice: string) => ({ sessionId, paperItemId, responseJson: JSON.stringify({ choices: [choice] }), revision: 1, receivedAt: now - 3 * HOUR });
    await db.insert(tb.answers).values([
      answer(session('A0001', ids.theoryA), ids.item1, 'A'),
      answer(session('A0001', ids.theoryA), ids.item2, 'B'),
      answer(session('A0002', ids.theoryA), ids.item1, 'A'),
      answer(session('A0002', ids.theoryA), ids.item2, 'A'),
    ]);
    const detail = (a: [number, number]) => JSON.stringify([{ itemId: ids.item1, points: 50, awarded: a[0], choices: ['A'] }, { itemId: ids.item2, points: 50, awarded: a[1], choices: a[1] ? ['B'] : ['A'] }]);
    const scored = (sessionId: number, score: number, detailJson = '[]') => ({ sessionId, rawPoints: score, maxPoints: 100, score, passed: score >= 60, detailJson, scoredAt: now - 3 * HOUR });
    await db.insert(tb.scores).values([
      scored(session('A0001', ids.theoryA), 100, detail([50, 50])),
      scored(session('A0002', ids.theoryA), 50, detail([50, 0])),
      scored(session('A0001', ids.skillsA), 80),
      scored(session('A0002', ids.skillsA), 70),
    ]);

    server = await startFeatureServer({
      users,
      register: async (api) => {
        await api.register(resultsRoutes, { prefix: '/admin', db, ports: resultsPorts(db), clock, onPaperChanged: (paperId) => changed.push(paperId) });
      },
    });
  });
  afterAll(async () => {
    await server?.close();
    await t?.close();
  });

  const get = (url: string) => server.http('GET', url, { cookie: server.cookie('admin') });
  const post = (url: string, body?: unknown) => server.http('POST', url, { cookie: server.cookie('admin'), body });
  const audited = async (action: string) => {
    const { auditLog } = tablesOf(db);
    const [row] = await db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, action));
    return row!.n;
  };
  const outcomes = async (sittingId: number) => {
    const res = await get(`/api/admin/sittings/${sittingId}/results`);
    expect(res.status).toBe(200);
    return Object.fromEntries((res.json.rows as any[]).map((r) => [r.ticketNo, [r.theory.outcome, r.theory.score, r.skills.outcome, r.result]]));
  };

  it('summarises each part with counts of candidates, ended and passed sessions; admins only', async () => {
    expect((await server.http('GET', '/api/admin/parts', { cookie: server.cookie('p1') })).status).toBe(403);
    const res = await get('/api/admin/parts');
    expect(res.status).toBe(200);
    const byPart = new Map((res.json as any[]).map((s) => [s.sittingPartId, s]));
    expect(byPart.get(ids.theoryA)).toMatchObject({ sittingId: ids.sittingA, sittingName: '成绩计划 · 四级上午', kind: 'theory', candidates: 3, ended: 2, passed: 1, releasedAt: null });
    expect(byPart.get(ids.skillsA)).toMatchObject({ candidates: 3, ended: 2, passed: 2 });
    expect(byPart.get(ids.theoryB)).toMatchObject({ candidates: 1, ended: 0, passed: 0 });
    const rows = (await get(`/api/admin/parts/${ids.theoryA}/results`)).json as any[];
    expect(rows.map((r) => [r.ticketNo, r.status, r.score, r.passed])).toEqual([
      ['A0001', 'ended', 100, true],
      ['A0002', 'ended', 50, false],
      ['A0003', 'not_started', null, null],
    ]);
  });

  it('combines the parts into each candidate’s result and exports it as CSV', async () => {
    expect(await outcomes(ids.sittingA)).toEqual({
      A0001: ['passed', 100, 'passed', 'certified'],
      A0002: ['failed', 50, 'passed', 'not_certified'],
      A0003: ['absent', null, 'absent', 'absent'],
    });
    // Sitting B is still open: its candidate is working, not absent.
    expect(await outcomes(ids.sittingB)).toEqual({ B0001: ['in_progress', null, 'absent', 'pending'] });
    expect((await get('/api/admin/sittings/999999/results')).json.error.key).toBe('results.noSitting');

    const csv = await get(`/api/admin/sittings/${ids.sittingA}/export.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="results-sitting-${ids.sittingA}.csv"`);
    const lines = csv.text.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines[0]).toBe(EXPORT_HEADER.join(','));
    expect(lines.slice(1).map((l) => l.split(','))).toEqual([
      ['考生1', '110101199001010000', 'A0001', '4-04-04-02', '网络与信息安全管理员', '四级/中级工', '100', '80', '', '合格', '0', '0', '0', '0'],
      ['考生2', '110101199001010001', 'A0002', '4-04-04-02', '网络与信息安全管理员', '四级/中级工', '50', '70', '', '不合格', '0', '0', '0', '0'],
      ['考生3', '110101199001010002', 'A0003', '4-04-04-02', '网络与信息安全管理员', '四级/中级工', '缺考', '缺考', '', '缺考', '0', '0', '0', '0'],
    ]);
  });

  it('refuses to release a part or a sitting while candidates can still work, and changes nothing', async () => {
    const part = await post(`/api/admin/parts/${ids.theoryB}/release`);
    expect([part.status, part.json.error.key, part.json.error.params]).toEqual([409, 'resultsRelease.stillOpen', expect.objectContaining({ inProgress: 1, part: 'theory' })]);
    const sitting = await post(`/api/admin/sittings/${ids.sittingB}/release`);
    expect([sitting.status, sitting.json.error.key]).toEqual([409, 'resultsRelease.stillOpen']);
    const { sittingParts } = tablesOf(db);
    const [row] = await db.select({ at: sittingParts.resultsReleasedAt }).from(sittingParts).where(eq(sittingParts.id, ids.theoryB));
    expect(row!.at).toBeNull();
    expect(await audited('results.released')).toBe(0);
  });

  it('releases a part once when two admins release it at once, then the rest of the sitting once likewise', async () => {
    const both = await Promise.all([post(`/api/admin/parts/${ids.theoryA}/release`), post(`/api/admin/parts/${ids.theoryA}/release`)]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(both.find((r) => r.status === 409)!.json.error.key).toBe('results.partReleasedAlready');
    expect(both.find((r) => r.status === 200)!.json).toMatchObject({ sittingPartId: ids.theoryA, releasedAt: clock.now() });
    expect(await audited('results.released')).toBe(1);
    expect((await get(`/api/admin/sittings/${ids.sittingA}/results`)).json.releasedAt).toBeNull();

    const sittings = await Promise.all([post(`/api/admin/sittings/${ids.sittingA}/release`), post(`/api/admin/sittings/${ids.sittingA}/release`)]);
    expect(sittings.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(sittings.find((r) => r.status === 200)!.json.releasedAt).toBe(clock.now());
    expect(sittings.find((r) => r.status === 409)!.json.error.key).toBe('results.sittingReleasedAlready');
    const { auditLog } = tablesOf(db);
    const entries = await db.select().from(auditLog).where(eq(auditLog.entity, 'sitting'));
    expect(entries.map((e) => JSON.parse(e.detailsJson))).toEqual([{ parts: [ids.skillsA], pendingGrading: 0 }]);
    expect((await post(`/api/admin/sittings/${ids.sittingA}/release`)).json.error.key).toBe('results.sittingReleasedAlready');
  });

  it('regrades every scored session when a key is corrected, auditing old and new scores', async () => {
    expect((await post(`/api/admin/paper-items/${ids.item2}/key`, { key: ['C'] })).json.error.key).toBe('results.notOptions');
    expect((await post(`/api/admin/paper-items/${ids.item2}/key`, { key: ['B'] })).json.error.key).toBe('results.keyUnchanged');
    expect((await post('/api/admin/paper-items/999999/key', { key: ['A'] })).json.error.key).toBe('results.noPaperItem');

    const res = await post(`/api/admin/paper-items/${ids.item2}/key`, { key: ['A'] });
    expect([res.status, res.json]).toEqual([200, { rescored: 2, changed: 2 }]);
    expect(changed.length).toBe(1);
    expect(await outcomes(ids.sittingA)).toEqual({
      A0001: ['failed', 50, 'passed', 'not_certified'],
      A0002: ['passed', 100, 'passed', 'certified'],
      A0003: ['absent', null, 'absent', 'absent'],
    });
    const summary = ((await get('/api/admin/parts')).json as any[]).find((s) => s.sittingPartId === ids.theoryA);
    expect(summary.passed).toBe(1);
    expect(await audited('session.rescored')).toBe(2);
    const { auditLog } = tablesOf(db);
    const [corrected] = await db.select().from(auditLog).where(eq(auditLog.action, 'paper_item.key_corrected'));
    expect(JSON.parse(corrected!.detailsJson ?? '{}')).toEqual({ oldKey: ['B'], newKey: ['A'] });
  });

  it('applies one of two identical key corrections made at once; the other hears the key is unchanged', async () => {
    const both = await Promise.all([post(`/api/admin/paper-items/${ids.item2}/key`, { key: ['B'] }), post(`/api/admin/paper-items/${ids.item2}/key`, { key: ['B'] })]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(both.find((r) => r.status === 409)!.json.error.key).toBe('results.keyUnchanged');
    expect(await audited('paper_item.key_corrected')).toBe(2);
    expect(await audited('session.rescored')).toBe(4);
    expect(await outcomes(ids.sittingA)).toMatchObject({ A0001: ['passed', 100, 'passed', 'certified'], A0002: ['failed', 50, 'passed', 'not_certified'] });
  });
});
