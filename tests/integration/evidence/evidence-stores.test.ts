import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { and, asc, count, eq, isNull } from 'drizzle-orm';
import { ManualClock } from '../../../server/src/core/clock.ts';
import type { ScreenshotLimits } from '../../../server/src/core/config.ts';
import { ForbiddenError, NotFoundError } from '../../../server/src/core/errors.ts';
import { createLocalFileStore } from '../../../server/src/core/file-store.ts';
import type { SessionUser } from '../../../server/src/core/session-user.ts';
import { tablesOf, type Db } from '../../../server/src/core/db/store.ts';
import { createItemMedia } from '../../../server/src/features/banks/item-media.ts';
import { createScreenshotPort } from '../../../server/src/features/evidence/evidence-dal.ts';
import { createEvidenceService } from '../../../server/src/features/evidence/evidence-service.ts';
import type { EvidenceSessions } from '../../../server/src/features/evidence/ports.ts';
import { evidenceCandidateRoutes, evidenceFileRoutes } from '../../../server/src/features/evidence/routes.ts';
import { createTaskMedia } from '../../../server/src/features/evidence/task-media.ts';
import { lockedSession, type SessionRow } from '../../../server/src/features/exam/exam-dal.ts';
import type { PaperItem } from '../../../server/src/features/exam/paper-cache.ts';
import { png } from '../../helpers/images.ts';
import { startFeatureServer, type FeatureServer } from '../../helpers/feature-server.ts';
import { describeStores, openTestStore, type TestStore } from '../../helpers/stores.ts';

const MIN = 60_000;
const LIMITS: ScreenshotLimits = { perTask: 2, maxBytes: 256 * 1024, maxWidth: 4096, maxHeight: 4096, maxPixels: 10_000_000 };

/**
 * Screenshot evidence and task images (issue #16 step 3) on each store of the matrix, through their
 * routes, with the exam feature's SessionAccess stubbed over the same store. The concurrent cases
 * are the ones PostgreSQL's READ COMMITTED would break with check-then-write: uploads racing the
 * per-task limit, a retried upload racing itself, and a removal and an upload in flight while the
 * part ends. (tests/integration/skills/skills-evidence.test.ts runs evidence in the whole app on SQLite.)
 */
