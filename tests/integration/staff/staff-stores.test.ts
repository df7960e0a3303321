import { afterAll, beforeAll, expect, it } from 'vitest';
import { asc, eq, like } from 'drizzle-orm';
import pg from 'pg';
import type { StaffAccount } from '@shared/staff.ts';
import { ManualClock } from '../../../server/src/core/clock.ts';
import { tablesOf, type Db } from '../../../server/src/core/db/store.ts';
import { asyncLogins } from '../../../server/src/features/auth/logins.ts';
import { staffAccounts } from '../../../server/src/features/auth/staff-accounts.ts';
import { verifyPassword } from '../../../server/src/features/auth/passwords.ts';
import { staffRoutes } from '../../../server/src/features/staff/routes.ts';
import { createStaffService } from '../../../server/src/features/staff/staff-service.ts';
import { startFeatureServer, type FeatureServer } from '../../helpers/feature-server.ts';
import { describeStores, openTestStore, type TestStore } from '../../helpers/stores.ts';

/**
 * The staff feature on the async data layer (issue #16, step 2), on each store of the matrix: the
 * rules of staff-accounts.test.ts that live in the data (taken logins, ended logins, the last
 * admin, audit entries), with logins stubbed. Sockets and real logins are tested through the whole
 * app in staff-accounts.test.ts.
 */
