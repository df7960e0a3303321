import { afterAll, beforeAll, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, count, eq } from 'drizzle-orm';
import pino from 'pino';
import type { CandidateSignal, ProctorActionRequest } from '@shared/proctor.ts';
import { ManualClock } from '../../../server/src/core/clock.ts';
import type { SessionUser } from '../../../server/src/core/session-user.ts';
import type { AppServer, AppSocket } from '../../../server/src/core/socket.ts';
import { tablesOf, type Db } from '../../../server/src/core/db/store.ts';
import { createProctorService, type ProctorService, type ProctorSessions } from '../../../server/src/features/proctor/proctor-service.ts';
import { proctorRoutes } from '../../../server/src/features/proctor/routes.ts';
import { createAssignmentService, type AssignmentChange } from '../../../server/src/features/proctor/assignment-service.ts';
import { assignmentRoutes } from '../../../server/src/features/proctor/assignment-routes.ts';
import { createLateSyncConsole, type LateSyncPort } from '../../../server/src/features/proctor/late-sync-console.ts';
import { lateSyncRoutes } from '../../../server/src/features/proctor/late-sync-routes.ts';
import { startFeatureServer, type FeatureServer } from '../../helpers/feature-server.ts';
import { proctorOwners } from '../../helpers/owners.ts';
import { describeStores, openTestStore, type TestStore } from '../../helpers/stores.ts';

/** Socket.IO as far as the console uses it without connections: emits recorded, no rooms joined. */
function fakeIo() {
  const emitted: { to: string; event: string; payload: unknown }[] = [];
  const target = (to: string) => ({ emit: (event: string, payload: unknown) => void emitted.push({ to, event, payload }), except: () => target(to), disconnectSockets: () => undefined });
  const io = { to: target, in: target, sockets: { adapter: { rooms: new Map<string, Set<string>>() }, sockets: new Map() } } as unknown as AppServer;
  return { io, emitted };
}

function fakeSocket(): AppSocket {
  const rooms = new Set<string>();
  return { rooms, join: (r: string | string[]) => void [r].flat().forEach((x) => rooms.add(x)), leave: (r: string) => void rooms.delete(r) } as unknown as AppSocket;
}

/**
 * The proctor console (issue #16 step 3) on each store of the matrix: its routes through the
 * feature server, its socket-side operations on the service (the sessions port stubbed). The
 * concurrent cases are the ones PostgreSQL's READ COMMITTED would break: two proctors admitting the
 * same candidate, two admins assigning the same proctor, one message dismissed twice, browser
 * signals of one candidate counted together. (The whole-app SQLite runs are the other files here.)
 */
