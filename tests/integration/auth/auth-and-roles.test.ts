import { afterAll, beforeAll, expect, it } from 'vitest';
import { io as connect } from 'socket.io-client';
import { emit, TestExam } from '../../helpers/test-exam.ts';
import { describeStores } from '../../helpers/stores.ts';

await describeStores('login, roles and HTTP hardening', (dialect) => {
  let t: TestExam;
  beforeAll(async () => {
    t = await TestExam.start({}, { store: dialect });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers health with JSON', async () => {
    const res = await t.http('GET', '/api/health');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: 'ok', database: 'ok', serverTime: t.clock.now() });
  });

  it('sets an httpOnly SameSite=Strict session cookie and knows who is logged in', async () => {
    const res = await t.http('POST', '/api/auth/candidate/login', { body: { ticketNo: 'T0001', password: 'pw-0001' } });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ userId: expect.any(Number), role: 'candidate', displayName: '考生甲', ticketNo: 'T0001' });
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^kc_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const me = await t.http('GET', '/api/auth/me', { cookie: cookie.split(';')[0] });
    expect(me.json.role).toBe('candidate');
  });

  it('refuses wrong passwords, unknown logins, and the wrong login form', async () => {
    const wrong = await t.http('POST', '/api/auth/candidate/login', { body: { ticketNo: 'T0001', password: 'nope' } });
    expect(wrong).toMatchObject({ status: 401, json: { error: { code: 'UNAUTHENTICATED' } } });
    const unknown = await t.http('POST', '/api/auth/staff/login', { body: { username: 'ghost', password: 'x' } });
    expect(unknown.status).toBe(401);
    const staffAsCandidate = await t.http('POST', '/api/auth/candidate/login', { body: { ticketNo: 'admin', password: 'admin-pw' } });
    expect(staffAsCandidate.status).toBe(401);
  });

  it('checks roles on every route', async () => {
    const candidate = await t.loginCandidate(0);
    const grader = await t.loginStaff('grader');
    const admin = await t.loginStaff('admin');
    expect((await t.http('GET', '/api/admin/parts')).status).toBe(401);
    expect((await t.http('GET', '/api/admin/parts', { cookie: candidate })).status).toBe(403);
    expect((await t.http('GET', '/api/admin/parts', { cookie: grader })).status).toBe(403);
    expect((await t.http('GET', '/api/admin/parts', { cookie: admin })).status).toBe(200);
    expect((await t.http('GET', '/api/candidate/overview', { cookie: admin })).status).toBe(403);
    expect((await t.http('GET', '/api/candidate/overview')).status).toBe(401);
    expect((await t.http('POST', `/api/admin/parts/${t.exam.theoryPartId}/release`, { cookie: candidate })).status).toBe(403);
  });

  it('keeps staff out of candidate socket events and refuses sockets without a session', async () => {
    const proctor = await t.loginStaff('proctor');
    const socket = await t.socket(proctor);
    expect(await emit(socket, 'session:start', { sittingPartId: t.exam.theoryPartId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const anonymous = connect(t.baseUrl, { transports: ['websocket'], reconnection: false, forceNew: true });
    const err = await new Promise<Error>((resolve) => anonymous.once('connect_error', resolve));
    expect(err.message).toBe('UNAUTHENTICATED');
    anonymous.close();
  });

  it('ends the session on logout', async () => {
    const cookie = await t.loginCandidate(1);
    expect((await t.http('POST', '/api/auth/logout', { cookie })).status).toBe(204);
    expect((await t.http('GET', '/api/auth/me', { cookie })).status).toBe(401);
  });

  it('answers bad bodies with a typed 400 and changes nothing', async () => {
    const before = (await t.one('select count(*) as n from auth_sessions'));
    for (const body of ['{not json', '[]', '{"ticketNo": 5, "password": "x"}', JSON.stringify({ ticketNo: 'T0001', password: 'pw-0001', role: 'admin' }), JSON.stringify({ ticketNo: 'x'.repeat(10_000), password: 'p' })]) {
      const res = await t.http('POST', '/api/auth/candidate/login', { body });
      expect(res.status, body.slice(0, 40)).toBe(400);
      expect(res.json.error.code).toBe('BAD_REQUEST');
      expect(res.json.error.requestId).toEqual(expect.any(String));
    }
    expect(await t.one('select count(*) as n from auth_sessions')).toEqual(before);
    expect((await t.http('GET', '/api/admin/parts/abc/results', { cookie: await t.loginStaff('admin') })).status).toBe(400);
  });

  it('refuses a cross-origin state-changing request', async () => {
    const res = await t.http('POST', '/api/auth/candidate/login', { body: { ticketNo: 'T0001', password: 'pw-0001' }, headers: { origin: 'https://evil.example' } });
    expect(res).toMatchObject({ status: 403, json: { error: { code: 'FORBIDDEN' } } });
  });

  it('sends security headers', async () => {
    const res = await t.http('GET', '/api/health');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves an OpenAPI document generated from the zod schemas', async () => {
    const res = await t.http('GET', '/api/docs/json');
    expect(res.status).toBe(200);
    expect(res.json.openapi).toMatch(/^3\./);
    expect(Object.keys(res.json.paths)).toEqual(expect.arrayContaining(['/api/health', '/api/auth/candidate/login', '/api/candidate/overview', '/api/admin/parts/{id}/release']));
    expect(res.json.paths['/api/auth/candidate/login'].post.requestBody.content['application/json'].schema.required).toEqual(['ticketNo', 'password']);
    expect((await t.http('GET', '/api/docs')).status).toBeLessThan(400);
  });
});

await describeStores('login rate limit', (dialect) => {
  it('limits repeated attempts on one login from one address, not the whole room', async () => {
    const t = await TestExam.start({ LOGIN_RATE_MAX: '3' }, { store: dialect });
    try {
      const attempt = (ticketNo: string) => t.http('POST', '/api/auth/candidate/login', { body: { ticketNo, password: 'wrong' } });
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await attempt('T0001')).status);
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      const limited = await attempt('T0001');
      expect(limited.json.error.code).toBe('RATE_LIMITED');
      // The candidate at the next seat, behind the same NAT address, can still log in.
      expect((await t.http('POST', '/api/auth/candidate/login', { body: { ticketNo: 'T0002', password: 'pw-0002' } })).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});
