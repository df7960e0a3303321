import { io as connect } from 'socket.io-client';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { SEB_JS_HEADERS } from '@shared/seb.ts';
import { keyHash, SEB_HEADERS } from '../../../server/src/features/seb/request-check.ts';
import { emit, nextEvent, TestExam, unwrap, type ClientSocket } from '../../helpers/test-exam.ts';
import { describeStores } from '../../helpers/stores.ts';

/** The candidate side of SEB wired into the app: candidate API, exam page, handshake, mid-exam pause. */
await describeStores('Safe Exam Browser required for a sitting', (dialect) => {
  let t: TestExam;
  let configKey: string;
  const opened: ClientSocket[] = [];

  beforeEach(async () => {
    t = await TestExam.start({}, { store: dialect });
    const admin = await t.loginStaff('admin');
    const current = await t.http('GET', `/api/admin/sittings/${t.exam.sittingId}/seb`, { cookie: admin });
    const saved = await t.http('PUT', `/api/admin/sittings/${t.exam.sittingId}/seb`, { cookie: admin, body: { required: true, options: current.json.options, browserExamKeys: [] } });
    expect(saved.status).toBe(200);
    configKey = saved.json.configKey;
  });
  afterEach(async () => {
    for (const s of opened.splice(0)) s.disconnect();
    await t.close();
  });

  const overviewUrl = () => `${t.baseUrl}/api/candidate/overview`;
  const wsUrl = () => `${t.baseUrl.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;

  /** Opens a candidate socket with SEB's headers or JavaScript API keys; resolves with the socket or the connect error. */
  function socketWith(cookie: string, opts: { headers?: Record<string, string>; auth?: Record<string, unknown> } = {}): Promise<{ socket: ClientSocket; error?: Error & { data?: { key?: string } } }> {
    const socket: ClientSocket = connect(t.baseUrl, { transports: ['websocket'], extraHeaders: { cookie, ...opts.headers }, auth: opts.auth ?? {}, reconnection: false, forceNew: true });
    opened.push(socket);
    return new Promise((resolve) => {
      socket.once('connect', () => resolve({ socket }));
      socket.once('connect_error', (error) => resolve({ socket, error }));
    });
  }

  const sessionRow = async (id: number) => (await t.one('select status, paused_at from exam_sessions where id = ?', [id])) as { status: string; paused_at: number | null };
  const incidents = async () => (await t.query("select kind, details_json from incidents where kind = 'seb_refused' order by id")) as { kind: string; details_json: string }[];

  it('checks the candidate API: right hash passes (with the quit link), wrong and missing are keyed 403s; staff are not checked', async () => {
    const cookie = await t.loginCandidate(0);
    const right = await t.http('GET', '/api/candidate/overview', { cookie, headers: { [SEB_HEADERS.configKeyHash]: keyHash(overviewUrl(), configKey) } });
    expect(right.status).toBe(200);
    expect(right.json.seb).toEqual({ required: true, quitUrl: null });

    const wrong = await t.http('GET', '/api/candidate/overview', { cookie, headers: { [SEB_HEADERS.configKeyHash]: keyHash(overviewUrl(), 'a'.repeat(64)) } });
    expect(wrong.status).toBe(403);
    expect(wrong.json.error).toMatchObject({ code: 'FORBIDDEN', key: 'seb.mismatch' });
    const missing = await t.http('GET', '/api/candidate/overview', { cookie });
    expect(missing.json.error).toMatchObject({ code: 'FORBIDDEN', key: 'seb.missing' });

    // SEB builds without headers: the page hands on the JavaScript API keys made for its own URL.
    const page = `${t.baseUrl}/exam`;
    const js = await t.http('GET', '/api/candidate/overview', { cookie, headers: { [SEB_JS_HEADERS.url]: page, [SEB_JS_HEADERS.configKey]: keyHash(page, configKey) } });
    expect(js.status).toBe(200);
    const foreign = await t.http('GET', '/api/candidate/overview', { cookie, headers: { [SEB_JS_HEADERS.url]: 'https://elsewhere.example/exam', [SEB_JS_HEADERS.configKey]: keyHash('https://elsewhere.example/exam', configKey) } });
    expect(foreign.json.error.key).toBe('seb.mismatch');

    // Before any session: the proctor sees who was refused, and nothing is paused.
    expect((await incidents()).map((i) => JSON.parse(i.details_json))).toEqual([{ verdict: 'mismatch', via: 'http', sessionId: null }]);
    const admin = await t.loginStaff('admin');
    expect((await t.http('GET', `/api/admin/sittings/${t.exam.sittingId}/seb`, { cookie: admin })).status).toBe(200);
  });

  it('behind a reverse proxy (TRUST_PROXY), checks the URL as the browser requested it from the proxy', async () => {
    const proxied = 'https://exam.example.cn/api/candidate/overview';
    const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'exam.example.cn', [SEB_HEADERS.configKeyHash]: keyHash(proxied, configKey) };
    const cookie = await t.loginCandidate(0);
    // Not trusted: the forwarded scheme and host do not count, so the hash made for them does not fit.
    expect((await t.http('GET', '/api/candidate/overview', { cookie, headers: forwarded })).json.error.key).toBe('seb.mismatch');
    await t.restart({ TRUST_PROXY: 'true' });
    expect((await t.http('GET', '/api/candidate/overview', { cookie, headers: forwarded })).status).toBe(200);
  });

  it('serves a refusal page (zh-CN and English) to SEB with other settings opening the exam page', async () => {
    const cookie = await t.loginCandidate(0);
    const page = await t.http('GET', '/exam', { cookie, headers: { [SEB_HEADERS.configKeyHash]: keyHash(`${t.baseUrl}/exam`, 'b'.repeat(64)) } });
    expect(page.status).toBe(403);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.json).toContain('安全考试浏览器');
    expect(page.json).toContain('Safe Exam Browser');
    // The right settings (and a browser without headers, left to the API and socket checks) are not refused here.
    expect((await t.http('GET', '/exam', { cookie, headers: { [SEB_HEADERS.configKeyHash]: keyHash(`${t.baseUrl}/exam`, configKey) } })).status).not.toBe(403);
    expect((await t.http('GET', '/exam', { cookie })).status).not.toBe(403);
  });

  it('hands SEB with other settings the sitting’s quit URL, on the refusal page, the API and the handshake; never to a plain browser', async () => {
    const admin = await t.loginStaff('admin');
    const current = await t.http('GET', `/api/admin/sittings/${t.exam.sittingId}/seb`, { cookie: admin });
    const quitUrl = 'http://exam.example.cn/seb-quit?x=1&y=2';
    const saved = await t.http('PUT', `/api/admin/sittings/${t.exam.sittingId}/seb`, { cookie: admin, body: { required: true, options: { ...current.json.options, quitUrl }, browserExamKeys: [] } });
    expect(saved.status, JSON.stringify(saved.json)).toBe(200);
    const cookie = await t.loginCandidate(0);
    const wrong = (url: string) => ({ [SEB_HEADERS.configKeyHash]: keyHash(url, 'e'.repeat(64)) });

    const page = await t.http('GET', '/exam', { cookie, headers: wrong(`${t.baseUrl}/exam`) });
    expect(page.status).toBe(403);
    expect(page.json).toContain('<a href="http://exam.example.cn/seb-quit?x=1&#38;y=2" data-testid="seb-quit-link">退出安全考试浏览器');
    const api = await t.http('GET', '/api/candidate/overview', { cookie, headers: wrong(overviewUrl()) });
    expect(api.json.error).toMatchObject({ key: 'seb.mismatch', params: { quitUrl } });
    expect((await t.http('GET', '/api/candidate/overview', { cookie })).json.error.params).toBeUndefined();
    const socket = await socketWith(cookie, { headers: wrong(wsUrl()) });
    expect(socket.error?.data).toEqual({ code: 'FORBIDDEN', key: 'seb.mismatch', params: { quitUrl } });
    expect((await socketWith(cookie)).error?.data).toEqual({ code: 'FORBIDDEN', key: 'seb.missing' });
  });

  it('checks the Socket.IO handshake: right header hash or JavaScript API keys connect, wrong and missing are refused with a key', async () => {
    const cookie = await t.loginCandidate(0);
    const right = await socketWith(cookie, { headers: { [SEB_HEADERS.configKeyHash]: keyHash(wsUrl(), configKey) } });
    expect(right.error).toBeUndefined();
    right.socket.disconnect();

    const wrong = await socketWith(cookie, { headers: { [SEB_HEADERS.configKeyHash]: keyHash(wsUrl(), 'c'.repeat(64)) } });
    expect(wrong.error?.data).toEqual({ code: 'FORBIDDEN', key: 'seb.mismatch' });
    const missing = await socketWith(cookie);
    expect(missing.error?.data).toEqual({ code: 'FORBIDDEN', key: 'seb.missing' });

    const page = `${t.baseUrl}/exam/part/${t.exam.theoryPartId}`;
    const js = await socketWith(cookie, { auth: { seb: { url: page, configKey: keyHash(page, configKey) } } });
    expect(js.error).toBeUndefined();
    unwrap(await emit(js.socket, 'session:start', { sittingPartId: t.exam.theoryPartId }));

    // A proctor's console is not checked.
    const proctor = await socketWith(await t.loginStaff('proctor'));
    expect(proctor.error).toBeUndefined();
  });

  it('a mismatch mid-exam pauses the session and raises an incident; the proctor resumes after checking the computer', async () => {
    const proctorCookie = await t.loginStaff('proctor');
    const proctor = (await socketWith(proctorCookie)).socket;
    unwrap(await emit(proctor, 'proctor:watch', { sittingId: t.exam.sittingId, room: '测试考场', sittingPartId: t.exam.theoryPartId }));

    const cookie = await t.loginCandidate(0);
    const good = { [SEB_HEADERS.configKeyHash]: keyHash(wsUrl(), configKey) };
    const first = await socketWith(cookie, { headers: good });
    const view = unwrap(await emit(first.socket, 'session:start', { sittingPartId: t.exam.theoryPartId }));
    first.socket.disconnect();

    // The computer comes back with another SEB configuration.
    const raised = new Promise<unknown>((resolve) => {
      const on = (incident: { kind: string }) => {
        if (incident.kind !== 'seb_refused') return;
        proctor.off('proctor:incident', on);
        resolve(incident);
      };
      proctor.on('proctor:incident', on);
    });
    const refused = await socketWith(cookie, { headers: { [SEB_HEADERS.configKeyHash]: keyHash(wsUrl(), 'd'.repeat(64)) } });
    expect(refused.error?.data?.key).toBe('seb.mismatch');
    expect(await raised).toMatchObject({ kind: 'seb_refused', details: { verdict: 'mismatch', via: 'socket', sessionId: view.sessionId } });
    await expect.poll(async () => (await sessionRow(view.sessionId)).paused_at).not.toBeNull();
    const audit = (await t.query("select actor_user_id, details_json from audit_log where action = 'session.paused'")) as { actor_user_id: number | null; details_json: string }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor_user_id).toBeNull();

    // Back in the right SEB: the page reconnects, but the clock stands still until the proctor resumes.
    const back = await socketWith(cookie, { headers: good });
    expect(back.error).toBeUndefined();
    expect(unwrap(await emit(back.socket, 'session:resume', { sessionId: view.sessionId })).pausedAt).not.toBeNull();
    const resumed = nextEvent(back.socket, 'session:deadline');
    const candidateId = ((await t.one('select candidate_id from exam_sessions where id = ?', [view.sessionId])) as { candidate_id: number }).candidate_id;
    unwrap(await emit(proctor, 'proctor:action', { sittingId: t.exam.sittingId, room: '测试考场', sittingPartId: t.exam.theoryPartId, action: { type: 'resume', candidateId }, reason: 'SEB checked on the computer' }));
    await resumed;
    expect(await sessionRow(view.sessionId)).toEqual({ status: 'in_progress', paused_at: null });
  });

  it('a plain browser calling the candidate API mid-exam also pauses the session', async () => {
    const cookie = await t.loginCandidate(1);
    const s = await socketWith(cookie, { headers: { [SEB_HEADERS.configKeyHash]: keyHash(wsUrl(), configKey) } });
    const view = unwrap(await emit(s.socket, 'session:start', { sittingPartId: t.exam.theoryPartId }));
    const paused = nextEvent(s.socket, 'session:paused');
    expect((await t.http('GET', '/api/candidate/overview', { cookie })).json.error.key).toBe('seb.missing');
    expect(await paused).toMatchObject({ sessionId: view.sessionId });
    expect((await incidents()).map((i) => JSON.parse(i.details_json))).toEqual([{ verdict: 'missing', via: 'http', sessionId: view.sessionId }]);
  });
});
