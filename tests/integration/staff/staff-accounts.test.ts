import { afterAll, beforeAll, expect, it } from 'vitest';
import type { StaffAccount } from '@shared/staff.ts';
import { TestExam, type ClientSocket } from '../../helpers/test-exam.ts';
import { describeStores } from '../../helpers/stores.ts';

const PASSWORDS = ['proctor-initial-1', 'grader-initial-2', 'reset-password-3', 'second-admin-pw', 'renamed-pw-4567'];

await describeStores('staff accounts (/api/admin/staff)', (dialect) => {
  let t: TestExam;
  let admin: string;
  beforeAll(async () => {
    t = await TestExam.start({}, { store: dialect });
    admin = await t.loginStaff('admin');
  });
  afterAll(async () => {
    await t.close();
  });

  const create = (body: Record<string, unknown>, cookie = admin) => t.http('POST', '/api/admin/staff', { cookie, body });
  const login = (username: string, password: string) => t.http('POST', '/api/auth/staff/login', { body: { username, password } });
  async function loginCookie(username: string, password: string): Promise<string> {
    const res = await login(username, password);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    return res.headers.get('set-cookie')!.split(';')[0]!;
  }
  const me = (cookie: string) => t.http('GET', '/api/auth/me', { cookie });
  const userCount = async () => ((await t.one('select count(*) as n from users')) as { n: number }).n;
  const adminId = async () => ((await t.one("select id from users where login = 'admin'")) as { id: number }).id;
  const disconnected = (socket: ClientSocket) => new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));

  it('creates a proctor who can then log in, and lists them without any password', async () => {
    const res = await create({ login: 'li.proctor', displayName: '李监考', role: 'proctor', password: PASSWORDS[0] });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({ id: expect.any(Number), login: 'li.proctor', displayName: '李监考', role: 'proctor', createdAt: t.clock.now(), disabledAt: null });

    const cookie = await loginCookie('li.proctor', PASSWORDS[0]!);
    expect((await me(cookie)).json).toMatchObject({ role: 'proctor', displayName: '李监考' });

    const list = await t.http('GET', '/api/admin/staff?role=proctor', { cookie: admin });
    expect(list.status).toBe(200);
    expect((list.json as StaffAccount[]).map((a) => a.login)).toEqual(['li.proctor', 'proctor']);
    expect(JSON.stringify(list.json)).not.toMatch(/password|scrypt/i);
  });

  it('refuses a login that is taken, whatever its case, with 409 and a clear message', async () => {
    const before = (await userCount());
    // T0001 is a candidate's ticket: logins are one namespace for every kind of user.
    for (const taken of ['li.proctor', 'ADMIN', 'T0001']) {
      const res = await create({ login: taken, displayName: 'Dup', role: 'grader', password: 'long-enough-pw' });
      expect(res.status, taken).toBe(409);
      expect(res.json.error).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining(`"${taken}" is already taken`) });
    }
    expect(await userCount()).toBe(before);
  });

  it('refuses bad bodies with 400 and creates nothing', async () => {
    const before = (await userCount());
    const good = { login: 'valid.login', displayName: 'Valid', role: 'grader', password: 'long-enough-pw' };
    const bad: Record<string, unknown>[] = [
      {},
      { ...good, password: 'short' },
      { ...good, password: 'x'.repeat(129) },
      { ...good, login: 'ab' },
      { ...good, login: 'a'.repeat(33) },
      { ...good, login: 'has space' },
      { ...good, login: '张三' },
      { ...good, login: '2026040199' },
      { ...good, role: 'candidate' },
      { ...good, role: 'applicant' },
      { ...good, displayName: '   ' },
      { ...good, displayName: 'x'.repeat(41) },
      { ...good, isAdmin: true },
    ];
    for (const body of bad) {
      const res = await create(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error.code).toBe('BAD_REQUEST');
    }
    expect(await userCount()).toBe(before);
    const empty = await t.http('PATCH', `/api/admin/staff/${(await adminId())}`, { cookie: admin, body: {} });
    expect(empty.status).toBe(400);
    const status = await t.http('PUT', `/api/admin/staff/${(await adminId())}/status`, { cookie: admin, body: { status: 'gone' } });
    expect(status.status).toBe(400);
  });

  it('admits admins only: 401 for strangers, 403 for every other role', async () => {
    const body = { login: 'sneaky', displayName: 'Sneaky', role: 'admin', password: 'long-enough-pw' };
    expect((await t.http('POST', '/api/admin/staff', { body })).status).toBe(401);
    for (const cookie of [await t.loginStaff('proctor'), await t.loginStaff('grader'), await t.loginCandidate(0), await t.loginApplicant()]) {
      const res = await create(body, cookie);
      expect(res.status).toBe(403);
      expect(res.json.error.code).toBe('FORBIDDEN');
      expect((await t.http('GET', '/api/admin/staff', { cookie })).status).toBe(403);
    }
    expect(await t.one("select 1 from users where login = 'sneaky'")).toBeUndefined();
  });

  it('never touches candidates or applicants through this API', async () => {
    const candidate = (await t.one("select id from users where login = 'T0001'")) as { id: number };
    const rename = await t.http('PATCH', `/api/admin/staff/${candidate.id}`, { cookie: admin, body: { role: 'admin' } });
    expect(rename.status).toBe(404);
    const disable = await t.http('PUT', `/api/admin/staff/${candidate.id}/status`, { cookie: admin, body: { status: 'disabled' } });
    expect(disable.status).toBe(404);
    const reset = await t.http('PUT', `/api/admin/staff/${candidate.id}/password`, { cookie: admin, body: { password: 'long-enough-pw' } });
    expect(reset.status).toBe(404);
    expect(await t.one('select role, disabled_at as d from users where id = ?', [candidate.id])).toEqual({ role: 'candidate', d: null });
    expect((await t.http('GET', '/api/admin/staff', { cookie: admin })).json.map((a: StaffAccount) => a.login)).not.toContain('T0001');
  });

  it('disabling ends the live cookie and socket and refuses the login; enabling lets them back in', async () => {
    const created = (await create({ login: 'grader-two', displayName: '王阅卷', role: 'grader', password: PASSWORDS[1] })).json as StaffAccount;
    const cookie = await loginCookie('grader-two', PASSWORDS[1]!);
    const socket = await t.socket(cookie);
    const closed = disconnected(socket);

    const res = await t.http('PUT', `/api/admin/staff/${created.id}/status`, { cookie: admin, body: { status: 'disabled' } });
    expect(res.status).toBe(200);
    expect(res.json.disabledAt).toBe(t.clock.now());
    expect(await closed).toBe('io server disconnect');
    expect((await me(cookie)).status).toBe(401);
    expect((await t.http('GET', '/api/grading/tasks', { cookie })).status).toBe(401);

    // The same answer as a wrong password, so the form tells a stranger nothing.
    const refused = await login('grader-two', PASSWORDS[1]!);
    const wrong = await login('grader-two', 'not-the-password');
    expect(refused.status).toBe(401);
    expect(refused.json.error).toEqual({ ...wrong.json.error, requestId: expect.any(String) });
    const failed = (await t.query("select details_json as d from audit_log where action = 'auth.login_failed' and entity_id = 'grader-two' order by id")) as { d: string }[];
    expect(failed.map((r) => JSON.parse(r.d).reason)).toEqual(['disabled', undefined]);

    // Disabling again changes nothing and writes nothing.
    const audits = async () => ((await t.one("select count(*) as n from audit_log where action like 'staff.%'")) as { n: number }).n;
    const n = (await audits());
    expect((await t.http('PUT', `/api/admin/staff/${created.id}/status`, { cookie: admin, body: { status: 'disabled' } })).status).toBe(200);
    expect(await audits()).toBe(n);

    const enabled = await t.http('PUT', `/api/admin/staff/${created.id}/status`, { cookie: admin, body: { status: 'active' } });
    expect(enabled.json.disabledAt).toBeNull();
    expect((await me(await loginCookie('grader-two', PASSWORDS[1]!))).json.role).toBe('grader');
  });

  it('a role change ends live logins (the cookie was granted under the old role); a new name does not', async () => {
    const proctor = (await t.http('GET', '/api/admin/staff?role=proctor', { cookie: admin })).json.find((a: StaffAccount) => a.login === 'li.proctor') as StaffAccount;
    const cookie = await loginCookie('li.proctor', PASSWORDS[0]!);
    const renamed = await t.http('PATCH', `/api/admin/staff/${proctor.id}`, { cookie: admin, body: { displayName: '李监考员' } });
    expect(renamed.json).toMatchObject({ displayName: '李监考员', role: 'proctor' });
    expect((await me(cookie)).json.displayName).toBe('李监考员');

    const socket = await t.socket(cookie);
    const closed = disconnected(socket);
    const promoted = await t.http('PATCH', `/api/admin/staff/${proctor.id}`, { cookie: admin, body: { role: 'grader' } });
    expect(promoted.status).toBe(200);
    expect(promoted.json.role).toBe('grader');
    await closed;
    expect((await me(cookie)).status).toBe(401);
    expect((await me(await loginCookie('li.proctor', PASSWORDS[0]!))).json.role).toBe('grader');
  });

  it('refuses an admin disabling or demoting themselves, and changes nothing', async () => {
    const self = (await adminId());
    const disable = await t.http('PUT', `/api/admin/staff/${self}/status`, { cookie: admin, body: { status: 'disabled' } });
    expect(disable.status).toBe(409);
    expect(disable.json.error.message).toBe('You cannot disable your own account');
    const demote = await t.http('PATCH', `/api/admin/staff/${self}`, { cookie: admin, body: { role: 'proctor', displayName: 'Renamed' } });
    expect(demote.status).toBe(409);
    expect(demote.json.error.message).toBe('You cannot change your own role');
    expect(await t.one('select role, display_name as n, disabled_at as d from users where id = ?', [self])).toEqual({ role: 'admin', n: 'Admin', d: null });
    expect((await me(admin)).status).toBe(200);
    // Renaming oneself is harmless.
    expect((await t.http('PATCH', `/api/admin/staff/${self}`, { cookie: admin, body: { displayName: 'Admin' } })).status).toBe(200);
  });

  it('lets another admin disable an admin; the admin left cannot demote themselves', async () => {
    const second = (await create({ login: 'admin.two', displayName: '第二管理员', role: 'admin', password: PASSWORDS[3] })).json as StaffAccount;
    const secondCookie = await loginCookie('admin.two', PASSWORDS[3]!);
    const off = await t.http('PUT', `/api/admin/staff/${(await adminId())}/status`, { cookie: secondCookie, body: { status: 'disabled' } });
    expect(off.status).toBe(200);
    expect((await me(admin)).status).toBe(401);
    // admin.two is now the only active admin: neither they nor anyone can take it away.
    const self = await t.http('PATCH', `/api/admin/staff/${second.id}`, { cookie: secondCookie, body: { role: 'grader' } });
    expect(self.status).toBe(409);
    expect((await t.http('PUT', `/api/admin/staff/${(await adminId())}/status`, { cookie: secondCookie, body: { status: 'active' } })).status).toBe(200);
    admin = await t.loginStaff('admin');
    const demoted = await t.http('PATCH', `/api/admin/staff/${second.id}`, { cookie: admin, body: { role: 'proctor' } });
    expect(demoted.json.role).toBe('proctor');
    expect((await me(secondCookie)).status).toBe(401);
  });

  it('resets a password: the old one stops working, live logins end, the new one works', async () => {
    const grader = (await t.http('GET', '/api/admin/staff?role=grader', { cookie: admin })).json.find((a: StaffAccount) => a.login === 'grader-two') as StaffAccount;
    const cookie = await loginCookie('grader-two', PASSWORDS[1]!);
    const short = await t.http('PUT', `/api/admin/staff/${grader.id}/password`, { cookie: admin, body: { password: 'short' } });
    expect(short.status).toBe(400);
    expect((await me(cookie)).status).toBe(200);
    const res = await t.http('PUT', `/api/admin/staff/${grader.id}/password`, { cookie: admin, body: { password: PASSWORDS[2] } });
    expect(res.status).toBe(204);
    expect(res.json).toBeNull();
    expect((await me(cookie)).status).toBe(401);
    expect((await login('grader-two', PASSWORDS[1]!)).status).toBe(401);
    await loginCookie('grader-two', PASSWORDS[2]!);
  });

  it('audits every change with old and new values, and never a password', async () => {
    const rows = (await t.query("select action, entity, entity_id as id, actor_user_id as actor, details_json as d from audit_log where action like 'staff.%' order by audit_log.id")) as {
      action: string;
      entity: string;
      id: string;
      actor: number;
      d: string;
    }[];
    expect(rows.map((r) => r.action)).toEqual([
      'staff.created',
      'staff.created',
      'staff.disabled',
      'staff.enabled',
      'staff.updated',
      'staff.updated',
      'staff.created',
      'staff.disabled',
      'staff.enabled',
      'staff.updated',
      'staff.password_reset',
    ]);
    expect(rows.every((r) => r.entity === 'user' && r.id && r.actor)).toBe(true);
    const roleChange = rows.map((r) => JSON.parse(r.d)).find((d) => d.from?.role === 'proctor' && d.to?.role === 'grader');
    expect(roleChange).toEqual({ login: 'li.proctor', from: { role: 'proctor', displayName: '李监考员' }, to: { role: 'grader', displayName: '李监考员' }, logins: 2 });
    const everything = JSON.stringify((await t.query('select details_json from audit_log')));
    for (const pw of PASSWORDS) expect(everything).not.toContain(pw);
    expect(everything).not.toMatch(/scrypt|password"/i);
  });
});
