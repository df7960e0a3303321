import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { RoomRow } from '@shared/proctor.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userRoom } from '../../../server/src/core/socket.ts';
import { describeRedis, REDIS_URL } from '../../helpers/redis.ts';
import { TcpProxy } from '../../helpers/tcp-proxy.ts';
import { emit, nextEvent, TestExam, unwrap, type ClientSocket } from '../../helpers/test-exam.ts';

/**
 * Two app nodes sharing one Redis (docs/cluster.md §5). Each has its own SQLite file, seeded alike
 * so a person has the same user id on both: two nodes on one SQLite file is not a supported setup,
 * and what is tested here is the fan-out, not the data. Redis is reached through a TCP proxy, so
 * the test can cut it off and bring it back. Keys and stream are under a prefix of this run's own.
 */
// One store: what is under test is Redis between the nodes (each node has a database of its own); three-nodes.test.ts shares one PostgreSQL.
await describeRedis('two nodes on one Redis', () => {
  const prefix = `kc-test-${randomBytes(4).toString('hex')}`;
  const redisPort = Number(new URL(REDIS_URL).port || 6379);
  const admin = new Redis(REDIS_URL);
  admin.on('error', () => {});
  let proxy: TcpProxy;
  let a: TestExam;
  let b: TestExam;
  let nodeEnv: Record<string, string>;

  const health = async (t: TestExam) => (await t.http('GET', '/api/health')).json as { status: string; redis?: string };
  const until = async (ok: () => Promise<boolean>, ms = 20_000) => {
    const end = Date.now() + ms;
    while (!(await ok())) {
      if (Date.now() > end) throw new Error('condition not met in time');
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const disconnected = (s: ClientSocket) => new Promise<string>((resolve) => s.once('disconnect', (reason) => resolve(reason)));
  const userIdOf = async (t: TestExam, cookie: string) => (await t.http('GET', '/api/auth/me', { cookie })).json.userId as number;

  /** Until `to`'s socket hears what `from` sends to its user's room: a node reads the stream only from its first read on. */
  async function warmUp(from: TestExam, socket: ClientSocket, userId: number) {
    let arrived = false;
    const hear = () => (arrived = true);
    socket.on('clock:changed', hear);
    await until(async () => {
      from.app.io.to(userRoom(userId)).emit('clock:changed', { serverNow: 0 });
      return arrived;
    });
    socket.off('clock:changed', hear);
  }

  beforeAll(async () => {
    proxy = await TcpProxy.start([redisPort], { downMs: 0 });
    const url = new URL(REDIS_URL);
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    nodeEnv = { REDIS_URL: url.toString(), REDIS_PREFIX: prefix };
    a = await TestExam.start(nodeEnv);
    b = await TestExam.start(nodeEnv);
    await until(async () => (await health(a)).redis === 'ok' && (await health(b)).redis === 'ok');
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await proxy?.close();
    const keys = await admin.keys(`${prefix}*`);
    if (keys.length > 0) await admin.del(...keys);
    admin.disconnect();
  });

  it("a second login on node A ends the first login's connection on node B, and no one else's", async () => {
    const cookieB = await b.loginCandidate(0);
    const first = await b.socket(cookieB);
    const bystander = await b.socket(await b.loginCandidate(1));
    let bystanderReplaced = false;
    bystander.on('auth:replaced', () => (bystanderReplaced = true));
    const userId = await userIdOf(b, cookieB);
    await warmUp(a, first, userId);

    const replaced = nextEvent(first, 'auth:replaced', 15_000);
    const closed = disconnected(first);
    const cookieA = await a.loginCandidate(0);
    expect(await userIdOf(a, cookieA)).toBe(userId);
    const second = await a.socket(cookieA);
    expect(await replaced).toEqual({ reason: 'second-login' });
    expect(await closed).toBe('io server disconnect');
    expect(second.connected).toBe(true);
    expect(bystander.connected).toBe(true);
    expect(bystanderReplaced).toBe(false);
    // The login limit counted on Redis, where every node sees the same counter.
    expect(await admin.keys(`${prefix}:login-rate:*`)).not.toHaveLength(0);
  });

  it("logging out on node A closes that login's connections on node B, not the same person's other login", async () => {
    const loggingOut = await b.loginStaff('proctor');
    const staying = await b.loginStaff('proctor');
    const s1 = await b.socket(loggingOut);
    const s2 = await b.socket(staying);
    await warmUp(a, s1, await userIdOf(b, loggingOut));
    const closed = disconnected(s1);
    expect((await a.http('POST', '/api/auth/logout', { cookie: loggingOut })).status).toBe(204);
    expect(await closed).toBe('io server disconnect');
    expect(s2.connected).toBe(true);
  });

  // Sockets keep the login read at their handshake (issue #19): an account's change must reach them as a push.
  it("disabling an account or changing its role on node A closes that account's connections on node B", async () => {
    const admin = await a.loginStaff('admin');
    const graderCookie = await b.loginStaff('grader');
    const proctorCookie = await b.loginStaff('proctor');
    const [grader, proctor] = [await b.socket(graderCookie), await b.socket(proctorCookie)];
    const [graderId, proctorId] = [await userIdOf(b, graderCookie), await userIdOf(b, proctorCookie)];
    await warmUp(a, grader, graderId);
    const closed = [disconnected(grader), disconnected(proctor)];
    expect((await a.http('PUT', `/api/admin/staff/${graderId}/status`, { cookie: admin, body: { status: 'disabled' } })).status).toBe(200);
    expect((await a.http('PATCH', `/api/admin/staff/${proctorId}`, { cookie: admin, body: { role: 'grader' } })).status).toBe(200);
    expect(await Promise.all(closed)).toEqual(['io server disconnect', 'io server disconnect']);
    // Node A's accounts as they were (each node has its own database here).
    expect((await a.http('PUT', `/api/admin/staff/${graderId}/status`, { cookie: admin, body: { status: 'active' } })).status).toBe(200);
    expect((await a.http('PATCH', `/api/admin/staff/${proctorId}`, { cookie: admin, body: { role: 'proctor' } })).status).toBe(200);
  });

  it('acks starts, saves and logins while Redis is cut off, says so in health, and fans out again once it is back', async () => {
    const cookie = await a.loginCandidate(1);
    const socket = await a.socket(cookie);
    proxy.remove(redisPort, { cut: true });
    await until(async () => (await health(a)).redis === 'down');

    const view = unwrap(await emit(socket, 'session:start', { sittingPartId: a.exam.theoryPartId }));
    const item = view.items[0]!;
    const saved = unwrap(await emit(socket, 'answer:save', { sessionId: view.sessionId, itemId: item.id, response: { choices: [item.options[0]!.id] }, flagged: false, changeId: 'during-outage' }));
    expect(saved).toMatchObject({ sessionId: view.sessionId, changeId: 'during-outage' });
    expect(await a.one('select count(*) n from answers where session_id = ?', [view.sessionId])).toEqual({ n: 1 });
    // The login limit's counter does not answer: the login goes through rather than being refused.
    await a.loginStaff('admin');
    const during = await a.http('GET', '/api/health');
    expect(during.status).toBe(200);
    expect(during.json).toMatchObject({ database: 'ok', redis: 'down' });
    expect(during.json.status).not.toBe('error');

    proxy.add(redisPort);
    await until(async () => (await health(a)).redis === 'ok' && (await health(b)).redis === 'ok');
    const grader = await b.loginStaff('grader');
    await warmUp(a, await b.socket(grader), await userIdOf(b, grader));
  });

  it('counts login attempts on Redis, so the limit holds across nodes', async () => {
    const strict = { ...nodeEnv, LOGIN_RATE_MAX: '2' };
    const [c, d] = [await TestExam.start(strict), await TestExam.start(strict)];
    try {
      // The limit's client has no offline queue: counted only once connected (before, logins pass uncounted).
      await until(async () => (await health(c)).redis === 'ok' && (await health(d)).redis === 'ok');
      const attempt = (t: TestExam) => t.http('POST', '/api/auth/staff/login', { body: { username: `nobody-${prefix}`, password: 'wrong' } });
      expect((await attempt(c)).status).toBe(401);
      expect((await attempt(d)).status).toBe(401);
      // The third attempt within the window, on either node, is refused.
      expect((await attempt(c)).status).toBe(429);
      expect((await attempt(d)).status).toBe(429);
    } finally {
      await c.close();
      await d.close();
    }
  });
  describe('presence and grid rows across nodes', () => {
    const ROOM = '测试考场';
    let proxyC: TcpProxy;
    let pa: TestExam;
    let pb: TestExam;
    let pc: TestExam;
    let proctor: ClientSocket;

    /** The next grid row of a ticket that `ok` accepts, pushed to this proctor's console. */
    const rowWhere = (ticketNo: string, ok: (row: RoomRow) => boolean) =>
      new Promise<RoomRow>((resolve, reject) => {
        const timer = setTimeout(() => (proctor.off('proctor:row', on), reject(new Error(`no matching row of ${ticketNo}`))), 15_000);
        const on = (row: RoomRow) => {
          if (row.ticketNo !== ticketNo || !ok(row)) return;
          clearTimeout(timer);
          proctor.off('proctor:row', on);
          resolve(row);
        };
        proctor.on('proctor:row', on);
      });

    beforeAll(async () => {
      // A prefix of their own, so the two nodes above and their candidates stay out of these counts.
      const env: Record<string, string> = { ...nodeEnv, REDIS_PREFIX: `${prefix}-presence`, REDIS_PRESENCE_SNAPSHOT_MS: '200' };
      proxyC = await TcpProxy.start([redisPort], { downMs: 0 });
      const viaC = new URL(nodeEnv.REDIS_URL!);
      viaC.port = String(proxyC.port);
      pa = await TestExam.start(env);
      pb = await TestExam.start(env);
      pc = await TestExam.start({ ...env, REDIS_URL: viaC.toString() });
      const cookie = await pa.loginStaff('proctor');
      proctor = await pa.socket(cookie);
      unwrap(await emit(proctor, 'proctor:watch', { sittingId: pa.exam.sittingId, room: ROOM, sittingPartId: pa.exam.theoryPartId }));
      const userId = await userIdOf(pa, cookie);
      await warmUp(pb, proctor, userId);
      await warmUp(pc, proctor, userId);
    });
    afterAll(async () => {
      await pa?.close();
      await pb?.close();
      await pc?.close();
      await proxyC?.close();
    });

    it("a proctor on node A sees the live row and the presence of a candidate connected to node B", async () => {
      const cookie = await pb.loginCandidate(0);
      const userId = await userIdOf(pb, cookie);
      const started = rowWhere('T0001', (r) => r.status === 'in_progress');
      const socket = await pb.socket(cookie);
      const view = unwrap(await emit(socket, 'session:start', { sittingPartId: pb.exam.theoryPartId }));
      // Node A has no connection of this candidate: its console learnt it from B's row and presence.
      expect(await started).toMatchObject({ sessionId: view.sessionId, status: 'in_progress' });
      await until(async () => pa.app.proctor.presenceOf(userId) === 1);

      const gone = rowWhere('T0001', (r) => r.status === 'disconnected');
      socket.disconnect();
      expect((await gone).lastSeen).not.toBeNull();
      await until(async () => pa.app.proctor.presenceOf(userId) === 0);
    });

    it("pushes a candidate's row again, newer, when another node's change reaches the node the candidate is connected to", async () => {
      const cookie = await pa.loginCandidate(0);
      const userId = await userIdOf(pa, cookie);
      // (Each node has its own database here: on A this candidate has not started.)
      const here = rowWhere('T0001', (r) => r.lastSeen !== null);
      await pa.socket(cookie);
      const first = await here;
      expect(first.version).toEqual(expect.any(Number));
      // Another node says the candidate connected there too (a page moving node); its own row may
      // have been made before it heard of A's connection, so A pushes one made after.
      const seenThere = Date.now() + 86_400_000;
      const again = rowWhere('T0001', (r) => r.lastSeen === seenThere);
      pb.app.io.serverSideEmit('presence', 'a-moving-page', 'change', [[userId, 1, seenThere]]);
      expect((await again).version).toBeGreaterThanOrEqual(first.version!);
    });

    it('drops a node that stops publishing from the merged count, its candidate still connected there', async () => {
      const cookie = await pc.loginCandidate(1);
      const userId = await userIdOf(pc, cookie);
      const socket = await pc.socket(cookie);
      await until(async () => pa.app.proctor.presenceOf(userId) === 1 && pb.app.proctor.presenceOf(userId) === 1);

      proxyC.remove(redisPort, { cut: true });
      await until(async () => pa.app.proctor.presenceOf(userId) === 0 && pb.app.proctor.presenceOf(userId) === 0);
      expect(socket.connected).toBe(true);
      expect(pc.app.proctor.presenceOf(userId)).toBe(1);
    });
  });

  /** A port nothing listens on (Redis refuses), or a server that accepts and never answers (Redis hung). */
  async function unreachableRedis(kind: 'refusing' | 'silent'): Promise<{ url: string; close: () => Promise<void> }> {
    const server = net.createServer(() => {});
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    const stop = () => new Promise<void>((resolve) => server.close(() => resolve()));
    if (kind === 'refusing') await stop();
    const held: net.Socket[] = [];
    server.on('connection', (s) => held.push(s));
    return { url: `redis://127.0.0.1:${port}`, close: kind === 'refusing' ? async () => {} : async () => (held.forEach((s) => s.destroy()), stop()) };
  }

  it.each(['refusing', 'silent'] as const)("starts and serves with Redis %s from the first moment, its own sockets' events not held", async (kind) => {
    const redis = await unreachableRedis(kind);
    const alone = await TestExam.start({ REDIS_URL: redis.url, REDIS_PREFIX: prefix });
    try {
      const first = await alone.socket(await alone.loginCandidate(0));
      const view = unwrap(await emit(first, 'session:start', { sittingPartId: alone.exam.theoryPartId }));
      expect(view.status).toBe('in_progress');
      // A room emit and disconnect on this node reach this node's sockets without Redis.
      const replaced = nextEvent(first, 'auth:replaced');
      const closed = disconnected(first);
      await alone.socket(await alone.loginCandidate(0));
      expect(await replaced).toEqual({ reason: 'second-login' });
      expect(await closed).toBe('io server disconnect');
      const h = await alone.http('GET', '/api/health');
      expect(h.status).toBe(200);
      expect(h.json.redis).toBe('down');
    } finally {
      await alone.close();
      await redis.close();
    }
  });
});
