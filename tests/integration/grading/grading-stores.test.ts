import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { and, asc, count, eq, inArray } from 'drizzle-orm';
import { ManualClock } from '../../../server/src/core/clock.ts';
import { NotFoundError } from '../../../server/src/core/errors.ts';
import type { SessionUser } from '../../../server/src/core/session-user.ts';
import { tablesOf, type Db } from '../../../server/src/core/db/store.ts';
import { CLAIM_TTL_MS, createGradingService } from '../../../server/src/features/grading/grading-service.ts';
import { gradingAdminRoutes, gradingRoutes } from '../../../server/src/features/grading/routes.ts';
import { gradingOwners } from '../../../server/src/grading-owners.ts';
import { startFeatureServer, type FeatureServer } from '../../helpers/feature-server.ts';
import { insertStaff, type StaffSeed } from '../../helpers/store-seed.ts';
import { describeStores, openTestStore, type TestStore } from '../../helpers/stores.ts';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
type Rubric = { id: string; text: string; points: number }[];
const SHORT: Rubric = [
  { id: 'c1', text: '要点一', points: 4 },
  { id: 'c2', text: '要点二', points: 6 },
];
const PRACTICAL: Rubric = [{ id: 'p1', text: '操作', points: 20 }];
/** A mark giving `first` on the first criterion and full points on the others. */
const marksFor = (rubric: Rubric, first: number) => ({ criteria: rubric.map((c, i) => ({ id: c.id, awarded: i === 0 ? first : c.points })) });

/**
 * Grading (issue #16 step 2) on each store of the matrix, through its routes: the task list and
 * staffing, claims, single and double marking with arbitration, the part score, reopening,
 * screenshots and instruction images. The concurrent cases are the ones PostgreSQL's READ
 * COMMITTED would break with check-then-write: two graders claiming a script, a mark sent twice,
 * the last two marks of a session arriving together, an administrator taking a grader off a task
 * (or switching it to double marking) while they mark. Each fails on PostgreSQL without its lock.
 * (tests/integration/grading/grading.test.ts and reopen.test.ts run grading inside the whole app on SQLite.)
 */
