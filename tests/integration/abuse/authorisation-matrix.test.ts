import fs from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { io as connect } from 'socket.io-client';
import type { ClientToServerEvents } from '@shared/events.ts';
import type { Role } from '@shared/domain.ts';
import type { RouteEntry } from '../../../server/src/features/auth/access.ts';
import { emit, fixture, seedOtherSitting, STAFF, TestExam, unwrap, type ClientSocket } from '../../helpers/test-exam.ts';
import { admits, CALLERS, cookieOf, expectTypedError, fillPath, paramNames, raw, snapshot, stillLoggedIn, type Caller } from './abuse-helpers.ts';
import { describeStores } from '../../helpers/stores.ts';

// Walks every route of the table, which grows with every feature: give it room on a loaded machine.
const ROUTE_WALK_TIMEOUT_MS = 240_000;

/**
 * Who may call what, generated from the server's own route table (app.routeTable, filled by the
 * onRoute hook that makes every /api route declare config.access), so a new route is covered the
 * moment it exists. Socket events are listed here, checked against shared/events.ts by the type
 * checker and against the handlers the server registers at run time.
 */

/** The routes this test was written against: the generated table must contain at least these. */
const KNOWN_ROUTES: RouteEntry[] = [
  { method: 'GET', url: '/api/health', access: 'public' },
  { method: 'POST', url: '/api/auth/candidate/login', access: 'public' },
  { method: 'POST', url: '/api/auth/staff/login', access: 'public' },
  { method: 'POST', url: '/api/auth/logout', access: 'public' },
  { method: 'GET', url: '/api/auth/me', access: 'authenticated' },
  { method: 'GET', url: '/api/candidate/overview', access: ['candidate'] },
  { method: 'GET', url: '/api/admin/parts', access: ['admin'] },
  { method: 'GET', url: '/api/admin/parts/:id/results', access: ['admin'] },
  { method: 'POST', url: '/api/admin/parts/:id/release', access: ['admin'] },
  { method: 'POST', url: '/api/admin/banks/import', access: ['admin'] },
  { method: 'GET', url: '/api/admin/banks', access: ['admin'] },
  { method: 'GET', url: '/api/admin/banks/:id/items', access: ['admin'] },
  { method: 'GET', url: '/api/admin/banks/:id/items/:itemId', access: ['admin'] },
  { method: 'GET', url: '/api/admin/blueprints', access: ['admin'] },
  { method: 'POST', url: '/api/admin/blueprints/check', access: ['admin'] },
  { method: 'POST', url: '/api/admin/parts/:id/paper', access: ['admin'] },
  { method: 'GET', url: '/api/proctor/export.csv', access: ['proctor', 'admin'] },
  { method: 'POST', url: '/api/auth/applicant/register', access: 'public' },
  { method: 'POST', url: '/api/auth/applicant/login', access: 'public' },
  { method: 'GET', url: '/api/registration/plans', access: ['applicant', 'admin'] },
  { method: 'GET', url: '/api/registration/applications', access: ['applicant'] },
  { method: 'POST', url: '/api/registration/applications', access: ['applicant'] },
  { method: 'GET', url: '/api/registration/applications/:id', access: ['applicant'] },
  { method: 'POST', url: '/api/registration/applications/:id/documents', access: ['applicant'] },
  { method: 'GET', url: '/api/registration/applications/:id/documents/:docId', access: ['applicant'] },
  { method: 'DELETE', url: '/api/registration/applications/:id/documents/:docId', access: ['applicant'] },
  { method: 'GET', url: '/api/registration/applications/:id/ticket', access: ['applicant'] },
  { method: 'GET', url: '/api/admin/applications', access: ['admin'] },
  { method: 'GET', url: '/api/admin/applications/:id', access: ['admin'] },
  { method: 'GET', url: '/api/admin/applications/:id/documents/:docId', access: ['admin'] },
  { method: 'POST', url: '/api/admin/applications/:id/decision', access: ['admin'] },
  { method: 'GET', url: '/api/admin/audit', access: ['admin'] },
  { method: 'GET', url: '/api/admin/audit/export', access: ['admin'] },
  { method: 'GET', url: '/api/admin/plans', access: ['admin'] },
  { method: 'POST', url: '/api/admin/plans', access: ['admin'] },
  { method: 'PUT', url: '/api/admin/sitting-parts/:id/settings', access: ['admin'] },
  { method: 'POST', url: '/api/admin/sittings/:id/rooms', access: ['admin'] },
  { method: 'POST', url: '/api/admin/plans/:id/sittings', access: ['admin'] },
  { method: 'PUT', url: '/api/admin/rooms/:id', access: ['admin'] },
  { method: 'DELETE', url: '/api/admin/rooms/:id', access: ['admin'] },
  { method: 'GET', url: '/api/admin/sittings/:id/seating', access: ['admin'] },
  { method: 'PUT', url: '/api/admin/candidates/:id/seat', access: ['admin'] },
  { method: 'POST', url: '/api/admin/plans/:id/roster', access: ['admin'] },
  { method: 'PUT', url: '/api/admin/candidates/:id/photo', access: ['admin'] },
  { method: 'GET', url: '/api/admin/candidates/:id/photo', access: ['admin'] },
  { method: 'POST', url: '/api/admin/plans/:id/photos', access: ['admin'] },
  { method: 'GET', url: '/api/admin/sittings/:id/results', access: ['admin'] },
  { method: 'GET', url: '/api/admin/sittings/:id/export.csv', access: ['admin'] },
  { method: 'GET', url: '/api/admin/sittings/:id/export.xlsx', access: ['admin'] },
  { method: 'POST', url: '/api/admin/sittings/:id/release', access: ['admin'] },
  { method: 'PUT', url: '/api/admin/grading/tasks/:itemId', access: ['admin'] },
  { method: 'GET', url: '/api/admin/sittings/:id/grading-tasks', access: ['admin'] },
  { method: 'GET', url: '/api/admin/sittings/:id/proctors', access: ['admin'] },
  { method: 'PUT', url: '/api/admin/sittings/:id/proctors', access: ['admin'] },
  { method: 'GET', url: '/api/admin/review/panel', access: ['admin'] },
  { method: 'GET', url: '/api/admin/parts/:id/analysis', access: ['admin'] },
  { method: 'POST', url: '/api/admin/paper-items/:id/key', access: ['admin'] },
  { method: 'PUT', url: '/api/admin/review/panel', access: ['admin'] },
  { method: 'GET', url: '/api/review/panels', access: ['grader', 'admin'] },
  { method: 'POST', url: '/api/review/panels/:panelId/candidates/:candidateId/start', access: ['grader', 'admin'] },
  { method: 'POST', url: '/api/review/panels/:panelId/candidates/:candidateId/end', access: ['grader', 'admin'] },
  { method: 'POST', url: '/api/review/panels/:panelId/candidates/:candidateId/absent', access: ['grader', 'admin'] },
  { method: 'PUT', url: '/api/review/panels/:panelId/candidates/:candidateId/score', access: ['grader', 'admin'] },
  { method: 'GET', url: '/api/review/panels/:panelId/candidates/:candidateId/materials', access: ['grader', 'admin'] },
  { method: 'GET', url: '/api/review/panels/:panelId/candidates/:candidateId/documents/:docId', access: ['grader', 'admin'] },
  { method: 'GET', url: '/api/grading/tasks', access: ['grader', 'admin'] },
  { method: 'GET', url: '/api/grading/scripts', access: ['grader', 'admin'] },
  { method: 'POST', url: '/api/grading/tasks/:itemId/next', access: ['grader', 'admin'] },
  { method: 'POST', url: '/api/grading/scripts/:code/:itemId/claim', access: ['grader', 'admin'] },
  { method: 'DELETE', url: '/api/grading/scripts/:code/:itemId/claim', access: ['grader', 'admin'] },
  { method: 'POST', url: '/api/grading/scripts/:code/:itemId/marks', access: ['grader', 'admin'] },
  { method: 'POST', url: '/api/grading/scripts/:code/:itemId/reopen', access: ['grader', 'admin'] },
  { method: 'GET', url: '/api/grading/tasks/:itemId/media/:name', access: ['grader', 'admin'] },
  { method: 'GET', url: '/api/grading/screenshots/:id', access: ['grader', 'admin'] },
  { method: 'GET', url: '/api/admin/sittings/:id/seb', access: ['admin'] },
  { method: 'PUT', url: '/api/admin/sittings/:id/seb', access: ['admin'] },
  { method: 'POST', url: '/api/admin/sittings/:id/seb/file', access: ['admin'] },
];