await describeStores('proctor console on the async data layer', (dialect) => {
  const clock = new ManualClock();
  let t: TestStore;
  let db: Db;
  let server: FeatureServer;
  let proctor: ProctorService;
  let lateSyncConsole: ReturnType<typeof createLateSyncConsole>;
  let sittingId = 0;
  let otherSittingId = 0;
  let partId = 0;
  let photoFile = '';
  const fake = fakeIo();
  const users: Record<string, SessionUser> = {};
  const cand: Record<string, { id: number; userId: number }> = {};
  const pauses: number[] = [];
  const assignmentChanges: AssignmentChange[] = [];
  const lateRequests: { id: number; candidateId: number }[] = [];
  const sessions: ProctorSessions = {
    pause: async (id) => (pauses.push(id), { id }),
    resumePaused: () => null,
    extend: () => null,
    endFor: () => undefined,
    markAbsent: (ids) => ids.length,
    papers: { get: async () => ({ items: [1, 2, 3] }) },
  };

  beforeAll(async () => {
    t = await openTestStore(dialect);
    db = t.store.db;
    const tb = tablesOf(db);
    const now = clock.now();
    const staff = await db
      .insert(tb.users)
      .values((['admin', 'admin2', 'p1', 'p2', 'p3'] as const).map((login) => ({ role: login.startsWith('admin') ? ('admin' as const) : ('proctor' as const), login, displayName: `${login}名`, passwordHash: 'x', createdAt: now })))
      .returning({ id: tb.users.id, login: tb.users.login, role: tb.users.role });
    for (const r of staff) users[r.login] = { userId: r.id, role: r.role, displayName: r.login, ticketNo: null, candidateId: null };
    const [occ] = await db.insert(tb.occupations).values({ code: 'P-01', nameZh: '监考', nameEn: 'Proctoring' }).returning({ id: tb.occupations.id });
    const [plan] = await db.insert(tb.examPlans).values({ occupationId: occ!.id, title: '春季', examDate: '2027-03-01', registrationDeadline: now, createdAt: now }).returning({ id: tb.examPlans.id });
    const sittingRows = await db
      .insert(tb.sittings)
      .values([
        { planId: plan!.id, level: 3, name: '三级', startsAt: now - 3 * 3_600_000 },
        { planId: plan!.id, level: 4, name: '四级', startsAt: now },
      ])
      .returning({ id: tb.sittings.id });
    sittingId = sittingRows[0]!.id;
    otherSittingId = sittingRows[1]!.id;
    const [part] = await db.insert(tb.sittingParts).values({ sittingId, part: 'theory', durationMinutes: 90 }).returning({ id: tb.sittingParts.id });
    partId = part!.id;
    await db.insert(tb.rooms).values([
      { sittingId, name: '9', seats: 30 },
      { sittingId, name: '10', seats: 40 },
      { sittingId, name: '101', seats: 20 },
    ]);
    // Seats 1, 2, 10 in room 101 (a grid orders them as numbers would read); one candidate in 102; one of another sitting in 101.
    const seating: [string, number, string, string][] = [
      ['T01', sittingId, '101', '10'],
      ['T02', sittingId, '101', '1'],
      ['T03', sittingId, '101', '2'],
      ['T04', sittingId, '102', '1'],
      ['T05', otherSittingId, '101', '1'],
    ];
    const candUsers = await db
      .insert(tb.users)
      .values(seating.map(([login]) => ({ role: 'candidate' as const, login, displayName: login, passwordHash: 'x', createdAt: now })))
      .returning({ id: tb.users.id, login: tb.users.login });
    const inserted = await db
      .insert(tb.candidates)
      .values(seating.map(([ticket, sitting, room, seat], i) => ({ userId: candUsers[i]!.id, sittingId: sitting, ticketNo: ticket, name: `考生${ticket}`, room, seat })))
      .returning({ id: tb.candidates.id, ticketNo: tb.candidates.ticketNo, userId: tb.candidates.userId });
    for (const c of inserted) {
      cand[c.ticketNo] = { id: c.id, userId: c.userId };
      users[c.ticketNo] = { userId: c.userId, role: 'candidate', displayName: c.ticketNo, ticketNo: c.ticketNo, candidateId: c.id };
    }
    // T01 is sitting the part; the others have not started.
    await db.insert(tb.examSessions).values({ candidateId: cand.T01!.id, sittingPartId: partId, status: 'in_progress', startedAt: now - 60_000, deadline: now + 3_600_000 });

    photoFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kc-proctor-')), 'photo.jpg');
    fs.writeFileSync(photoFile, 'jpeg');
    proctor = createProctorService({
      db,
      owners: proctorOwners,
      clock,
      io: fake.io,
      sessions: () => sessions,
      revokeLogins: async () => 1,
      hasLiveLogin: async (userId) => userId === cand.T02!.userId,
      answeredCounts: async (ids) => new Map(ids.map((id) => [id, 2])),
      userNames: async (ids) => new Map(ids.map((id) => [id, Object.values(users).find((u) => u.userId === id)?.displayName ?? '?'])),
      timeZone: 'Asia/Shanghai',
      log: pino({ level: 'silent' }),
      identityPhotos: { withPhoto: async (ids) => new Set(ids.filter((id) => id === cand.T02!.id)), openPhoto: async () => ({ file: photoFile, mimeType: 'image/jpeg', fileName: 'photo.jpg', bytes: 4 }) },
    });
    const lateSync: LateSyncPort = {
      list: async (ids) =>
        lateRequests
          .filter((r) => ids.includes(r.candidateId))
          .map((r) => ({ id: r.id, candidateId: r.candidateId, sessionId: 1, sittingPartId: partId, source: 'socket', status: 'pending', receivedAt: 0, deadline: 0, entries: 1, applicable: 1, firstMadeAt: null, lastMadeAt: null, flags: [], offline: [], decidedAt: null, reason: null, applied: null })),
      candidateOf: async (requestId) => lateRequests.find((r) => r.id === requestId)?.candidateId ?? -1,
      decide: async () => ({ status: 'refused', applied: 0, score: null }),
      importFile: async () => ({ requestId: 1, status: 'pending', entries: 0, applicable: 0 }),
    };
    lateSyncConsole = createLateSyncConsole({ db, owners: proctorOwners, io: fake.io, proctor, lateSync: () => lateSync });
    server = await startFeatureServer({
      users,
      register: async (api) => {
        await api.register(proctorRoutes, { prefix: '/proctor', proctor });
        await api.register(lateSyncRoutes, { prefix: '/proctor', console: lateSyncConsole });
        await api.register(assignmentRoutes, { prefix: '/admin', assignments: createAssignmentService({ db, owners: proctorOwners, clock, onChanged: (c) => assignmentChanges.push(c) }) });
      },
    });
  });
  afterAll(async () => {
    await server?.close();
    await proctor?.stop();
    await t?.close();
  });

  const as = (who: string) => ({ cookie: server.cookie(who) });
  const audited = async (action: string) => {
    const { auditLog } = tablesOf(db);
    const [row] = await db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, action));
    return row!.n;
  };
  const act = (who: string, action: ProctorActionRequest['action'], room = '101') => proctor.act(users[who]!, { sittingId, room, sittingPartId: partId, action, reason: '测试' });
  const settled = async <T>(p: Promise<T>) => p.then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error }));

  it('lists the sitting rooms and assigns proctors; two admins adding the same proctor at once add, audit and announce it once', async () => {
    const listed = await server.http('GET', `/api/admin/sittings/${sittingId}/proctors`, as('admin'));
    expect(listed.status).toBe(200);
    expect(listed.json.rooms).toEqual([
      { room: '9', seats: 30, candidates: 0, proctorUserIds: [] },
      { room: '10', seats: 40, candidates: 0, proctorUserIds: [] },
      { room: '101', seats: 20, candidates: 3, proctorUserIds: [] },
      { room: '102', seats: null, candidates: 1, proctorUserIds: [] },
    ]);
    expect((await server.http('GET', `/api/admin/sittings/999999/proctors`, as('admin'))).status).toBe(404);
    expect((await server.http('GET', `/api/admin/sittings/${sittingId}/proctors`, as('p1'))).status).toBe(403);

    const put = (who: string, rooms: { room: string; userIds: number[] }[]) => server.http('PUT', `/api/admin/sittings/${sittingId}/proctors`, { ...as(who), body: { rooms } });
    expect((await put('admin', [{ room: '101', userIds: [users.p1!.userId] }])).json).toEqual({ added: 1, removed: 0 });
    assignmentChanges.length = 0;
    const both = await Promise.all([put('admin', [{ room: '101', userIds: [users.p1!.userId, users.p2!.userId] }]), put('admin2', [{ room: '101', userIds: [users.p1!.userId, users.p2!.userId] }])]);
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    expect(both.map((r) => r.json.added).sort()).toEqual([0, 1]);
    expect(assignmentChanges).toEqual([{ userId: users.p2!.userId, sittingId, room: '101', assigned: true }]);
    expect(await audited('assignment.proctor_added')).toBe(2);

    // Both take p2 off at once: removed, audited and announced once.
    assignmentChanges.length = 0;
    const off = await Promise.all([put('admin', [{ room: '101', userIds: [users.p1!.userId] }]), put('admin2', [{ room: '101', userIds: [users.p1!.userId] }])]);
    expect(off.map((r) => r.json.removed).sort()).toEqual([0, 1]);
    expect(assignmentChanges).toEqual([{ userId: users.p2!.userId, sittingId, room: '101', assigned: false }]);
    expect(await audited('assignment.proctor_removed')).toBe(1);
    expect((await put('admin', [{ room: '101', userIds: [users.p1!.userId, users.p2!.userId] }])).json).toEqual({ added: 1, removed: 0 });
    expect((await put('admin', [{ room: '9', userIds: [users.admin!.userId] }])).status).toBe(400);
  });

  it("reads the candidates of a flush's changed rows together: a node just started at a deadline does not read them one by one", async () => {
    const reads: number[][] = [];
    const counting: typeof proctorOwners = { ...proctorOwners, candidates: (via) => ({ ...proctorOwners.candidates(via), refs: async (ids) => (reads.push([...ids]), proctorOwners.candidates(via).refs(ids)) }) };
    const cold = createProctorService({
      db,
      owners: counting,
      clock,
      io: fake.io,
      sessions: () => sessions,
      revokeLogins: async () => 1,
      hasLiveLogin: async () => false,
      answeredCounts: async (ids) => new Map(ids.map((id) => [id, 0])),
      userNames: async () => new Map(),
      timeZone: 'Asia/Shanghai',
      log: pino({ level: 'silent' }),
    });
    const ids = ['T01', 'T02', 'T03', 'T04', 'T05'].map((ticket) => cand[ticket]!.id);
    for (const id of ids) cold.candidateChanged(id);
    await cold.flush();
    expect(reads.map((r) => [...r].sort((a, b) => a - b))).toEqual([[...ids].sort((a, b) => a - b)]);
    // Cached now: the next flush of the same candidates reads nothing.
    for (const id of ids) cold.candidateChanged(id);
    await cold.flush();
    expect(reads).toHaveLength(1);
    await cold.stop();
  });

  it('shows a proctor their rooms and the grid of a watched part; others are refused', async () => {
    const rooms = await proctor.rooms(users.p1!);
    expect(rooms).toEqual([{ sittingId, sittingName: '春季 · 三级', startsAt: clock.now() - 3 * 3_600_000, room: '101', candidates: 3, parts: [{ sittingPartId: partId, kind: 'theory', durationMinutes: 90 }] }]);
    expect((await proctor.rooms(users.admin!)).map((r) => [r.sittingId, r.room])).toEqual([
      [otherSittingId, '101'],
      [sittingId, '101'],
      [sittingId, '102'],
    ]);
    expect(await proctor.rooms(users.p3!)).toEqual([]);

    const snapshot = await proctor.watch(fakeSocket(), users.p1!, { sittingId, room: '101', sittingPartId: partId });
    expect(snapshot.rows.map((r) => [r.seat, r.name, r.status, r.answered, r.total, r.admitted, r.hasPhoto])).toEqual([
      ['1', '考生T02', 'waiting', 0, 0, false, true],
      ['2', '考生T03', 'not_logged_in', 0, 0, false, false],
      ['10', '考生T01', 'disconnected', 2, 0, false, false],
    ]);
    expect(snapshot.settings).toMatchObject({ admissionRequired: false, signalPolicy: 'warn' });
    await expect(proctor.watch(fakeSocket(), users.p3!, { sittingId, room: '101', sittingPartId: partId })).rejects.toMatchObject({ detail: { key: 'proctor.roomNotYours' } });
    await expect(proctor.watch(fakeSocket(), users.admin!, { sittingId, room: '999', sittingPartId: partId })).rejects.toMatchObject({ detail: { key: 'proctor.noRoom' } });
    expect(await proctor.watches(users.p1!.userId, cand.T01!.id)).toBe(true);
    expect(await proctor.watches(users.p1!.userId, cand.T04!.id)).toBe(false);
  });

  it('admits once when two proctors admit the same candidate at once; the start gate follows the admission', async () => {
    await proctor.setSettings(users.p1!, { sittingId, room: '101' }, { admissionRequired: true, signalPolicy: 'pause', pauseAfter: 2 }, '入场核验');
    await expect(proctor.startGate({ id: cand.T02!.id, sittingId })).rejects.toMatchObject({ detail: { key: 'exam.awaitingAdmission' } });
    const both = await Promise.all([settled(act('p1', { type: 'admit', candidateId: cand.T02!.id })), settled(act('p2', { type: 'admit', candidateId: cand.T02!.id }))]);
    expect(both.filter((r) => r.ok).map((r) => r.ok && r.value)).toEqual([{ affected: 1 }]);
    expect(both.filter((r) => !r.ok).map((r) => !r.ok && r.error)).toEqual([expect.objectContaining({ detail: { key: 'proctor.actionNotApplicable' } })]);
    expect(await audited('proctor.admit')).toBe(1);
    await expect(proctor.startGate({ id: cand.T02!.id, sittingId })).resolves.toBeUndefined();
    expect(await proctor.examRules(sittingId)).toEqual({ textPaste: 'block', parallelParts: false });
  });

  it('keeps a message pending until dismissed; two dismissals at once dismiss it once', async () => {
    await act('p1', { type: 'message', text: '请关闭手机' });
    const [pending] = await proctor.pendingMessages(cand.T03!.id);
    expect(pending).toMatchObject({ text: '请关闭手机' });
    expect((await proctor.pendingMessages(cand.T04!.id)).length).toBe(0);
    const both = await Promise.all([settled(proctor.dismissMessage(users.T03!, pending!.id)), settled(proctor.dismissMessage(users.T03!, pending!.id))]);
    expect(both.map((r) => r.ok).sort()).toEqual([false, true]);
    expect(both.find((r) => !r.ok)).toMatchObject({ error: { detail: { key: 'exam.noMessage' } } });
    expect(await proctor.pendingMessages(cand.T03!.id)).toEqual([]);
    // Another candidate's message cannot be dismissed by this one.
    const [other] = await proctor.pendingMessages(cand.T01!.id);
    await expect(proctor.dismissMessage(users.T03!, other!.id)).rejects.toMatchObject({ detail: { key: 'exam.noMessage' } });
  });

  it('counts browser signals arriving together one after the other, so the pause due at the second comes', async () => {
    const kinds: CandidateSignal['kind'][] = ['focus_lost', 'page_hidden', 'fullscreen_exit', 'copy_paste'];
    pauses.length = 0;
    const outcomes = await Promise.all(kinds.map((kind) => proctor.signal(users.T01!, { kind })));
    expect(outcomes.map((o) => o.total).sort()).toEqual([1, 2, 3, 4]);
    expect(outcomes.filter((o) => o.action === 'paused').length).toBe(3);
    expect(pauses.length).toBe(3);
    const { incidents } = tablesOf(db);
    const [row] = await db.select({ n: count() }).from(incidents).where(eq(incidents.candidateId, cand.T01!.id));
    expect(row!.n).toBe(4);
    // A repeat of one kind within the dedupe window is counted, not recorded again.
    expect(await proctor.signal(users.T01!, { kind: 'focus_lost' })).toMatchObject({ action: 'recorded', count: 1, total: 4 });
    expect(fake.emitted.filter((e) => e.event === 'proctor:incident').length).toBe(4);
  });

  it('exports the incident log and the action history of one room, and only to its proctors', async () => {
    await act('admin', { type: 'message', text: '102 only' }, '102');
    const csv = (who: string, what: string) => server.http('GET', `/api/proctor/export.csv?sittingId=${sittingId}&room=101&what=${what}&lang=en`, as(who));
    const incidentsCsv = await csv('p1', 'incidents');
    expect(incidentsCsv.status).toBe(200);
    expect(incidentsCsv.text.trim().split('\n').length).toBe(5);
    const actions = await csv('p2', 'actions');
    expect(actions.status).toBe(200);
    const lines = actions.text.trim().split('\n');
    expect(lines.length).toBe(4);
    // Settings, the admission (whichever proctor won it), the message; in the order made.
    expect(lines.slice(1).map((l) => l.split(',')[1])).toEqual(['p1', expect.stringMatching(/^p[12]$/), 'p1']);
    expect(actions.text).not.toContain('102 only');
    expect((await csv('p3', 'actions')).status).toBe(403);
  });

  it('serves a candidate photo to the room proctor only, as a missing one to others', async () => {
    const seen = await server.http('GET', `/api/proctor/candidates/${cand.T02!.id}/photo`, as('p1'));
    expect([seen.status, seen.text]).toEqual([200, 'jpeg']);
    expect((await server.http('GET', `/api/proctor/candidates/${cand.T04!.id}/photo`, as('p1'))).json.error).toMatchObject({ key: 'identity.notYourRoom' });
    expect((await server.http('GET', `/api/proctor/candidates/${cand.T02!.id}/photo`, as('p3'))).status).toBe(404);
  });

  it('lists late syncs of the room with tickets, hides other rooms, and reads absences from the incident log', async () => {
    lateRequests.push({ id: 1, candidateId: cand.T01!.id }, { id: 2, candidateId: cand.T04!.id });
    const listed = await server.http('GET', `/api/proctor/late-syncs?sittingId=${sittingId}&room=101`, as('p1'));
    expect(listed.status).toBe(200);
    expect(listed.json.map((r: any) => [r.id, r.seat, r.ticketNo])).toEqual([[1, '10', 'T01']]);
    const decide = (id: number) => server.http('POST', `/api/proctor/late-syncs/${id}/decision`, { ...as('p1'), body: { sittingId, room: '101', accept: false, reason: '不予采纳' } });
    expect((await decide(2)).json.error).toMatchObject({ key: 'lateSync.noRequest' });
    expect((await decide(1)).json).toEqual({ status: 'refused', applied: 0, score: null });

    const { incidents } = tablesOf(db);
    const c = cand.T03!.id;
    await db.insert(incidents).values([
      { sittingId, room: '101', candidateId: c, at: 3_000, kind: 'reconnected' },
      { sittingId, room: '101', candidateId: c, at: 1_000, kind: 'disconnected' },
      { sittingId, room: '101', candidateId: c, at: 5_000, kind: 'disconnected' },
    ]);
    expect(await lateSyncConsole.offlineSpans(c)).toEqual([
      { from: 1_000, to: 3_000 },
      { from: 5_000, to: null },
    ]);
    fake.emitted.length = 0;
    lateSyncConsole.changed(c, 7);
    await expect.poll(() => fake.emitted.filter((e) => e.event === 'proctor:late_sync')).toEqual([{ to: `proctor:${sittingId}:101`, event: 'proctor:late_sync', payload: { sittingId, room: '101', requestId: 7 } }]);
  });

  it('records the identity check, and a room move revokes the logins', async () => {
    expect(await act('p1', { type: 'identity_check', candidateId: cand.T03!.id, outcome: 'passed', method: 'id_card' })).toEqual({ affected: 1 });
    expect(await act('p2', { type: 'identity_check', candidateId: cand.T03!.id, outcome: 'refused', method: 'photo' })).toEqual({ affected: 1 });
    const { identityChecks } = tablesOf(db);
    const rows = await db.select().from(identityChecks).where(and(eq(identityChecks.candidateId, cand.T03!.id)));
    expect(rows.map((r) => [r.outcome, r.checkedBy])).toEqual([['refused', users.p2!.userId]]);
    await expect(act('p1', { type: 'identity_check', candidateId: cand.T03!.id, outcome: 'passed_with_note', method: 'other' })).rejects.toMatchObject({ detail: { key: 'identity.noteRequired' } });
    // The grid reads the console's own facts in one query (incidents, admission, identity check) on either store.
    const grid = await proctor.watch(fakeSocket(), users.p1!, { sittingId, room: '101', sittingPartId: partId });
    const { incidents, admissions } = tablesOf(db);
    const raised = await db.select({ candidateId: incidents.candidateId }).from(incidents);
    const admittedIds = (await db.select({ candidateId: admissions.candidateId }).from(admissions)).map((r) => r.candidateId);
    expect(grid.rows.map((r) => [r.candidateId, r.incidents, r.admitted])).toEqual(grid.rows.map((r) => [r.candidateId, raised.filter((i) => i.candidateId === r.candidateId).length, admittedIds.includes(r.candidateId)]));
    expect(raised.length).toBeGreaterThan(0);
    expect(grid.rows.find((r) => r.candidateId === cand.T03!.id)!.identity).toEqual({ outcome: 'refused', method: 'photo', note: null, checkedAt: clock.now() });
    expect(grid.rows.find((r) => r.candidateId === cand.T02!.id)!.identity).toBeNull();
    expect(await act('p1', { type: 'move', candidateId: cand.T02!.id })).toEqual({ affected: 1 });
  });
});