await describeStores('grading on the async data layer', (dialect) => {
  const clock = new ManualClock();
  let t: TestStore;
  let db: Db;
  let server: FeatureServer;
  let grading: ReturnType<typeof createGradingService>;
  let evidenceDir = '';
  const users: Record<string, SessionUser> = {};
  let occupationId = 0;
  let candidateNo = 0;

  type Sitting = { sittingId: number; partId: number; items: number[]; sessions: number[] };
  /** A sitting whose skills part has these tasks and `gradable` ended sessions (plus one violation, one running). */
  async function makeSitting(name: string, tasks: { type: 'short-answer' | 'practical'; rubric: Rubric }[], gradable: number): Promise<Sitting> {
    const tb = tablesOf(db);
    const now = clock.now();
    const [plan] = await db.insert(tb.examPlans).values({ occupationId, title: `${name}计划`, examDate: '2027-03-01', registrationDeadline: now, createdAt: now }).returning({ id: tb.examPlans.id });
    const [sitting] = await db.insert(tb.sittings).values({ planId: plan!.id, level: 3, name, startsAt: now }).returning({ id: tb.sittings.id });
    const [paper] = await db.insert(tb.papers).values({ title: `${name}卷`, part: 'skills', seed: name, createdAt: now }).returning({ id: tb.papers.id });
    const items = await db
      .insert(tb.paperItems)
      .values(
        tasks.map((task, i) => ({
          paperId: paper!.id,
          position: i + 1,
          bankItemId: `${name}-${i + 1}`,
          type: task.type,
          stem: `任务${i + 1} ![图](media:fig.png)`,
          optionsJson: '[]',
          answerKeyJson: 'null',
          points: task.rubric.reduce((s, c) => s + c.points, 0),
          detailJson: JSON.stringify({ rubric: task.rubric, screenshots: task.type === 'practical' ? 1 : 0, referenceAnswer: '参考' }),
        })),
      )
      .returning({ id: tb.paperItems.id, position: tb.paperItems.position });
    const [part] = await db.insert(tb.sittingParts).values({ sittingId: sitting!.id, part: 'skills', durationMinutes: 120, passScore: 60, paperId: paper!.id }).returning({ id: tb.sittingParts.id });
    const sessions: number[] = [];
    for (let i = 0; i < gradable + 2; i += 1) {
      candidateNo += 1;
      const ticket = `G${String(candidateNo).padStart(4, '0')}`;
      const [u] = await db.insert(tb.users).values({ role: 'candidate', login: ticket, displayName: ticket, passwordHash: 'x', createdAt: now }).returning({ id: tb.users.id });
      const [c] = await db.insert(tb.candidates).values({ userId: u!.id, sittingId: sitting!.id, ticketNo: ticket, name: `考生${candidateNo}`, room: '101', seat: String(candidateNo) }).returning({ id: tb.candidates.id });
      const status = i === gradable + 1 ? 'in_progress' : 'ended';
      const endReason = i < gradable ? 'submitted' : i === gradable ? 'violation' : null;
      const [s] = await db.insert(tb.examSessions).values({ candidateId: c!.id, sittingPartId: part!.id, status, startedAt: now, endedAt: status === 'ended' ? now : null, endReason }).returning({ id: tb.examSessions.id });
      if (i < gradable) {
        sessions.push(s!.id);
        await db.insert(tb.answers).values(items.map((it) => ({ sessionId: s!.id, paperItemId: it.id, responseJson: JSON.stringify({ text: `答案${candidateNo}` }), revision: 1, receivedAt: now })));
      }
    }
    return { sittingId: sitting!.id, partId: part!.id, items: items.sort((a, b) => a.position - b.position).map((i) => i.id), sessions };
  }

  beforeAll(async () => {
    t = await openTestStore(dialect);
    db = t.store.db;
    const tb = tablesOf(db);
    const now = clock.now();
    const staff: StaffSeed[] = [['admin', 'admin', null], ['grader', 'g1', null], ['grader', 'g2', null], ['grader', 'g3', null], ['grader', 'arb', null], ['grader', 'gone', now], ['proctor', 'p1', null]];
    Object.assign(users, await insertStaff(db, now, staff));
    const [occ] = await db.insert(tb.occupations).values({ code: 'G-01', nameZh: '阅卷', nameEn: 'Grading' }).returning({ id: tb.occupations.id });
    occupationId = occ!.id;

    evidenceDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-grading-'));
    grading = createGradingService({
      db,
      clock,
      // Both ports answer with promises, as they will once evidence is on the async layer.
      evidencePath: async (sha256) => path.join(evidenceDir, sha256),
      taskMedia: async (_bankItemId, stem, name) => {
        if (name !== 'fig.png' || !stem.includes(`media:${name}`)) throw new NotFoundError('No such image', { key: 'evidence.noImage' });
        return { mimeType: 'image/png', bytes: PNG };
      },
      owners: gradingOwners,
    });
    server = await startFeatureServer({
      users,
      register: async (api) => {
        await api.register(gradingRoutes, { prefix: '/grading', grading });
        await api.register(gradingAdminRoutes, { prefix: '/admin', grading });
      },
    });
  });
  afterAll(async () => {
    await server?.close();
    await t?.close();
    if (evidenceDir) fs.rmSync(evidenceDir, { recursive: true, force: true });
  });

  const as = (who: string) => ({ cookie: server.cookie(who) });
  const claim = (who: string, code: string, itemId: number) => server.http('POST', `/api/grading/scripts/${code}/${itemId}/claim`, as(who));
  const mark = (who: string, code: string, itemId: number, body: unknown) => server.http('POST', `/api/grading/scripts/${code}/${itemId}/marks`, { ...as(who), body });
  const settings = (itemId: number, body: unknown) => server.http('PUT', `/api/admin/grading/tasks/${itemId}`, { ...as('admin'), body });
  const scriptsOf = async (who: string, itemId: number) => {
    const res = await server.http('GET', `/api/grading/scripts?itemId=${itemId}`, as(who));
    expect(res.status).toBe(200);
    return res.json as { code: string; paperItemId: number; state: string; markedByMe: boolean; claimedByOther: boolean; canReopen: boolean }[];
  };
  /** Marking codes by session, in session order. */
  const codesOf = async (sessionIds: number[]) => {
    const { markingCodes } = tablesOf(db);
    const rows = await db.select().from(markingCodes).where(inArray(markingCodes.sessionId, sessionIds));
    return sessionIds.map((id) => rows.find((r) => r.sessionId === id)!.code);
  };
  const audited = async (action: string) => {
    const { auditLog } = tablesOf(db);
    const [row] = await db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, action));
    return row!.n;
  };
  const scoresOf = async (sessionIds: number[]) => {
    const { scores } = tablesOf(db);
    return db.select().from(scores).where(inArray(scores.sessionId, sessionIds));
  };
  const marksOf = async (itemIds: number[]) => {
    const { marks } = tablesOf(db);
    return db.select().from(marks).where(inArray(marks.paperItemId, itemIds)).orderBy(asc(marks.id));
  };

  /**
   * Eight sittings of one gradable session each, with two tasks x and y: g1 holds x's claim (or has
   * marked it, with `xMarked`), g2 holds y's. Sittings of their own, so racing pairs of different
   * sessions never queue behind each other on a shared task's lock.
   */
  async function twoTaskSessions(name: string, xMarked: boolean) {
    const all = await Promise.all(Array.from({ length: 8 }, (_, i) => makeSitting(`${name}${i}`, [{ type: 'short-answer', rubric: SHORT }, { type: 'short-answer', rubric: SHORT }], 1)));
    const pairs: { code: string; x: number; y: number }[] = [];
    for (const s of all) {
      const [x, y] = s.items as [number, number];
      const [code] = (await scriptsOf('g1', x)).map((r) => r.code) as [string];
      expect((await claim('g1', code, x)).status).toBe(200);
      if (xMarked) expect((await mark('g1', code, x, marksFor(SHORT, 4))).status).toBe(200);
      expect((await claim('g2', code, y)).status).toBe(200);
      pairs.push({ code, x, y });
    }
    return { all, pairs };
  }

  it('staffs a task, marks it twice with arbitration, scores the part once every task is resolved, reopens and serves evidence', async () => {
    const s = await makeSitting('主流程', [
      { type: 'short-answer', rubric: SHORT },
      { type: 'practical', rubric: PRACTICAL },
    ], 3);
    const [taskA, taskB] = s.items as [number, number];

    // Staffing: refusals first, nothing written by them.
    expect((await settings(taskA, { doubleMarking: true, thresholdPoints: 1, arbitratorLogin: 'gone', graderUserIds: [users.g1!.userId, users.g2!.userId] })).json.error.key).toBe('grading.noArbitrator');
    expect((await settings(taskA, { doubleMarking: true, thresholdPoints: 11, arbitratorLogin: 'arb' })).json.error.key).toBe('grading.thresholdTooHigh');
    expect((await settings(taskA, { doubleMarking: true, thresholdPoints: 1, arbitratorLogin: 'arb', graderUserIds: [users.g1!.userId] })).json.error.key).toBe('grading.twoGraders');
    expect((await settings(taskA, { doubleMarking: true, thresholdPoints: 1, arbitratorLogin: 'arb', graderUserIds: [users.g1!.userId, users.p1!.userId] })).status).toBe(400);
    expect((await settings(999999, { doubleMarking: false, thresholdPoints: null, arbitratorLogin: null })).status).toBe(404);
    expect((await server.http('PUT', `/api/admin/grading/tasks/${taskA}`, { ...as('g1'), body: { doubleMarking: false, thresholdPoints: null, arbitratorLogin: null } })).status).toBe(403);
    expect(await audited('grading.task_settings')).toBe(0);
    expect((await settings(taskA, { doubleMarking: true, thresholdPoints: 1, arbitratorLogin: 'arb', graderUserIds: [users.g2!.userId, users.g1!.userId, users.g1!.userId] })).status).toBe(204);
    const staffing = await server.http('GET', `/api/admin/sittings/${s.sittingId}/grading-tasks`, as('admin'));
    expect(staffing.json).toMatchObject({
      sittingId: s.sittingId,
      skillsPartId: s.partId,
      tasks: [
        { paperItemId: taskA, position: 1, points: 10, doubleMarking: true, thresholdPoints: 1, defaultThreshold: 1.5, arbitratorLogin: 'arb', graderUserIds: [users.g1!.userId, users.g2!.userId].sort((a, b) => a - b), marks: 0 },
        { paperItemId: taskB, position: 2, points: 20, doubleMarking: false, thresholdPoints: null, arbitratorLogin: null, graderUserIds: [], marks: 0 },
      ],
    });
    expect((await server.http('GET', '/api/admin/sittings/999999/grading-tasks', as('admin'))).status).toBe(404);
    expect(await audited('grading.task_graders_set')).toBe(1);

    // Two graders listing at once give every script one code, the same for both.
    const [l1, l2] = await Promise.all([scriptsOf('g1', taskA), scriptsOf('g2', taskA)]);
    expect(l1.map((x) => x.code)).toEqual(l2.map((x) => x.code));
    const codes = await codesOf(s.sessions);
    expect(new Set(codes).size).toBe(3);
    expect([...l1.map((x) => x.code)].sort()).toEqual([...codes].sort());
    expect(l1.every((x) => x.state === 'unmarked' && !x.markedByMe && !x.claimedByOther)).toBe(true);
    const [c1, c2, c3] = codes as [string, string, string];

    // Who sees what: g3 is not named on A; the arbitrator sees it to arbitrate.
    const tasksOf = async (who: string) => ((await server.http('GET', '/api/grading/tasks', as(who))).json as any[]).filter((x) => s.items.includes(x.paperItemId));
    expect((await tasksOf('g3')).map((x) => x.paperItemId)).toEqual([taskB]);
    expect((await tasksOf('arb')).find((x) => x.paperItemId === taskA)).toMatchObject({ sittingName: '主流程计划 · 主流程', canArbitrate: true, availableToMe: 0, scripts: 3 });
    expect((await tasksOf('g1')).find((x) => x.paperItemId === taskA)).toMatchObject({ doubleMarking: true, thresholdPoints: 1, canArbitrate: false, availableToMe: 3, resolved: 0 });
    expect((await claim('g3', c1, taskA)).status).toBe(403);
    expect((await claim('arb', c1, taskA)).json.error.key).toBe('grading.arbitratorOnly');
    expect((await server.http('GET', '/api/grading/tasks', as('p1'))).status).toBe(403);

    // First and second marks far apart, then arbitration.
    const view = await claim('g1', c1, taskA);
    expect(view.status).toBe(200);
    expect(view.json).toMatchObject({ code: c1, kind: 'first', points: 10, answerText: '答案1', referenceAnswer: '参考', priorMarks: [], claimExpiresAt: clock.now() + CLAIM_TTL_MS });
    expect(JSON.stringify(view.json)).not.toMatch(/sessionId|candidateId|G0001|考生/);
    expect((await claim('g2', c1, taskA)).json.error.key).toBe('grading.claimedByOther');
    expect((await mark('g2', c1, taskA, marksFor(SHORT, 1))).json.error.key).toBe('grading.lockLost');
    expect((await mark('g1', c1, taskA, marksFor(SHORT, 5))).json.error.key).toBe('marking.outOfRange');
    expect(await mark('g1', c1, taskA, marksFor(SHORT, 4))).toMatchObject({ status: 200, json: { state: 'awaiting_second', score: null } });
    expect((await claim('g1', c1, taskA)).json.error.key).toBe('grading.markedByYou');
    expect((await claim('g2', c1, taskA)).json.kind).toBe('second');
    expect(await mark('g2', c1, taskA, marksFor(SHORT, 1))).toMatchObject({ status: 200, json: { state: 'awaiting_arbitration' } });
    expect((await claim('g2', c1, taskA)).json.error.key).toBe('grading.markedByYou');
    const arbView = await claim('arb', c1, taskA);
    expect(arbView.json).toMatchObject({ kind: 'arbitration', priorMarks: [{ kind: 'first', total: 10 }, { kind: 'second', total: 7 }] });
    expect(await mark('arb', c1, taskA, marksFor(SHORT, 3))).toMatchObject({ status: 200, json: { state: 'resolved', score: 9 } });
    expect(await scoresOf(s.sessions)).toEqual([]);

    // Task B: single marking, open to everyone; its mark completes session 1, which is scored.
    const next = await server.http('POST', `/api/grading/tasks/${taskB}/next`, as('g3'));
    expect(next.json.script).toMatchObject({ kind: 'first', requiredScreenshots: 1, screenshots: [] });
    expect(codes).toContain(next.json.script.code);
    expect((await server.http('DELETE', `/api/grading/scripts/${next.json.script.code}/${taskB}/claim`, as('g3'))).status).toBe(204);
    expect((await claim('g3', c1, taskB)).json).toMatchObject({ code: c1, kind: 'first' });
    expect(await mark('g3', c1, taskB, marksFor(PRACTICAL, 12))).toMatchObject({ status: 200, json: { state: 'resolved', score: 12 } });
    const [score] = await scoresOf(s.sessions);
    expect(score).toMatchObject({ sessionId: s.sessions[0], rawPoints: 21, maxPoints: 30, score: 70, passed: true });
    expect(await audited('session.scored')).toBe(1);
    expect((await tasksOf('g1')).find((x) => x.paperItemId === taskA)).toMatchObject({ resolved: 1, markedByMe: 1, availableToMe: 2 });

    // Reopening: g3's own mark while B is not settled; the part score is withdrawn, then written again.
    expect((await server.http('POST', `/api/grading/scripts/${c1}/${taskB}/reopen`, { ...as('g1'), body: { reason: '复核' } })).json.error.key).toBe('marking.noMarkToReopen');
    const reopened = await server.http('POST', `/api/grading/scripts/${c1}/${taskB}/reopen`, { ...as('g3'), body: { reason: '看错了' } });
    expect(reopened).toMatchObject({ status: 200, json: { code: c1, paperItemId: taskB, state: 'unmarked', markedByMe: false } });
    expect(await scoresOf(s.sessions)).toEqual([]);
    expect(await audited('script.mark_reopened')).toBe(1);
    expect((await claim('g3', c1, taskB)).status).toBe(200);
    expect((await mark('g3', c1, taskB, marksFor(PRACTICAL, 14))).status).toBe(200);
    expect((await scoresOf(s.sessions)).map((x) => x.score)).toEqual([76.67]);
    // An administrator reopens any mark, here the arbitration of A.
    const byAdmin = await server.http('POST', `/api/grading/scripts/${c1}/${taskA}/reopen`, { ...as('admin'), body: { reason: '仲裁复议', kind: 'arbitration' } });
    expect(byAdmin.json).toMatchObject({ state: 'awaiting_arbitration' });
    expect(await scoresOf(s.sessions)).toEqual([]);

    // Claims: released only by their holder; an expired one is taken over and its holder's mark refused.
    expect((await claim('g1', c2, taskA)).status).toBe(200);
    expect((await server.http('DELETE', `/api/grading/scripts/${c2}/${taskA}/claim`, as('g2'))).status).toBe(204);
    expect((await claim('g2', c2, taskA)).json.error.key).toBe('grading.claimedByOther');
    clock.advance(CLAIM_TTL_MS + 1);
    expect((await claim('g2', c2, taskA)).status).toBe(200);
    expect((await server.http('DELETE', `/api/grading/scripts/${c2}/${taskA}/claim`, as('g1'))).status).toBe(204);
    const { scriptClaims } = tablesOf(db);
    expect(await db.select({ grader: scriptClaims.graderUserId }).from(scriptClaims).where(eq(scriptClaims.paperItemId, taskA))).toEqual([{ grader: users.g2!.userId }]);
    expect((await mark('g1', c2, taskA, marksFor(SHORT, 2))).json.error.key).toBe('grading.lockLost');
    expect((await server.http('DELETE', `/api/grading/scripts/${c2}/${taskA}/claim`, as('g2'))).status).toBe(204);
    expect(await db.select().from(scriptClaims).where(eq(scriptClaims.paperItemId, taskA))).toEqual([]);
    expect((await claim('g1', 'ZZZZZZ', taskA)).status).toBe(404);

    // Evidence: a screenshot of a gradable script, to graders of the task only; the file through the async port.
    const tb = tablesOf(db);
    const sha = 'a'.repeat(64);
    fs.writeFileSync(path.join(evidenceDir, sha), PNG);
    const [violation] = await db.select({ id: tb.examSessions.id }).from(tb.examSessions).where(and(eq(tb.examSessions.sittingPartId, s.partId), eq(tb.examSessions.endReason, 'violation')));
    const shots = await db
      .insert(tb.screenshots)
      .values([
        { sessionId: s.sessions[1]!, paperItemId: taskB, sha256: sha, bytes: PNG.length, mimeType: 'image/png' as const, width: 1, height: 1, caption: '截图', uploadedAt: clock.now() },
        { sessionId: violation!.id, paperItemId: taskB, sha256: sha, bytes: PNG.length, mimeType: 'image/png' as const, width: 1, height: 1, caption: null, uploadedAt: clock.now() },
        { sessionId: s.sessions[1]!, paperItemId: taskA, sha256: sha, bytes: PNG.length, mimeType: 'image/png' as const, width: 1, height: 1, caption: null, uploadedAt: clock.now() },
      ])
      .returning({ id: tb.screenshots.id });
    const shot = await fetch(`${server.baseUrl}/api/grading/screenshots/${shots[0]!.id}`, { headers: { cookie: server.cookie('g3') } });
    expect([shot.status, shot.headers.get('content-type')]).toEqual([200, 'image/png']);
    expect(Buffer.from(await shot.arrayBuffer()).equals(PNG)).toBe(true);
    expect((await server.http('GET', `/api/grading/screenshots/${shots[1]!.id}`, as('g3'))).status).toBe(404);
    expect((await server.http('GET', `/api/grading/screenshots/${shots[2]!.id}`, as('g3'))).status).toBe(403);
    expect((await server.http('GET', `/api/grading/screenshots/${shots[0]!.id}`, as('p1'))).status).toBe(403);
    const b2 = (await claim('g3', c2, taskB)).json;
    expect(b2.screenshots).toEqual([{ id: shots[0]!.id, width: 1, height: 1, caption: '截图' }]);

    // The task's instruction image through the (async) media port, to graders who may work on it.
    const image = await fetch(`${server.baseUrl}/api/grading/tasks/${taskB}/media/fig.png`, { headers: { cookie: server.cookie('g3') } });
    expect([image.status, image.headers.get('content-type')]).toEqual([200, 'image/png']);
    expect((await server.http('GET', `/api/grading/tasks/${taskB}/media/other.png`, as('g3'))).status).toBe(404);
    expect((await server.http('GET', `/api/grading/tasks/${taskA}/media/fig.png`, as('g3'))).status).toBe(403);
    expect(c3).toBeTruthy();
  });

  it('lists a task\'s scripts in byte order of their marking codes, whatever the order of their sessions', async () => {
    const s = await makeSitting('次序', [{ type: 'short-answer', rubric: SHORT }], 4);
    const [item] = s.items as [number];
    await scriptsOf('g1', item); // gives every script its code
    // Codes set against the sessions' order (grading sorts them in memory since they no longer come joined).
    const wanted = ['ZZZZZ9', 'M2M2M2', 'AAAAAA', '222222'];
    const { markingCodes } = tablesOf(db);
    for (const [i, sessionId] of s.sessions.entries()) await db.update(markingCodes).set({ code: wanted[i]! }).where(eq(markingCodes.sessionId, sessionId));
    expect((await scriptsOf('g1', item)).map((x) => x.code)).toEqual([...wanted].reverse());
  });

  it('gives a script to one of two graders claiming it at once, and takes one of a mark sent twice', async () => {
    const s = await makeSitting('抢卷', [{ type: 'short-answer', rubric: SHORT }], 8);
    const [task] = s.items as [number];
    const codes = (await scriptsOf('g1', task)).map((x) => x.code);
    expect(codes).toHaveLength(8);
    const claims = await Promise.all(codes.flatMap((code) => [grading.open(users.g1!, code, task), grading.open(users.g2!, code, task)].map((p) => p.then(() => 200, (err: { statusCode?: number }) => err.statusCode ?? 500))));
    const winners: string[] = [];
    codes.forEach((code, i) => {
      const pair = claims.slice(2 * i, 2 * i + 2);
      expect(pair.sort()).toEqual([200, 409]);
      winners.push(claims[2 * i] === 200 ? 'g1' : 'g2');
    });
    const { scriptClaims } = tablesOf(db);
    expect((await db.select().from(scriptClaims).where(eq(scriptClaims.paperItemId, task))).length).toBe(8);

    // Each winner sends their mark twice at once: one mark, one 409, never an error.
    const sent = await Promise.all(
      codes.flatMap((code, i) => [0, 1].map(() => grading.submit(users[winners[i]!]!, code, task, marksFor(SHORT, 2)).then(() => 200, (err: { statusCode?: number }) => err.statusCode ?? 500))),
    );
    for (let i = 0; i < codes.length; i += 1) expect(sent.slice(2 * i, 2 * i + 2).sort()).toEqual([200, 409]);
    expect((await marksOf([task])).length).toBe(8);
    expect(await db.select().from(scriptClaims).where(eq(scriptClaims.paperItemId, task))).toEqual([]);
    expect((await scoresOf(s.sessions)).length).toBe(8);
  });

  it('scores the part once when the last two marks of a session arrive together', async () => {
    const { all, pairs } = await twoTaskSessions('同时', false);
    // One session at a time, the second mark starting a little later each time.
    const results = [];
    for (const [i, { code, x, y }] of pairs.entries()) {
      results.push(...(await Promise.all([grading.submit(users.g1!, code, x, marksFor(SHORT, 4)), new Promise((resolve) => setTimeout(resolve, i)).then(() => grading.submit(users.g2!, code, y, marksFor(SHORT, 2)))])));
    }
    expect(results.every((r) => r.state === 'resolved')).toBe(true);
    const sessions = all.flatMap((s) => s.sessions);
    const scores = await scoresOf(sessions);
    expect(scores.map((r) => r.sessionId).sort((a, b) => a - b)).toEqual([...sessions].sort((a, b) => a - b));
    expect(scores.every((r) => r.score === 90 && r.passed)).toBe(true);
    const { auditLog } = tablesOf(db);
    const scored = await db.select({ id: auditLog.entityId }).from(auditLog).where(eq(auditLog.action, 'session.scored'));
    expect(scored.filter((r) => sessions.map(String).includes(r.id!)).length).toBe(8);
  });

  it('leaves no part score built on a mark reopened while the session\'s last mark arrives, and reopens a mark once', async () => {
    const { all, pairs: cases } = await twoTaskSessions('复评', true);
    const outcome = (p: Promise<unknown>) => p.then(() => 200, (err: { statusCode?: number }) => err.statusCode ?? 500);
    // One session at a time, the reopens starting a little later each time: some land while the
    // last mark's transaction is open.
    const raced: number[] = [];
    for (const [i, { code, x, y }] of cases.entries()) {
      const later = new Promise((resolve) => setTimeout(resolve, i));
      raced.push(
        ...(await Promise.all([
          outcome(later.then(() => grading.reopen(users.admin!, code, x, { reason: '重新评分', kind: 'first' }))),
          outcome(later.then(() => grading.reopen(users.admin!, code, x, { reason: '重新评分', kind: 'first' }))),
          outcome(grading.submit(users.g2!, code, y, marksFor(SHORT, 2))),
        ])),
      );
    }
    for (let i = 0; i < cases.length; i += 1) expect([...raced.slice(3 * i, 3 * i + 2)].sort()).toEqual([200, 404]);
    expect(raced.filter((_, i) => i % 3 === 2).every((status) => status === 200)).toBe(true);
    const sessions = all.flatMap((s) => s.sessions);
    // Whichever came first, the reopened mark is gone and no score stands on it.
    expect(await marksOf(cases.map((c) => c.x))).toEqual([]);
    expect((await marksOf(cases.map((c) => c.y))).length).toBe(8);
    expect(await scoresOf(sessions)).toEqual([]);
    const { auditLog } = tablesOf(db);
    const reopened = await db.select({ id: auditLog.entityId }).from(auditLog).where(eq(auditLog.action, 'script.mark_reopened'));
    expect(reopened.filter((r) => sessions.map(String).includes(r.id!)).length).toBe(8);
  });

  it('takes a grader off a task while they mark: every mark they give is ordered before the change, none after', async () => {
    const s = await makeSitting('换人', [{ type: 'short-answer', rubric: SHORT }], 8);
    const [task] = s.items as [number];
    expect((await settings(task, { doubleMarking: false, thresholdPoints: null, arbitratorLogin: null, graderUserIds: [users.g1!.userId, users.g2!.userId] })).status).toBe(204);
    const codes = (await scriptsOf('g1', task)).map((r) => r.code);
    for (const code of codes) expect((await claim('g1', code, task)).status).toBe(200);
    const outcome = (p: Promise<unknown>) => p.then(() => 200, (err: { statusCode?: number }) => err.statusCode ?? 500);
    const [change, ...marked] = await Promise.all([
      outcome(grading.setTaskSettings(users.admin!, task, { doubleMarking: false, thresholdPoints: null, arbitratorLogin: null, graderUserIds: [users.g2!.userId, users.g3!.userId] })),
      ...codes.map((code) => outcome(grading.submit(users.g1!, code, task, marksFor(SHORT, 3)))),
    ]);
    expect(change).toBe(200);
    expect(marked.every((status) => status === 200 || status === 409 || status === 403)).toBe(true);
    const { auditLog, scriptClaims } = tablesOf(db);
    const entries = await db.select({ id: auditLog.id, action: auditLog.action, details: auditLog.detailsJson }).from(auditLog).where(inArray(auditLog.action, ['script.marked', 'grading.task_graders_set'])).orderBy(asc(auditLog.id));
    const setAt = entries.find((e) => e.action === 'grading.task_graders_set' && JSON.parse(e.details).removed?.includes(users.g1!.userId))!.id;
    const marks = entries.filter((e) => e.action === 'script.marked' && JSON.parse(e.details).paperItemId === task);
    expect(marks.length).toBe(marked.filter((x) => x === 200).length);
    expect(marks.filter((e) => e.id > setAt)).toEqual([]);
    expect(await db.select().from(scriptClaims).where(eq(scriptClaims.paperItemId, task))).toEqual([]);
    // After the change g1 no longer reaches the task.
    expect((await claim('g1', codes[0]!, task)).status).toBe(403);
  });

  it('switches a task to double marking only while it has no mark, even with a first mark arriving at that moment', async () => {
    const all = await Promise.all(Array.from({ length: 8 }, (_, i) => makeSitting(`改制${i}`, [{ type: 'short-answer', rubric: SHORT }], 1)));
    const scripts: { code: string; item: number }[] = [];
    for (const s of all) {
      const item = s.items[0]!;
      const [code] = (await scriptsOf('g1', item)).map((r) => r.code) as [string];
      expect((await claim('g1', code, item)).status).toBe(200);
      scripts.push({ code, item });
    }
    const outcome = <T,>(p: Promise<T>) => p.then((value) => ({ status: 200, value }), (err: { statusCode?: number; detail?: { key?: string } }) => ({ status: err.statusCode ?? 500, value: err.detail?.key }));
    // One task at a time, the switch starting a little later each time: some land while the mark's
    // transaction is open (between its check of the settings and its commit).
    const raced = [];
    for (const [i, { code, item }] of scripts.entries()) {
      raced.push(
        await Promise.all([
          outcome(grading.submit(users.g1!, code, item, marksFor(SHORT, 4))),
          outcome(new Promise((resolve) => setTimeout(resolve, i)).then(() => grading.setTaskSettings(users.admin!, item, { doubleMarking: true, thresholdPoints: null, arbitratorLogin: null }))),
        ]),
      );
    }
    for (const [given, change] of raced) {
      expect(given.status).toBe(200);
      // Either the mark came first (the switch is refused) or the switch did (the mark is a first of two).
      if (change.status === 200) expect((given.value as { state: string }).state).toBe('awaiting_second');
      else expect([change.status, change.value, (given.value as { state: string }).state]).toEqual([409, 'grading.markingStarted', 'resolved']);
    }
  });
});