await describeStores('staff accounts on the async data layer', (dialect) => {
  const clock = new ManualClock();
  let t: TestStore;
  let db: Db;
  let server: FeatureServer;
  let adminId: number;
  let candidateId: number;
  const closed: number[] = [];

  beforeAll(async () => {
    t = await openTestStore(dialect);
    db = t.store.db;
    const { users } = tablesOf(db);
    const user = (role: 'admin' | 'candidate', login: string) => ({ role, login, displayName: login, passwordHash: 'x', createdAt: clock.now() });
    const inserted = await db.insert(users).values([user('admin', 'Admin'), user('candidate', 'T0001')]).returning({ id: users.id });
    adminId = inserted[0]!.id;
    candidateId = inserted[1]!.id;
    const staff = createStaffService({ db, clock, logins: asyncLogins, accounts: staffAccounts, closeConnections: (userId) => closed.push(userId) });
    server = await startFeatureServer({
      users: {
        admin: { userId: adminId, role: 'admin', displayName: 'Admin', ticketNo: null, candidateId: null },
        proctor: { userId: 999, role: 'proctor', displayName: 'P', ticketNo: null, candidateId: null },
      },
      register: async (api) => {
        await api.register(staffRoutes, { prefix: '/admin', staff });
      },
    });
  });
  afterAll(async () => {
    await server?.close();
    await t?.close();
  });

  const call = (method: string, url: string, body?: unknown, who = 'admin') => server.http(method, `/api/admin${url}`, { cookie: server.cookie(who), body });
  const create = (login: string, role = 'proctor', displayName = login) => call('POST', '/staff', { login, displayName, role, password: 'long-enough-pw' });
  /** A live login of the user, as auth would have written it. */
  async function loginOf(userId: number, token: string) {
    const { authSessions } = tablesOf(db);
    await db.insert(authSessions).values({ tokenHash: token, userId, createdAt: clock.now(), expiresAt: clock.now() + 3_600_000 });
  }
  async function liveLogins(userId: number) {
    const { authSessions } = tablesOf(db);
    return (await db.select().from(authSessions).where(eq(authSessions.userId, userId))).length;
  }
  async function staffAudits() {
    const { auditLog } = tablesOf(db);
    return db.select({ action: auditLog.action, details: auditLog.detailsJson }).from(auditLog).where(like(auditLog.action, 'staff.%')).orderBy(asc(auditLog.id));
  }

  it('creates an account with a hashed password, lists staff only, and refuses a taken login in any case', async () => {
    const res = await create('li.proctor');
    expect(res.status).toBe(201);
    expect(res.json).toEqual({ id: expect.any(Number), login: 'li.proctor', displayName: 'li.proctor', role: 'proctor', createdAt: clock.now(), disabledAt: null });
    const { users } = tablesOf(db);
    const [row] = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, res.json.id));
    expect(await verifyPassword('long-enough-pw', row!.hash)).toBe(true);

    for (const taken of ['LI.PROCTOR', 'admin', 't0001']) {
      const refused = await create(taken, 'grader');
      expect(refused.status, taken).toBe(409);
      expect(refused.json.error).toMatchObject({ code: 'CONFLICT', key: 'staff.loginTaken' });
    }
    const list = await call('GET', '/staff');
    expect((list.json as StaffAccount[]).map((a) => a.login)).toEqual(['Admin', 'li.proctor']);
    expect((await call('GET', '/staff?role=grader')).json).toEqual([]);
    expect((await call('GET', '/staff', undefined, 'proctor')).status).toBe(403);
  });

  it('a role change ends the logins after commit and audits old and new; a new name alone does not', async () => {
    const [proctor] = (await call('GET', '/staff?role=proctor')).json as StaffAccount[];
    await loginOf(proctor!.id, 'tok-a');
    await loginOf(proctor!.id, 'tok-b');
    const renamed = await call('PATCH', `/staff/${proctor!.id}`, { displayName: '李监考' });
    expect(renamed.json).toMatchObject({ displayName: '李监考', role: 'proctor' });
    expect(await liveLogins(proctor!.id)).toBe(2);
    expect(closed).toEqual([]);

    const promoted = await call('PATCH', `/staff/${proctor!.id}`, { role: 'grader' });
    expect(promoted.json.role).toBe('grader');
    expect(await liveLogins(proctor!.id)).toBe(0);
    expect(closed).toEqual([proctor!.id]);
    const updated = (await staffAudits()).filter((a) => a.action === 'staff.updated').map((a) => JSON.parse(a.details));
    expect(updated.at(-1)).toEqual({ login: 'li.proctor', from: { role: 'proctor', displayName: '李监考' }, to: { role: 'grader', displayName: '李监考' }, logins: 2 });
  });

  it('keeps one active admin: no self-disable, no last-admin demotion; another admin can be disabled', async () => {
    const self = await call('PUT', `/staff/${adminId}/status`, { status: 'disabled' });
    expect(self.status).toBe(409);
    expect(self.json.error.key).toBe('staff.disableSelf');
    const second = (await create('admin.two', 'admin')).json as StaffAccount;
    await loginOf(second.id, 'tok-c');
    const off = await call('PUT', `/staff/${second.id}/status`, { status: 'disabled' });
    expect(off.status).toBe(200);
    expect(off.json.disabledAt).toBe(clock.now());
    expect(await liveLogins(second.id)).toBe(0);
    const n = (await staffAudits()).length;
    expect((await call('PUT', `/staff/${second.id}/status`, { status: 'disabled' })).status).toBe(200);
    expect((await staffAudits()).length).toBe(n);
    expect((await call('PUT', `/staff/${second.id}/status`, { status: 'active' })).json.disabledAt).toBeNull();
  });

  it('two admins disabling each other at once leave one active admin', async () => {
    const admins = ((await call('GET', '/staff?role=admin')).json as StaffAccount[]).filter((a) => a.disabledAt === null);
    expect(admins).toHaveLength(2);
    const [a, b] = admins as [StaffAccount, StaffAccount];
    const staff = createStaffService({ db, clock, logins: asyncLogins, accounts: staffAccounts, closeConnections: () => {} });
    const results = await Promise.allSettled([staff.setStatus(b.id, a.id, 'disabled'), staff.setStatus(a.id, b.id, 'disabled')]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(((await call('GET', '/staff?role=admin')).json as StaffAccount[]).filter((x) => x.disabledAt === null)).toHaveLength(1);
    for (const x of [a, b]) await staff.setStatus(a.id, x.id, 'active');
  });

  // PostgreSQL only: SQLite has one connection, where two transactions never overlap.
  if (dialect === 'pg') {
    it('waits for another connection disabling an admin before counting the admins left', async () => {
      const admins = ((await call('GET', '/staff?role=admin')).json as StaffAccount[]).filter((a) => a.disabledAt === null);
      const [a, b] = admins as [StaffAccount, StaffAccount];
      const staff = createStaffService({ db, clock, logins: asyncLogins, accounts: staffAccounts, closeConnections: () => {} });
      const other = new pg.Client({ connectionString: (t as { url: string }).url });
      await other.connect();
      try {
        await other.query('begin');
        await other.query('update users set disabled_at = $1 where id = $2', [clock.now(), a.id]);
        let settled = false;
        const disabling = staff.setStatus(a.id, b.id, 'disabled').finally(() => (settled = true));
        disabling.catch(() => undefined);
        // Without the row lock the count would not wait: it would see a still active and go on.
        const waiting = async () => (await other.query("select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'")).rows[0].n > 0;
        while (!settled && !(await waiting())) await new Promise((r) => setImmediate(r));
        expect(settled).toBe(false);
        await other.query('commit');
        await expect(disabling).rejects.toMatchObject({ detail: { key: 'staff.lastAdminDisable' } });
      } finally {
        await other.end();
      }
      await staff.setStatus(b.id, a.id, 'active');
      expect(((await call('GET', '/staff?role=admin')).json as StaffAccount[]).filter((x) => x.disabledAt === null)).toHaveLength(2);
    });
  }

  it('resets a password (ending the logins) and never touches candidates; nothing audited holds a password', async () => {
    const [grader] = (await call('GET', '/staff?role=grader')).json as StaffAccount[];
    await loginOf(grader!.id, 'tok-d');
    const reset = await call('PUT', `/staff/${grader!.id}/password`, { password: 'another-long-pw' });
    expect(reset.status).toBe(204);
    expect(await liveLogins(grader!.id)).toBe(0);
    const { users } = tablesOf(db);
    const [row] = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, grader!.id));
    expect(await verifyPassword('another-long-pw', row!.hash)).toBe(true);

    for (const [method, url, body] of [
      ['PATCH', `/staff/${candidateId}`, { role: 'admin' }],
      ['PUT', `/staff/${candidateId}/status`, { status: 'disabled' }],
      ['PUT', `/staff/${candidateId}/password`, { password: 'long-enough-pw' }],
    ] as const) {
      const res = await call(method, url, body);
      expect(res.status, url).toBe(404);
      expect(res.json.error.key).toBe('staff.noAccount');
    }
    const [candidate] = await db.select({ role: users.role, disabledAt: users.disabledAt }).from(users).where(eq(users.id, candidateId));
    expect(candidate).toEqual({ role: 'candidate', disabledAt: null });
    const audits = await staffAudits();
    expect(audits.map((a) => a.action)).toContain('staff.password_reset');
    expect(JSON.stringify(audits)).not.toMatch(/long-enough-pw|another-long-pw|scrypt/);
  });
});