await describeStores('screenshot evidence on the async data layer', (dialect) => {
  const clock = new ManualClock();
  let t: TestStore;
  let db: Db;
  let server: FeatureServer;
  let dir: string;
  const users: Record<string, SessionUser> = {};
  const session: Record<string, number> = {};
  const task: number[] = [];
  let shortAnswer = 0;

  beforeAll(async () => {
    t = await openTestStore(dialect);
    db = t.store.db;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-evidence-'));
    const tb = tablesOf(db);
    const now = clock.now();
    const staff: [SessionUser['role'], string][] = [
      ['admin', 'admin'],
      ['proctor', 'p1'],
      ['proctor', 'p2'],
      ['grader', 'g1'],
    ];
    const staffRows = await db
      .insert(tb.users)
      .values(staff.map(([role, login]) => ({ role, login, displayName: login, passwordHash: 'x', createdAt: now })))
      .returning({ id: tb.users.id, login: tb.users.login, role: tb.users.role });
    for (const r of staffRows) users[r.login] = { userId: r.id, role: r.role, displayName: r.login, ticketNo: null, candidateId: null };
    const [occ] = await db.insert(tb.occupations).values({ code: 'X-01', nameZh: '测试', nameEn: 'Test' }).returning({ id: tb.occupations.id });
    const [plan] = await db.insert(tb.examPlans).values({ occupationId: occ!.id, title: '计划', examDate: '2027-03-01', registrationDeadline: now, createdAt: now }).returning({ id: tb.examPlans.id });
    const [sitting] = await db.insert(tb.sittings).values({ planId: plan!.id, level: 3, name: '三级', startsAt: now }).returning({ id: tb.sittings.id });
    const [paper] = await db.insert(tb.papers).values({ title: '操作技能', part: 'skills', seed: 's', createdAt: now }).returning({ id: tb.papers.id });
    const items = await db
      .insert(tb.paperItems)
      .values([
        ...[1, 2, 3, 4, 5].map((n) => ({ paperId: paper!.id, position: n, bankItemId: `task-${n}`, type: 'practical' as const, stem: n === 1 ? '按图配置 ![拓扑](media:topo.png)' : `任务 ${n}`, optionsJson: '[]', answerKeyJson: '[]', points: 10 })),
        { paperId: paper!.id, position: 6, bankItemId: 'short-1', type: 'short-answer' as const, stem: '简答', optionsJson: '[]', answerKeyJson: '[]', points: 5 },
      ])
      .returning({ id: tb.paperItems.id, type: tb.paperItems.type });
    task.push(...items.filter((i) => i.type === 'practical').map((i) => i.id));
    shortAnswer = items.find((i) => i.type === 'short-answer')!.id;
    const [part] = await db.insert(tb.sittingParts).values({ sittingId: sitting!.id, part: 'skills', durationMinutes: 120, paperId: paper!.id }).returning({ id: tb.sittingParts.id });
    const image = png(10, 10, 7).toString('base64');
    const [bank] = await db.insert(tb.banks).values({ bankKey: 'b', title: 'b', version: 1, sourceFormat: 'native', sourceName: 'b.yaml', importedAt: now }).returning({ id: tb.banks.id });
    const bankItem = {
      id: 'task-1', type: 'practical', levels: [3], area: 'os-hardening', difficulty: 3, screenshots: 1, stem: '![拓扑](media:topo.png)', rubric: [{ id: 'r1', text: '完成', points: 10 }],
      media: [{ name: 'topo.png', mimeType: 'image/png', base64: image }, { name: 'other.png', mimeType: 'image/png', base64: image }],
    };
    await db.insert(tb.bankItems).values({ bankId: bank!.id, itemKey: 'task-1', type: 'practical', area: 'net', difficulty: 3, levelsJson: '[3]', stem: 's', itemJson: JSON.stringify(bankItem) });

    const tickets = ['c1', 'c2', 'c3', 'c4', 'c5'];
    const candUsers = await db
      .insert(tb.users)
      .values(tickets.map((login) => ({ role: 'candidate' as const, login, displayName: login, passwordHash: 'x', createdAt: now })))
      .returning({ id: tb.users.id, login: tb.users.login });
    const cands = await db
      .insert(tb.candidates)
      .values(candUsers.map((u, i) => ({ userId: u.id, sittingId: sitting!.id, ticketNo: u.login, name: u.login, room: '101', seat: String(i + 1) })))
      .returning({ id: tb.candidates.id, userId: tb.candidates.userId, ticketNo: tb.candidates.ticketNo });
    for (const c of cands) {
      users[c.ticketNo] = { userId: c.userId, role: 'candidate', displayName: c.ticketNo, ticketNo: c.ticketNo, candidateId: c.id };
      const [s] = await db
        .insert(tb.examSessions)
        .values({ candidateId: c.id, sittingPartId: part!.id, status: 'in_progress', startedAt: now, deadline: now + 120 * MIN })
        .returning({ id: tb.examSessions.id });
      session[c.ticketNo] = s!.id;
    }

    // The exam feature's SessionAccess, reduced to what evidence asks of it, over the same store.
    const sessionById = async (id: number) => (await db.select().from(tb.examSessions).where(eq(tb.examSessions.id, id)))[0] as SessionRow | undefined;
    const sessions: EvidenceSessions = {
      async ownSession(user, id, notFound = () => new NotFoundError('No such exam session', { key: 'exam.noSession' })) {
        if (user.role !== 'candidate') throw new ForbiddenError('Only candidates sit exams', { key: 'exam.candidatesOnly' });
        const row = await sessionById(id);
        if (!row || row.candidateId !== user.candidateId) throw notFound();
        return row;
      },
      session: sessionById,
      // Exam's own lock, as SessionAccess hands it over: the race cases below rely on it.
      lockSession: lockedSession,
      async paperItem(_session, itemId) {
        const [row] = await db.select().from(tb.paperItems).where(and(eq(tb.paperItems.id, itemId), eq(tb.paperItems.paperId, paper!.id)));
        return row && ({ ...row, options: [], key: [], detail: null } as unknown as PaperItem);
      },
    };
    const watched = new Set(cands.map((c) => c.id));
    const evidence = createEvidenceService({ db, clock, sessions, store: createLocalFileStore(dir), limits: LIMITS, proctorWatches: async (userId, candidateId) => userId === users.p1!.userId && watched.has(candidateId) });
    const media = createTaskMedia({ sessions, media: createItemMedia(db) });
    server = await startFeatureServer({
      users,
      register: async (api) => {
        await api.register(evidenceCandidateRoutes, { prefix: '/candidate', evidence, media, clock });
        await api.register(evidenceFileRoutes, { evidence });
      },
    });
  });
  afterAll(async () => {
    await server?.close();
    await t?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const as = (who: string) => ({ cookie: server.cookie(who) });
  async function upload(who: string, sessionId: number, itemId: number, body: Buffer, caption?: string) {
    const form = new FormData();
    if (caption !== undefined) form.append('caption', caption);
    form.append('file', new Blob([new Uint8Array(body)], { type: 'image/png' }), 'shot.png');
    const res = await fetch(`${server.baseUrl}/api/candidate/sessions/${sessionId}/items/${itemId}/screenshots`, { method: 'POST', headers: as(who), body: form });
    return { status: res.status, json: (await res.json()) as any };
  }
  const list = async (who: string) => (await server.http('GET', `/api/candidate/sessions/${session[who]}/screenshots`, as(who))).json.screenshots as { id: number; itemId: number; caption: string | null }[];
  const active = async (sessionId: number, itemId?: number) => {
    const { screenshots } = tablesOf(db);
    const rows = await db
      .select({ id: screenshots.id })
      .from(screenshots)
      .where(and(eq(screenshots.sessionId, sessionId), isNull(screenshots.removedAt), ...(itemId === undefined ? [] : [eq(screenshots.paperItemId, itemId)])))
      .orderBy(asc(screenshots.id));
    return rows.map((r) => r.id);
  };
  const audited = async (action: string) => {
    const { auditLog } = tablesOf(db);
    const [row] = await db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, action));
    return row!.n;
  };
  const statuses = (rs: { status: number }[]) => rs.map((r) => r.status).sort();

  it('uploads, lists, captions, serves and removes screenshots; the limit, a retry and a short answer', async () => {
    const a = await upload('c1', session.c1!, task[0]!, png(8, 6, 1), '  路由表  ');
    expect(a.status).toBe(201);
    expect(a.json).toMatchObject({ itemId: task[0], mimeType: 'image/png', width: 8, height: 6, caption: '路由表', uploadedAt: clock.now() });
    const again = await upload('c1', session.c1!, task[0]!, png(8, 6, 1));
    expect([again.status, again.json.id]).toEqual([201, a.json.id]);
    const b = await upload('c1', session.c1!, task[0]!, png(8, 6, 2));
    expect(b.status).toBe(201);
    const third = await upload('c1', session.c1!, task[0]!, png(8, 6, 3));
    expect([third.status, third.json.error.code, third.json.error.key]).toEqual([409, 'LIMIT_REACHED', 'evidence.limit']);
    expect((await upload('c1', session.c1!, shortAnswer, png())).json.error.key).toBe('evidence.notATask');
    expect((await list('c1')).map((s) => s.id)).toEqual([a.json.id, b.json.id]);
    expect(await audited('screenshot.uploaded')).toBe(2);

    const captioned = await server.http('PATCH', `/api/candidate/screenshots/${b.json.id}`, { ...as('c1'), body: { caption: '  防火墙  ' } });
    expect([captioned.status, captioned.json.caption]).toEqual([200, '防火墙']);
    expect(await audited('screenshot.captioned')).toBe(1);

    // The file, to its owner while the part runs, the room's proctor and admins; not another room's proctor nor a grader.
    const file = await fetch(`${server.baseUrl}/api/screenshots/${a.json.id}/file`, { headers: as('c1') });
    expect([file.status, file.headers.get('content-type')]).toEqual([200, 'image/png']);
    expect((await file.arrayBuffer()).byteLength).toBe(a.json.bytes);
    for (const [who, status] of [['p1', 200], ['admin', 200], ['p2', 403], ['g1', 403], ['c2', 404]] as const) {
      expect((await server.http('GET', `/api/screenshots/${a.json.id}/file`, as(who))).status, who).toBe(status);
    }

    // Another candidate's session and screenshots do not exist for them.
    expect((await upload('c2', session.c1!, task[0]!, png(3, 3))).status).toBe(404);
    expect((await server.http('DELETE', `/api/candidate/screenshots/${a.json.id}`, as('c2'))).status).toBe(404);
    expect((await server.http('PATCH', `/api/candidate/screenshots/${a.json.id}`, { ...as('c2'), body: { caption: 'x' } })).status).toBe(404);
    expect((await server.http('GET', `/api/candidate/sessions/${session.c1}/screenshots`, as('c2'))).status).toBe(404);
    expect((await upload('p1', session.c1!, task[0]!, png(3, 3))).status).toBe(403);

    // Removing frees a place; the row stays for the record; a second removal is a 404 and audits nothing.
    expect((await server.http('DELETE', `/api/candidate/screenshots/${a.json.id}`, as('c1'))).status).toBe(204);
    expect((await server.http('DELETE', `/api/candidate/screenshots/${a.json.id}`, as('c1'))).status).toBe(404);
    expect(await audited('screenshot.removed')).toBe(1);
    expect((await upload('c1', session.c1!, task[0]!, png(8, 6, 3))).status).toBe(201);
    expect(await active(session.c1!, task[0])).toHaveLength(2);

    // What the exam feature reads through its port: the session's kept screenshots, and tasks holding one.
    const port = createScreenshotPort(db);
    expect((await port.screenshotsOf(session.c1!)).map((s) => s.id)).toEqual((await list('c1')).map((s) => s.id));
    expect(await port.itemsWithScreenshots([session.c1!, session.c2!])).toEqual([{ sessionId: session.c1, itemId: task[0] }]);
    expect(await port.itemsWithScreenshots([])).toEqual([]);
  });

  it("serves a task's media:<name> image to the candidate sitting it, and nothing else", async () => {
    const base = `/api/candidate/sessions/${session.c1}/items/${task[0]}/media`;
    const res = await fetch(`${server.baseUrl}${base}/topo.png`, { headers: as('c1') });
    expect([res.status, res.headers.get('content-type')]).toEqual([200, 'image/png']);
    expect(Buffer.from(await res.arrayBuffer()).equals(png(10, 10, 7))).toBe(true);
    expect((await server.http('GET', `${base}/other.png`, as('c1'))).status).toBe(404);
    expect((await server.http('GET', `/api/candidate/sessions/${session.c1}/items/${task[1]}/media/topo.png`, as('c1'))).status).toBe(404);
    expect((await server.http('GET', `${base}/topo.png`, as('c2'))).status).toBe(404);
  });

  it('keeps the per-task limit and one row per retried image when uploads arrive at once', async () => {
    const shots = await Promise.all([1, 2, 3, 4, 5].map((n) => upload('c3', session.c3!, task[1]!, png(16, 16, n))));
    expect(statuses(shots)).toEqual([201, 201, 409, 409, 409]);
    expect(await active(session.c3!, task[1])).toHaveLength(LIMITS.perTask);
    const same = await Promise.all([upload('c3', session.c3!, task[2]!, png(16, 16, 9)), upload('c3', session.c3!, task[2]!, png(16, 16, 9))]);
    expect(statuses(same)).toEqual([201, 201]);
    expect(same[0]!.json.id).toBe(same[1]!.json.id);
    expect(await active(session.c3!, task[2])).toEqual([same[0]!.json.id]);
  });

  it('refuses changes once the part has ended, and uploads that begin after the deadline', async () => {
    const shot = await upload('c2', session.c2!, task[0]!, png(5, 5, 1));
    expect(shot.status).toBe(201);
    const { examSessions } = tablesOf(db);
    await db.update(examSessions).set({ status: 'ended', endReason: 'submitted', endedAt: clock.now() }).where(eq(examSessions.id, session.c2!));
    expect((await upload('c2', session.c2!, task[0]!, png(5, 5, 2))).json.error.key).toBe('evidence.submitted');
    expect((await server.http('DELETE', `/api/candidate/screenshots/${shot.json.id}`, as('c2'))).json.error.key).toBe('evidence.ended');
    expect((await server.http('PATCH', `/api/candidate/screenshots/${shot.json.id}`, { ...as('c2'), body: { caption: 'x' } })).json.error.key).toBe('evidence.ended');
    expect((await server.http('GET', `/api/screenshots/${shot.json.id}/file`, as('c2'))).json.error.key).toBe('evidence.withGraders');
    expect(await active(session.c2!)).toEqual([shot.json.id]);
    clock.advance(120 * MIN);
    expect((await upload('c1', session.c1!, task[3]!, png(5, 5, 3))).json.error.key).toBe('evidence.uploadLate');
    clock.advance(-120 * MIN);
  });

  // PostgreSQL only: SQLite has one connection, where two transactions never overlap. Another
  // connection holds a SHARE lock on screenshots, so every upload or removal stops at its write,
  // after whatever it checked: without the session's row lock, all of them would have checked
  // against the same state.
  if (dialect === 'pg') {
    /** Until n statements of this database wait on a lock (or `unless` says there is no need to). */
    const lockWaiters = async (client: pg.Client, n: number, unless = () => false) => {
      const until = Date.now() + 15_000;
      for (;;) {
        // pg_stat_activity is read once per transaction unless told otherwise, and the client polling is in one.
        await client.query('select pg_stat_clear_snapshot()');
        const { rows } = await client.query("select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'");
        if (rows[0].n >= n || unless()) return;
        if (Date.now() > until) throw new Error(`expected ${n} statements waiting on a lock, saw ${rows[0].n}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    const withHeldScreenshots = async (body: (ctl: { waiting: (n: number, unless?: () => boolean) => Promise<void>; release: () => Promise<void>; other: pg.Client }) => Promise<void>) => {
      const holder = new pg.Client({ connectionString: (t as { url: string }).url });
      const other = new pg.Client({ connectionString: (t as { url: string }).url });
      await Promise.all([holder.connect(), other.connect()]);
      let released = false;
      try {
        await holder.query('begin');
        await holder.query('lock table screenshots in share mode');
        const waiting = (n: number, unless?: () => boolean) => lockWaiters(holder, n, unless);
        const release = async () => {
          released = true;
          await holder.query('commit');
        };
        await body({ waiting, release, other });
      } finally {
        if (!released) await holder.query('rollback').catch(() => undefined);
        await Promise.all([holder.end(), other.end()]);
      }
    };

    it('checks the per-task limit of uploads in flight together one after the other', async () => {
      await withHeldScreenshots(async ({ waiting, release }) => {
        const shots = Promise.all([1, 2, 3].map((n) => upload('c4', session.c4!, task[3]!, png(12, 12, n))));
        await waiting(3);
        await release();
        expect(statuses(await shots)).toEqual([201, 201, 409]);
      });
      expect(await active(session.c4!, task[3])).toHaveLength(LIMITS.perTask);
    });

    it('stores a retried upload in flight twice at once as one screenshot', async () => {
      await withHeldScreenshots(async ({ waiting, release }) => {
        const shots = Promise.all([upload('c4', session.c4!, task[4]!, png(12, 12, 20)), upload('c4', session.c4!, task[4]!, png(12, 12, 20))]);
        await waiting(2);
        await release();
        const [a, b] = await shots;
        expect([a!.status, b!.status, a!.json.id]).toEqual([201, 201, b!.json.id]);
      });
      expect(await active(session.c4!, task[4])).toHaveLength(1);
    });

    it('lets the part end only before or after a removal and an upload in flight, never between their check and their write', async () => {
      const kept = await upload('c5', session.c5!, task[0]!, png(12, 12, 30));
      expect(kept.status).toBe(201);
      let atEnd: number[] = [];
      await withHeldScreenshots(async ({ waiting, release, other }) => {
        const removal = server.http('DELETE', `/api/candidate/screenshots/${kept.json.id}`, as('c5'));
        const added = upload('c5', session.c5!, task[1]!, png(12, 12, 31));
        await waiting(2);
        // The exam feature ending the part (its update of the session row), and what the part holds as it ends.
        await other.query('begin');
        let done = false;
        const end = other
          .query("update exam_sessions set status = 'ended', end_reason = 'submitted', ended_at = $1 where id = $2", [clock.now(), session.c5])
          .then(() => other.query('select id from screenshots where session_id = $1 and removed_at is null order by id', [session.c5]))
          .then(({ rows }) => {
            done = true;
            return rows.map((r: { id: number }) => r.id);
          });
        // With the session's lock the end waits for both changes; without it, it would not wait.
        await waiting(3, () => done);
        await release();
        atEnd = await end;
        await other.query('commit');
        const [r, a] = await Promise.all([removal, added]);
        // Each change either landed before the end or was refused: none after it.
        expect([r.status, a.status]).toEqual([204, 201]);
      });
      expect(await active(session.c5!)).toEqual(atEnd);
    });

    it('refuses a removal, a caption and an upload whose part ended after they were checked but before they wrote', async () => {
      const { examSessions } = tablesOf(db);
      await db.update(examSessions).set({ status: 'in_progress', endReason: null, endedAt: null }).where(eq(examSessions.id, session.c5!));
      const shot = await upload('c5', session.c5!, task[3]!, png(12, 12, 41));
      expect(shot.status).toBe(201);
      const kept = shot.json.id as number;
      const ending = new pg.Client({ connectionString: (t as { url: string }).url });
      await ending.connect();
      try {
        // The end is written but not yet committed: every early check still reads the part running.
        await ending.query('begin');
        await ending.query("update exam_sessions set status = 'ended', end_reason = 'submitted', ended_at = $1 where id = $2", [clock.now(), session.c5]);
        const changes = Promise.all([
          server.http('DELETE', `/api/candidate/screenshots/${kept}`, as('c5')),
          server.http('PATCH', `/api/candidate/screenshots/${kept}`, { ...as('c5'), body: { caption: '改' } }),
          upload('c5', session.c5!, task[2]!, png(12, 12, 40)),
        ]);
        let settled = false;
        void changes.finally(() => (settled = true));
        // With the session's lock all three wait for the end to commit; without it, none would.
        await lockWaiters(ending, 3, () => settled);
        await ending.query('commit');
        const [removal, caption, added] = await changes;
        expect([removal.json.error.key, caption.json.error.key, added.json.error.key]).toEqual(['evidence.ended', 'evidence.ended', 'evidence.submitted']);
      } finally {
        await ending.end();
      }
      expect(await active(session.c5!, task[3])).toEqual([kept]);
      expect(await active(session.c5!, task[2])).toEqual([]);
      const { screenshots } = tablesOf(db);
      const [row] = await db.select({ caption: screenshots.caption }).from(screenshots).where(eq(screenshots.id, kept));
      expect(row!.caption).toBeNull();
    });
  }
});
