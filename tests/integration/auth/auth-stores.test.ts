import { afterAll, beforeAll, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import pg from 'pg';
import { asc, eq, like } from 'drizzle-orm';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { connect } from 'socket.io-client';
import { clockPingSchema } from '@shared/events.ts';
import { ManualClock } from '../../../server/src/core/clock.ts';
import type { Config } from '../../../server/src/core/config.ts';
import { tablesOf, type Db } from '../../../server/src/core/db/store.ts';
import { registerErrorHandling } from '../../../server/src/core/error-handler.ts';
import { handle, listenOnEach } from '../../../server/src/core/socket-handler.ts';
import { socketPlugin, tokenRoom, userRoom, type AppSocket } from '../../../server/src/core/socket.ts';
import { enforceDeclaredAccess } from '../../../server/src/features/auth/access.ts';
import { createAuthService, type AuthService } from '../../../server/src/features/auth/auth-service.ts';
import { authGuardPlugin } from '../../../server/src/features/auth/guard.ts';
import { asyncLogins } from '../../../server/src/features/auth/logins.ts';
import { createCandidates } from '../../../server/src/features/tickets/candidates.ts';
import { staffAccounts } from '../../../server/src/features/auth/staff-accounts.ts';
import { hashPassword } from '../../../server/src/features/auth/passwords.ts';
import { authRoutes } from '../../../server/src/features/auth/routes.ts';
import { staffRoutes } from '../../../server/src/features/staff/routes.ts';
import { createStaffService } from '../../../server/src/features/staff/staff-service.ts';
import { emit, type ClientSocket } from '../../helpers/test-exam.ts';
import { describeStores, openTestStore, type TestStore } from '../../helpers/stores.ts';

const TTL_MS = 12 * 3_600_000;
const PASSWORD = 'long-enough-pw';

/**
 * The auth feature on the async data layer (issue #16, step 2) on each store of the matrix, with its
 * real guard, routes and the app's socket handshake: logins, wrong passwords, logout, a moved
 * candidate's revoked logins, expiry on the injected clock, a second login, and the staff changes
 * that end logins. Sockets keep the login read at the handshake (issue #19), so each way a login
 * ends is checked to close its connections and to refuse the next event and the next handshake.
 */
await describeStores('auth on the async data layer', (dialect) => {
  const clock = new ManualClock();
  let t: TestStore;
  let db: Db;
  let app: FastifyInstance;
  let auth: AuthService;
  let baseUrl: string;
  const ids: Record<string, number> = {};
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    t = await openTestStore(dialect);
    db = t.store.db;
    const { users } = tablesOf(db);
    const passwordHash = await hashPassword(PASSWORD);
    const account = (role: 'admin' | 'proctor' | 'candidate', login: string) => ({ role, login, displayName: `${login} name`, passwordHash, createdAt: clock.now() });
    const rows = await db
      .insert(users)
      .values([account('admin', 'admin'), account('proctor', 'p.disabled'), account('proctor', 'p.rerole'), account('candidate', 'T0001'), account('candidate', 'T0002'), account('candidate', 'T0003')])
      .returning({ id: users.id, login: users.login });
    for (const r of rows) ids[r.login] = r.id;

    app = Fastify({ logger: false });
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    registerErrorHandling(app);
    await app.register(cookie);
    enforceDeclaredAccess(app, { exempt: () => false });
    auth = createAuthService({ db, clock, sessionTtlMs: TTL_MS, candidateOf: (on, userId) => createCandidates(on).ofUser(userId) });
    await app.register(authGuardPlugin, { auth });
    await app.register(socketPlugin, { auth, clock, allowedOrigins: [], recheckMs: 200 });
    const ctx = { log: app.log, isAuthorised: app.isSocketAuthorised };
    listenOnEach(app.io, { 'clock:ping': handle(ctx, { event: 'clock:ping', roles: ['candidate', 'proctor', 'admin'], schema: clockPingSchema }, (_s, p) => ({ clientSentAt: p.clientSentAt, serverNow: clock.now() })) });
    // Wired as in app.ts: ending an account's logins closes the user's connections on every node.
    const staff = createStaffService({ db, clock, logins: asyncLogins, accounts: staffAccounts, closeConnections: (userId) => app.io.in(userRoom(userId)).disconnectSockets(true) });
    const config = { sessionTtlMs: TTL_MS, cookieSecure: false, loginRate: { max: 1000, windowMs: 60_000 } } as Config;
    await app.register(
      async (api) => {
        await api.register(authRoutes, { prefix: '/auth', auth, config });
        await api.register(staffRoutes, { prefix: '/admin', staff });
      },
      { prefix: '/api' },
    );
    await app.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.address();
    if (!addr || typeof addr === 'string') throw new Error('no address');
    baseUrl = `http://127.0.0.1:${addr.port}`;
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await app?.close();
    await t?.close();
  });

  async function http(method: string, url: string, opts: { cookie?: string; body?: unknown } = {}) {
    const res = await fetch(baseUrl + url, {
      method,
      headers: { ...(opts.cookie ? { cookie: opts.cookie } : {}), ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : null, setCookie: res.headers.get('set-cookie') };
  }
  async function login(login: string, password = PASSWORD): Promise<string> {
    const staff = !login.startsWith('T');
    const res = await http('POST', staff ? '/api/auth/staff/login' : '/api/auth/candidate/login', { body: staff ? { username: login, password } : { ticketNo: login, password } });
    expect(res.status, `login ${login}`).toBe(200);
    return res.setCookie!.split(';')[0]!;
  }
  /** Resolves 'connected' or the handshake's refusal. */
  async function open(cookieHeader: string): Promise<{ socket: ClientSocket; outcome: string }> {
    const socket = connect(baseUrl, { transports: ['websocket'], extraHeaders: { cookie: cookieHeader }, reconnection: false, forceNew: true });
    sockets.push(socket);
    const outcome = await new Promise<string>((resolve) => {
      socket.once('connect', () => resolve('connected'));
      socket.once('connect_error', (err) => resolve(err.message));
    });
    return { socket, outcome };
  }
  async function connected(cookieHeader: string): Promise<ClientSocket> {
    const { socket, outcome } = await open(cookieHeader);
    expect(outcome).toBe('connected');
    return socket;
  }
  /** A connection outside the store (its own SQLite handle, its own PostgreSQL client): it sees only what is committed. */
  async function openWitness(): Promise<{ sessionRows(userId: number): Promise<number>; close(): Promise<void> }> {
    const text = 'select count(*) as n from auth_sessions where user_id = ';
    if (t.dialect === 'sqlite') {
      const witness = new Database(t.file, { readonly: true });
      return { sessionRows: async (userId) => Number((witness.prepare(`${text}?`).get(userId) as { n: number }).n), close: async () => void witness.close() };
    }
    const witness = new pg.Client({ connectionString: t.url });
    await witness.connect();
    return { sessionRows: async (userId) => Number((await witness.query<{ n: string }>(`${text}$1`, [userId])).rows[0]!.n), close: () => witness.end() };
  }
  const ping = (s: ClientSocket) => emit(s, 'clock:ping', { clientSentAt: 1 });
  const closedByServer = (s: ClientSocket) =>
    new Promise<string>((resolve) => {
      if (!s.connected) return resolve('already closed');
      s.once('disconnect', (reason) => resolve(reason));
    });
  async function sessionsOf(userId: number) {
    const { authSessions } = tablesOf(db);
    return db.select({ expiresAt: authSessions.expiresAt }).from(authSessions).where(eq(authSessions.userId, userId));
  }
  async function audits(prefix: string) {
    const { auditLog } = tablesOf(db);
    return db.select({ action: auditLog.action, actor: auditLog.actorUserId, entityId: auditLog.entityId, details: auditLog.detailsJson }).from(auditLog).where(like(auditLog.action, `${prefix}%`)).orderBy(asc(auditLog.id));
  }

  it('logs in with a cookie that lasts the session TTL, knows who it is, and writes the login with its audit entry', async () => {
    const c = await login('T0001');
    const me = await http('GET', '/api/auth/me', { cookie: c });
    expect(me.json).toEqual({ userId: ids.T0001, role: 'candidate', displayName: 'T0001 name', ticketNo: null });
    expect(await sessionsOf(ids.T0001!)).toEqual([{ expiresAt: clock.now() + TTL_MS }]);
    expect((await audits('auth.login')).filter((a) => a.action === 'auth.login').at(-1)).toMatchObject({ actor: ids.T0001, entityId: String(ids.T0001) });
    expect(await auth.hasLiveLogin(ids.T0001!)).toBe(true);
    expect(await auth.hasLiveLogin(ids.T0002!)).toBe(false);
    expect(await auth.namesOf([ids.T0001!, ids.admin!, ids.T0001!])).toEqual(new Map([[ids.T0001!, 'T0001 name (T0001)'], [ids.admin!, 'admin name (admin)']]));
    expect(await ping(await connected(c))).toMatchObject({ ok: true });
  });

  it('refuses a wrong password, an unknown login and the wrong form alike, and audits each failure', async () => {
    const before = (await audits('auth.login_failed')).length;
    const tries = [
      http('POST', '/api/auth/staff/login', { body: { username: 'admin', password: 'wrong-password' } }),
      http('POST', '/api/auth/staff/login', { body: { username: 'nobody', password: PASSWORD } }),
      http('POST', '/api/auth/staff/login', { body: { username: 'T0001', password: PASSWORD } }),
      http('POST', '/api/auth/candidate/login', { body: { ticketNo: 'admin', password: PASSWORD } }),
    ];
    for (const res of await Promise.all(tries)) {
      expect(res.status).toBe(401);
      expect(res.json.error).toMatchObject({ code: 'UNAUTHENTICATED', key: 'auth.wrongLogin' });
      expect(res.setCookie).toBeNull();
    }
    expect((await audits('auth.login_failed')).length).toBe(before + 4);
    expect((await open('kc_session=not-a-token')).outcome).toBe('UNAUTHENTICATED');
    expect((await open('')).outcome).toBe('UNAUTHENTICATED');
  });

  it('registers an applicant once: the same login in another case, or twice at once, is taken', async () => {
    const body = (username: string) => ({ username, password: PASSWORD, displayName: '报名人' });
    const [a, b] = await Promise.all([http('POST', '/api/auth/applicant/register', { body: body('zhang.san') }), http('POST', '/api/auth/applicant/register', { body: body('zhang.san') })]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect([a, b].find((r) => r.status === 409)!.json.error).toMatchObject({ code: 'CONFLICT', key: 'auth.loginTaken' });
    expect((await http('POST', '/api/auth/applicant/register', { body: body('ZHANG.SAN') })).status).toBe(409);
    const { users } = tablesOf(db);
    expect(await db.select({ role: users.role }).from(users).where(like(users.login, '%zhang%'))).toEqual([{ role: 'applicant' }]);
    expect((await audits('applicant.registered')).length).toBe(1);
  });

  // PostgreSQL only: SQLite has one connection, where two transactions never overlap.
  if (dialect === 'pg') {
    it('answers 409 when the same login commits on another connection after the registration checked it', async () => {
      const other = new pg.Client({ connectionString: (t as { url: string }).url });
      await other.connect();
      try {
        await other.query('begin');
        await other.query("insert into users (role, login, display_name, password_hash, created_at) values ('applicant', 'Li.Race', 'x', 'x', 0)");
        let settled = false;
        const registering = http('POST', '/api/auth/applicant/register', { body: { username: 'li.race', password: PASSWORD, displayName: '报名人' } }).finally(() => (settled = true));
        // The check cannot see the uncommitted row; the insert waits on the unique index.
        const waiting = async () => (await other.query("select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'")).rows[0].n > 0;
        while (!settled && !(await waiting())) await new Promise((r) => setTimeout(r, 5));
        expect(settled).toBe(false);
        await other.query('commit');
        const res = await registering;
        expect(res.status).toBe(409);
        expect(res.json.error).toMatchObject({ code: 'CONFLICT', key: 'auth.loginTaken' });
      } finally {
        await other.end();
      }
    });
  }

  it('ends a login on logout: its sockets close, its next handshake is refused, the same person’s other login stays', async () => {
    const leaving = await login('T0002');
    const staying = await login('T0002');
    const leavingSocket = await connected(leaving);
    const stayingSocket = await connected(staying);
    const closed = closedByServer(leavingSocket);
    expect((await http('POST', '/api/auth/logout', { cookie: leaving })).status).toBe(204);
    expect(await closed).toBe('io server disconnect');
    expect((await http('GET', '/api/auth/me', { cookie: leaving })).status).toBe(401);
    expect((await open(leaving)).outcome).toBe('UNAUTHENTICATED');
    expect(await ping(stayingSocket)).toMatchObject({ ok: true });
    expect((await sessionsOf(ids.T0002!)).length).toBe(1);
    const token = (c: string) => c.split('=')[1]!;
    expect(await auth.liveTokens([token(leaving), token(staying), 'not-a-token'])).toEqual(new Set([token(staying)]));
    expect((await audits('auth.logout')).at(-1)).toMatchObject({ actor: ids.T0002 });
  });

  it("revokes every login of a moved candidate: the user's sockets close and no handshake is admitted", async () => {
    const first = await login('T0003');
    const second = await login('T0003');
    const a = await connected(first);
    const b = await connected(second);
    const changed: number[] = [];
    const stop = auth.onLoginsChanged((userId) => changed.push(userId));
    const closed = [closedByServer(a), closedByServer(b)];
    expect(await auth.revokeAll(ids.T0003!, ids.admin!, 'moved to seat 12')).toBe(2);
    stop();
    // What the proctor console does after revoking (proctor-service closeConnections): a room operation.
    app.io.in(userRoom(ids.T0003!)).disconnectSockets(true);
    expect(await Promise.all(closed)).toEqual(['io server disconnect', 'io server disconnect']);
    expect(changed).toEqual([ids.T0003]);
    expect(await sessionsOf(ids.T0003!)).toEqual([]);
    for (const c of [first, second]) expect((await open(c)).outcome).toBe('UNAUTHENTICATED');
    expect((await audits('auth.revoked')).at(-1)).toMatchObject({ actor: ids.admin, entityId: String(ids.T0003), details: JSON.stringify({ reason: 'moved to seat 12', logins: 2 }) });
  });

  it('refuses the first event after the login expired on the injected clock, and closes that connection', async () => {
    const start = clock.now();
    const c = await login('T0001');
    const socket = await connected(c);
    clock.set(start + TTL_MS - 1);
    expect(await ping(socket)).toMatchObject({ ok: true });
    clock.set(start + TTL_MS);
    const closed = closedByServer(socket);
    // The event is refused; or, if the periodic recheck came first, the connection is already closed.
    const reply = await Promise.race([ping(socket).catch(() => 'no reply'), closed]);
    if (typeof reply !== 'string') expect(reply).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED', key: 'auth.loginEnded' } });
    expect(await closed).toBe('io server disconnect');
    expect((await open(c)).outcome).toBe('UNAUTHENTICATED');
    expect((await http('GET', '/api/auth/me', { cookie: c })).status).toBe(401);
    expect(await auth.hasLiveLogin(ids.T0001!)).toBe(false);
    // The next login sweeps expired rows (at most once a minute).
    clock.advance(60_001);
    await login('T0002');
    const { authSessions } = tablesOf(db);
    expect((await db.select({ expiresAt: authSessions.expiresAt }).from(authSessions)).every((s) => s.expiresAt > clock.now())).toBe(true);
  });

  it('answers concurrent logins (sharing commits) each with its own login, durable when answered, with its audit entry', async () => {
    const { users } = tablesOf(db);
    const admission = await hashPassword(PASSWORD, 'admission');
    const tickets = Array.from({ length: 24 }, (_, i) => `T9${String(i).padStart(3, '0')}`);
    const rows = await db.insert(users).values(tickets.map((login) => ({ role: 'candidate' as const, login, displayName: login, passwordHash: admission, createdAt: clock.now() }))).returning({ id: users.id, login: users.login });
    const before = (await audits('auth.login')).filter((a) => a.action === 'auth.login').length;
    // Each login's answer is checked against a connection of its own, outside the store: what it sees is committed.
    const witness = await openWitness();
    try {
      const seen = await Promise.all(
        rows.map(async (r) => {
          const res = await http('POST', '/api/auth/candidate/login', { body: { ticketNo: r.login, password: PASSWORD } });
          expect(res.status).toBe(200);
          const token = res.setCookie!.split(';')[0]!.split('=')[1]!;
          return { id: r.id, token, committed: await witness.sessionRows(r.id), me: (await http('GET', '/api/auth/me', { cookie: `kc_session=${token}` })).json as { userId: number } };
        }),
      );
      for (const s of seen) {
        expect(s.committed).toBe(1);
        expect(s.me.userId).toBe(s.id);
      }
      expect(new Set(seen.map((s) => s.token)).size).toBe(rows.length);
      const entries = (await audits('auth.login')).filter((a) => a.action === 'auth.login');
      expect(entries.length).toBe(before + rows.length);
      expect(new Set(entries.slice(before).map((a) => a.actor))).toEqual(new Set(rows.map((r) => r.id)));
    } finally {
      await witness.close();
    }
  });

  it('makes no login for an account disabled while its password was being checked', async () => {
    const { users, authSessions } = tablesOf(db);
    const [row] = await db.insert(users).values({ role: 'proctor', login: 'p.midcheck', displayName: 'p.midcheck', passwordHash: await hashPassword(PASSWORD), createdAt: clock.now() }).returning({ id: users.id });
    const attempt = auth.login('staff', 'p.midcheck', PASSWORD, '127.0.0.1').then(
      () => 'logged in',
      (err: { detail?: { key?: string } }) => err.detail?.key,
    );
    // Committed while scrypt runs on the thread pool (or even before the account was read: either way, no login).
    await db.update(users).set({ disabledAt: clock.now() }).where(eq(users.id, row!.id));
    expect(await attempt).toBe('auth.wrongLogin');
    expect(await db.select().from(authSessions).where(eq(authSessions.userId, row!.id))).toEqual([]);
  });

  it('a second login replaces the first one’s connection through the token rooms; the second goes on', async () => {
    const first = await login('T0001');
    const firstSocket = await connected(first);
    const second = await login('T0001');
    const secondSocket = await connected(second);
    // What the proctor console does when a candidate connects with another login (closeConnections).
    const replaced = new Promise((resolve) => firstSocket.once('auth:replaced', resolve));
    const closed = closedByServer(firstSocket);
    const others = app.io.in(userRoom(ids.T0001!)).except(tokenRoom(second.split('=')[1]!));
    others.emit('auth:replaced', { reason: 'second-login' });
    others.disconnectSockets(true);
    expect(await replaced).toEqual({ reason: 'second-login' });
    expect(await closed).toBe('io server disconnect');
    expect(await ping(secondSocket)).toMatchObject({ ok: true });
  });

  it('closes the connections of a disabled account and of one whose role changed; neither logs in again on the old terms', async () => {
    const admin = await login('admin');
    const disabled = await login('p.disabled');
    const reroled = await login('p.rerole');
    const disabledSocket = await connected(disabled);
    const reroledSocket = await connected(reroled);
    const adminSocket = await connected(admin);
    const closed = [closedByServer(disabledSocket), closedByServer(reroledSocket)];
    expect((await http('PUT', `/api/admin/staff/${ids['p.disabled']}/status`, { cookie: admin, body: { status: 'disabled' } })).status).toBe(200);
    expect((await http('PATCH', `/api/admin/staff/${ids['p.rerole']}`, { cookie: admin, body: { role: 'grader' } })).status).toBe(200);
    expect(await Promise.all(closed)).toEqual(['io server disconnect', 'io server disconnect']);
    expect((await open(disabled)).outcome).toBe('UNAUTHENTICATED');
    expect((await open(reroled)).outcome).toBe('UNAUTHENTICATED');
    expect((await http('POST', '/api/auth/staff/login', { body: { username: 'p.disabled', password: PASSWORD } })).status).toBe(401);
    const again = await login('p.rerole');
    expect((await http('GET', '/api/auth/me', { cookie: again })).json).toMatchObject({ role: 'grader' });
    expect(await ping(adminSocket)).toMatchObject({ ok: true });
  });

  it('closes, on the periodic recheck, a connection whose login ended without a push reaching this node', async () => {
    const c = await login('T0002');
    const socket = await connected(c);
    const closed = closedByServer(socket);
    // As if the end had happened on another node while Redis was away: the rows go, no push comes.
    expect(await asyncLogins.endAll(db, ids.T0002!)).toBeGreaterThan(0);
    expect(await closed).toBe('io server disconnect');
    expect((await open(c)).outcome).toBe('UNAUTHENTICATED');
  });
});