const ADMITTED_STATUSES = [200, 201, 204, 400, 404, 409];
const label = (method: string, url: string, caller: Caller) => `${caller} ${method} ${url}`;

await describeStores('authorisation matrix', (dialect) => {
  let t: TestExam;
  const cookies = new Map<Caller, string | undefined>();
  let bankId: number;
  let bankItemIds: number[];
  let sessionA: number;
  let sessionB: number;
  let candidateB: { id: number; userId: number };
  let otherSittingPartId: number;
  let otherSittingSkillsPartId: number;
  let paperItemId: number;
  let socketB: ClientSocket;
  const receivedByB: unknown[] = [];

  beforeAll(async () => {
    t = await TestExam.start({}, { store: dialect });
    for (const caller of CALLERS) cookies.set(caller, await cookieOf(t, caller));
    const imported = await fetch(`${t.baseUrl}/api/admin/banks/import?fileName=small-bank.yaml`, {
      method: 'POST',
      headers: { cookie: cookies.get('admin')!, 'content-type': 'application/octet-stream' },
      body: fs.readFileSync(fixture('small-bank.yaml')),
    });
    expect(imported.status).toBe(200);
    bankId = ((await imported.json()) as any).bank.id;
    bankItemIds = ((await t.query('select id from bank_items where bank_id = ? order by id', [bankId])) as { id: number }[]).map((r) => r.id);

    const socketA = await t.socket(cookies.get('candidate')!);
    const viewA = unwrap(await emit(socketA, 'session:start', { sittingPartId: t.exam.theoryPartId }));
    sessionA = viewA.sessionId;
    paperItemId = viewA.items[0]!.id;
    unwrap(await emit(socketA, 'answer:save', { sessionId: sessionA, itemId: paperItemId, response: null, flagged: true, changeId: 'a-1' }));
    socketA.disconnect();

    socketB = await t.socket(await t.loginCandidate(1));
    // The noops a quiet B hears every 3 s (core/socket.ts) are engine.io packets, not events.
    socketB.onAny((event, payload) => receivedByB.push({ event, payload }));
    const viewB = unwrap(await emit(socketB, 'session:start', { sittingPartId: t.exam.theoryPartId }));
    sessionB = viewB.sessionId;
    const item = viewB.items.find((i) => i.type === 'single')!;
    unwrap(await emit(socketB, 'answer:save', { sessionId: sessionB, itemId: item.id, response: { choices: [item.options[0]!.id] }, flagged: false, changeId: 'b-1' }));
    candidateB = (await t.one("select id, user_id as \"userId\" from candidates where ticket_no = 'T0002'")) as { id: number; userId: number };

    // A second sitting with a candidate of its own: its parts are nobody else's business.
    const other = await seedOtherSitting(t, '第2考场');
    otherSittingPartId = other.theoryPartId;
    otherSittingSkillsPartId = other.skillsPartId;
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Existing ids for each path param, by the segment before it, plus another candidate's ids. */
  function valuesFor(url: string, name: string): string[] {
    const segments = url.split('/');
    const before = segments[segments.indexOf(`:${name}`) - 1];
    const parts = [t.exam.theoryPartId, t.exam.skillsPartId, otherSittingPartId];
    const banks = [bankId];
    const items = [bankItemIds[0]!, bankItemIds.at(-1)!];
    // Registration and planning ids: one existing-or-not id is enough next to candidate B's ids.
    const registration = ['applications', 'documents', 'plans', 'sittings', 'sitting-parts', 'rooms'].includes(before ?? '') ? [1] : undefined;
    const byKind = before === 'parts' ? parts : before === 'banks' ? banks : before === 'items' ? items : (registration ?? [...parts, ...banks, ...items]);
    // Candidate B's own resources: a candidate (or anyone) naming them must not get further.
    const othersCandidate = [sessionB, candidateB.id, candidateB.userId];
    return [...new Set([...byKind, ...othersCandidate])].map(String);
  }

  function pathsFor(url: string): string[] {
    let combos: Record<string, string>[] = [{}];
    for (const name of paramNames(url)) combos = combos.flatMap((c) => valuesFor(url, name).map((v) => ({ ...c, [name]: v })));
    return combos.map((c) => fillPath(url, c));
  }

  async function cookieFor(caller: Caller): Promise<string | undefined> {
    const c = cookies.get(caller);
    // A logout in the matrix ends the session it was sent with: log in again.
    if (c && !(await stillLoggedIn(t, c))) cookies.set(caller, await cookieOf(t, caller));
    return cookies.get(caller);
  }

  it('has a route table that is generated, non-empty and complete', async () => {
    const table = t.app.routeTable;
    expect(table.length).toBeGreaterThanOrEqual(KNOWN_ROUTES.length);
    expect(table).toEqual(expect.arrayContaining(KNOWN_ROUTES));
    for (const r of table) {
      expect(r.url.startsWith('/api/'), r.url).toBe(true);
      expect(r.access === 'public' || r.access === 'authenticated' || (Array.isArray(r.access) && r.access.length > 0), `${r.method} ${r.url}`).toBe(true);
    }
    // Independent of the table: every operation in the OpenAPI document (built from the same
    // routes by @fastify/swagger) is in it, and nothing in the table is missing from the document.
    const docs = await t.http('GET', '/api/docs/json');
    const documented = Object.entries(docs.json.paths as Record<string, Record<string, unknown>>)
      .filter(([p]) => !p.startsWith('/api/docs'))
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p.replace(/\{([^}]+)\}/g, ':$1')}`))
      .filter((op) => !op.startsWith('HEAD '));
    expect(documented.sort()).toEqual(table.map((r) => `${r.method} ${r.url}`).sort());
  });

  it('refuses every caller the route does not admit, and admits the others, on every route', async () => {
    let cases = 0;
    for (const route of t.app.routeTable) {
      for (const path of pathsFor(route.url)) {
        for (const caller of CALLERS) {
          const cookie = await cookieFor(caller);
          const res = await t.http(route.method, path, { cookie, ...(route.method === 'GET' ? {} : { body: {} }) });
          const what = `${label(route.method, path, caller)} -> ${res.status} ${JSON.stringify(res.json).slice(0, 160)}`;
          cases++;
          expect(res.status, what).toBeLessThan(500);
          if (admits(route.access, caller)) {
            expect(ADMITTED_STATUSES, what).toContain(res.status);
          } else {
            expect(res.status, what).toBe(caller === 'anonymous' ? 401 : 403);
            expect(res.json.error.code, what).toBe(caller === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
          }
          if (res.status >= 400) expectTypedError(res, what);
        }
      }
    }
    expect(cases).toBeGreaterThan(KNOWN_ROUTES.length * CALLERS.length);
  }, ROUTE_WALK_TIMEOUT_MS);

  it('refuses before validation: a non-admitted caller gets 401/403, never a 400 that describes the input', async () => {
    for (const route of t.app.routeTable) {
      const path = fillPath(route.url, Object.fromEntries(paramNames(route.url).map((n) => [n, 'not-a-number'])));
      for (const caller of CALLERS) {
        if (admits(route.access, caller)) continue;
        const cookie = await cookieFor(caller);
        const headers: Record<string, string> = { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) };
        const variants = route.method === 'GET' ? [undefined] : ['{"__proto__": {"role": "admin"}}', '{not json', JSON.stringify({ x: 'y'.repeat(10_000) })];
        for (const body of variants) {
          const res = await raw(t.baseUrl, { method: route.method, path: `${path}?pageSize=-5&fileName=`, headers: body === undefined ? (cookie ? { cookie } : {}) : headers, body });
          const what = `${label(route.method, path, caller)} body=${String(body).slice(0, 30)} -> ${res.status} ${res.text.slice(0, 160)}`;
          expect(res.status, what).toBe(caller === 'anonymous' ? 401 : 403);
          expectTypedError(res, what);
          expect(res.json.error.issues, what).toBeUndefined();
        }
      }
    }
  }, ROUTE_WALK_TIMEOUT_MS);

  it('guards the HEAD twin of every GET route as well', async () => {
    for (const route of t.app.routeTable.filter((r) => r.method === 'GET')) {
      for (const path of pathsFor(route.url).slice(0, 1)) {
        for (const caller of CALLERS) {
          const cookie = await cookieFor(caller);
          const res = await raw(t.baseUrl, { method: 'HEAD', path, headers: cookie ? { cookie } : {} });
          const what = `${label('HEAD', path, caller)} -> ${res.status}`;
          if (admits(route.access, caller)) expect([200, 400, 404], what).toContain(res.status);
          else expect(res.status, what).toBe(caller === 'anonymous' ? 401 : 403);
        }
      }
    }
  }, ROUTE_WALK_TIMEOUT_MS);

  it('does not let URL spellings slip past the guard', async () => {
    const guarded = t.app.routeTable.filter((r) => r.access !== 'public');
    for (const route of guarded) {
      const path = pathsFor(route.url)[0]!;
      const spellings = [
        `${path}/`,
        path.replace('/api/', '/api//'),
        path.replace('/api/', '/API/'),
        path.replace('/api/', '/api/./'),
        path.replace(/\/([a-z])([a-z]*)/, (_m, first: string, rest: string) => `/%${first.charCodeAt(0).toString(16)}${rest}`),
        `${path};jsessionid=1`,
        `${path}?access=public`,
        `${path}%00`,
        `${path}#`,
      ];
      for (const spelling of spellings) {
        for (const caller of CALLERS.filter((c) => !admits(route.access, c))) {
          const cookie = await cookieFor(caller);
          const res = await raw(t.baseUrl, { method: route.method, path: spelling, headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) }, body: route.method === 'GET' ? undefined : '{}' });
          const what = `${label(route.method, spelling, caller)} -> ${res.status} ${res.text.slice(0, 160)}`;
          expect(res.status, what).toBeGreaterThanOrEqual(400);
          expect(res.status, what).toBeLessThan(500);
          expectTypedError(res, what);
        }
      }
    }
  }, ROUTE_WALK_TIMEOUT_MS);

  // ---- socket events ----

  const ALL_ROLES: readonly Role[] = ['candidate', 'proctor', 'grader', 'admin'];
  const PROCTORS: readonly Role[] = ['proctor', 'admin'];
  /** Every client-to-server event, who may send it, and a well-formed payload naming real data. */
  const EVENTS = {
    'clock:ping': { roles: ALL_ROLES, payload: () => ({ clientSentAt: 1 }) },
    'session:start': { roles: ['candidate'], payload: () => ({ sittingPartId: t.exam.theoryPartId }) },
    'session:resume': { roles: ['candidate'], payload: () => ({ sessionId: sessionA }) },
    'answer:save': { roles: ['candidate'], payload: () => ({ sessionId: sessionA, itemId: paperItemId, response: null, flagged: false, changeId: 'staff' }) },
    'session:submit': { roles: ['candidate'], payload: () => ({ sessionId: sessionA }) },
    'session:late_sync': { roles: ['candidate'], payload: () => ({ sessionId: sessionA, entries: [{ sessionId: sessionA, itemId: paperItemId, response: null, flagged: false, changeId: 'late', madeAt: 1, seq: 1 }] }) },
    'candidate:signal': { roles: ['candidate'], payload: () => ({ kind: 'focus_lost' as const }) },
    'candidate:dismiss_message': { roles: ['candidate'], payload: () => ({ id: '00000000-0000-4000-8000-000000000000' }) },
    'proctor:rooms': { roles: PROCTORS, payload: () => ({}) },
    'proctor:watch': { roles: PROCTORS, payload: () => ({ sittingId: t.exam.sittingId, room: '测试考场', sittingPartId: t.exam.theoryPartId }) },
    'proctor:unwatch': { roles: PROCTORS, payload: () => ({ sittingId: t.exam.sittingId, room: '测试考场' }) },
    // Acting changes state (that is its job): the well-formed variant is covered by tests/integration/proctor.
    'proctor:action': { roles: PROCTORS, changes: true, payload: () => ({ sittingId: t.exam.sittingId, room: '测试考场', sittingPartId: t.exam.theoryPartId, action: { type: 'message' as const, text: 'hi' }, reason: 'test' }) },
    'proctor:settings': { roles: PROCTORS, changes: true, payload: () => ({ sittingId: t.exam.sittingId, room: '测试考场', settings: { admissionRequired: false, signalPolicy: 'warn' as const, pauseAfter: 3 }, reason: 'test' }) },
  } satisfies { [E in keyof ClientToServerEvents]: { roles: readonly Role[]; changes?: true; payload: () => Parameters<ClientToServerEvents[E]>[0] } };
  const eventNames = Object.keys(EVENTS) as (keyof ClientToServerEvents)[];

  it('lists exactly the events the server handles', async () => {
    const client = await t.socket((await cookieFor('admin'))!);
    await emit(client, 'clock:ping', { clientSentAt: 0 });
    const serverSocket = t.app.io.of('/').sockets.get(client.id!);
    expect(serverSocket, 'server side of the test socket').toBeDefined();
    const reserved = new Set(['disconnect', 'disconnecting', 'error', 'newListener', 'removeListener']);
    const registered = serverSocket!
      .eventNames()
      .map(String)
      .filter((e) => !reserved.has(e));
    expect(registered.sort()).toEqual([...eventNames].sort());
    client.disconnect();
  });

  it.each(STAFF.map((s) => s.role))('answers FORBIDDEN to %s for every event of another role, and changes nothing', async (role) => {
    const socket = await t.socket((await cookieFor(role))!);
    const before = await snapshot(t);
    for (const event of eventNames) {
      const spec = EVENTS[event];
      const variants: [unknown, boolean][] = [
        [spec.payload(), true],
        [{ sessionId: 'x' }, false],
        [null, false],
      ];
      for (const [payload, wellFormed] of variants) {
        if (wellFormed && 'changes' in spec && (spec.roles as readonly Role[]).includes(role)) continue;
        const reply = await emit(socket, event, payload as never);
        const what = `${role} ${event} ${JSON.stringify(payload)} -> ${JSON.stringify(reply).slice(0, 200)}`;
        if ((spec.roles as readonly Role[]).includes(role)) {
          expect(reply.ok, what).toBe(wellFormed);
          if (!wellFormed) expect(reply, what).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
        } else {
          // The role is checked before the payload: a garbage payload is FORBIDDEN too, not BAD_REQUEST.
          expect(reply, what).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.any(String) } });
        }
      }
    }
    expect(await snapshot(t)).toEqual(before);
    socket.disconnect();
  });

  it("answers NOT_FOUND when a candidate names another candidate's session, exactly as for a missing one, and changes nothing", async () => {
    const socketA = await t.socket((await cookieFor('candidate'))!);
    const before = await snapshot(t);
    const sessionRowB = (await t.one('select * from exam_sessions where id = ?', [sessionB]));
    const answersB = (await t.query('select * from answers where session_id = ?', [sessionB]));
    const receivedBefore = receivedByB.length;
    const missing = 987_654;
    const attempts: [keyof ClientToServerEvents, (sessionId: number) => unknown][] = [
      ['session:resume', (sessionId) => ({ sessionId })],
      ['answer:save', (sessionId) => ({ sessionId, itemId: paperItemId, response: null, flagged: true, changeId: 'steal' })],
      ['session:submit', (sessionId) => ({ sessionId })],
      ['session:late_sync', (sessionId) => ({ sessionId, entries: [{ sessionId, itemId: paperItemId, response: null, flagged: false, changeId: 'steal', madeAt: 1, seq: 1 }] })],
    ];
    for (const [event, payload] of attempts) {
      const others = await emit(socketA, event, payload(sessionB) as never);
      const none = await emit(socketA, event, payload(missing) as never);
      expect(others, `${event} on B's session`).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      // Same answer as for an id that does not exist: no oracle for which ids are taken.
      expect(others, event).toEqual(none);
      expect(JSON.stringify(others)).not.toMatch(/T0002|考生乙/);
    }
    // Every event that takes a session id is covered above.
    expect(eventNames.filter((e) => 'sessionId' in (EVENTS[e].payload() as object)).sort()).toEqual(attempts.map(([e]) => e).sort());
    // A part of another sitting is not there for this candidate.
    expect(await emit(socketA, 'session:start', { sittingPartId: otherSittingPartId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await snapshot(t)).toEqual(before);
    expect(await t.one('select * from exam_sessions where id = ?', [sessionB])).toEqual(sessionRowB);
    expect(await t.query('select * from answers where session_id = ?', [sessionB])).toEqual(answersB);
    // B's browser heard nothing of it.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(receivedByB.slice(receivedBefore)).toEqual([]);
    socketA.disconnect();
  });

  it("keeps a candidate of another sitting out of this sitting's sessions", async () => {
    const socketC = await t.socket(await t.http('POST', '/api/auth/candidate/login', { body: { ticketNo: 'T0003', password: 'pw-0003' } }).then((r) => r.headers.get('set-cookie')!.split(';')[0]!));
    const before = await snapshot(t);
    for (const sessionId of [sessionA, sessionB]) {
      expect(await emit(socketC, 'session:resume', { sessionId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(await emit(socketC, 'session:submit', { sessionId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(await emit(socketC, 'answer:save', { sessionId, itemId: paperItemId, response: null, flagged: false, changeId: 'c' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    }
    expect(await emit(socketC, 'session:start', { sittingPartId: t.exam.theoryPartId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await snapshot(t)).toEqual(before);
    socketC.disconnect();
  });

  it('refuses a socket handshake from another origin, even with a valid session cookie', async () => {
    const cookie = (await cookieFor('candidate'))!;
    for (const transport of ['websocket', 'polling'] as const) {
      for (const [origin, expected] of [
        ['https://evil.example', 'refused'],
        ['null', 'refused'],
        [t.baseUrl, 'connected'],
      ] as const) {
        const s = connect(t.baseUrl, { transports: [transport], extraHeaders: { cookie, origin }, reconnection: false, forceNew: true });
        const outcome = await new Promise<string>((resolve) => {
          s.once('connect', () => resolve('connected'));
          s.once('connect_error', () => resolve('refused'));
        });
        s.close();
        expect(outcome, `${transport} from ${origin}`).toBe(expected);
      }
    }
  });

  // A part of another sitting must look exactly like a missing one: no oracle for which ids exist.
  it("answers NOT_FOUND for any part outside the candidate's sitting, whatever its state", async () => {
    const socketA = await t.socket((await cookieFor('candidate'))!);
    const missing = await emit(socketA, 'session:start', { sittingPartId: 987_654 });
    const elsewhere = await emit(socketA, 'session:start', { sittingPartId: otherSittingSkillsPartId });
    socketA.disconnect();
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(elsewhere).toEqual(missing);
  });

  // A socket is not authorised once for ever: after logout (or expiry) it is dropped.
  it('stops serving a socket whose login session has been logged out', async () => {
    const cookie = await t.loginCandidate(0);
    const socket = await t.socket(cookie);
    const before = await snapshot(t);
    expect((await t.http('POST', '/api/auth/logout', { cookie })).status).toBe(204);
    expect((await t.http('GET', '/api/auth/me', { cookie })).status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const dropped = new Promise<'disconnected'>((resolve) => socket.once('disconnect', () => resolve('disconnected')));
    const reply = socket.connected
      ? await Promise.race([emit(socket, 'answer:save', { sessionId: sessionA, itemId: paperItemId, response: null, flagged: false, changeId: 'after-logout' }), dropped])
      : 'disconnected';
    if (reply !== 'disconnected') expect(reply).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await snapshot(t)).toEqual(before);
  });
});
