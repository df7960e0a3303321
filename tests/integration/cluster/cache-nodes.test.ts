import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import type { FastifyInstance } from 'fastify';
import { defaultSebOptions } from '@shared/seb.ts';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../../server/src/app.ts';
import { CACHE_FALLBACK_TTL_MS } from '../../../server/src/core/cache-bus.ts';
import { ManualClock } from '../../../server/src/core/clock.ts';
import { loadConfig } from '../../../server/src/core/config.ts';
import { openPgStore } from '../../../server/src/core/db/pg-store.ts';
import { tablesOf, type Store } from '../../../server/src/core/db/store.ts';
import type { SessionUser } from '../../../server/src/core/session-user.ts';
import { seedExam, type SeededExam } from '../../../server/src/features/demo/seed.ts';
import { loadBankFile } from '../../../server/src/features/banks/load-bank.ts';
import { DEFAULT_SETTINGS } from '../../../server/src/features/proctor/proctor-rules.ts';
import { describeRedis, REDIS_URL } from '../../helpers/redis.ts';
import { openTestStore, type TestStore } from '../../helpers/stores.ts';
import { TcpProxy } from '../../helpers/tcp-proxy.ts';
import { CANDIDATES, fixture, STAFF, TEST_BLUEPRINT } from '../../helpers/test-exam.ts';

/**
 * Per-node caches across two nodes (docs/cluster.md §5, "Caches across nodes"): two apps on one
 * PostgreSQL database and one Redis, each reaching Redis through a proxy of its own so one node's
 * link can be cut. A change made through node A is seen by node B at once while Redis carries the
 * bus's message, and within CACHE_FALLBACK_TTL_MS while B's link is down. Nothing here times:
 * each wait polls until the change shows, with a generous limit.
 */
await describeRedis('caches across two nodes on PostgreSQL and Redis', () => {
  const prefix = `kc-test-${randomBytes(4).toString('hex')}`;
  const redisPort = Number(new URL(REDIS_URL).port || 6379);
  const clock = new ManualClock();
  const dirs: string[] = [];
  let t: TestStore;
  let storeB: Store;
  let exam: SeededExam;
  let proxies: TcpProxy[] = [];
  let a: FastifyInstance;
  let b: FastifyInstance;
  let admin: SessionUser;

  async function node(store: Store, proxy: TcpProxy): Promise<FastifyInstance> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-cache-node-'));
    dirs.push(dir);
    const url = new URL(REDIS_URL);
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    const env = { NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', SEED_DEMO: 'false', REDIS_URL: url.toString(), REDIS_PREFIX: prefix };
    const app = await buildApp({ config: loadConfig(env), clock, store, clientDir: path.join(dir, 'no-client') });
    await app.listen({ port: 0, host: '127.0.0.1' });
    return app;
  }

  const until = async (ok: () => Promise<boolean>, ms = 20_000) => {
    const end = Date.now() + ms;
    while (!(await ok())) {
      if (Date.now() > end) throw new Error('condition not met in time');
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const redisOk = (app: FastifyInstance) => async () => (await app.inject({ method: 'GET', url: '/api/health' })).json<{ redis?: string }>().redis === 'ok';
  /** Until B hears what A sends on the bus: a node reads the stream only from its first read on. */
  async function warmUp() {
    let heard = false;
    b.io.on('cache', (topic) => topic === 'test.warm-up' && (heard = true));
    await until(async () => {
      a.io.serverSideEmit('cache', 'test.warm-up', null);
      return heard;
    });
  }

  beforeAll(async () => {
    t = await openTestStore('pg');
    if (t.dialect !== 'pg') throw new Error('PostgreSQL only');
    storeB = await openPgStore({ url: t.url, poolMax: 4 });
    exam = await seedExam(t.store.db, clock, {
      planTitle: '测试计划',
      sittingName: '测试场次',
      paperTitle: '测试试卷',
      bank: loadBankFile(fixture('small-bank.yaml')).items,
      blueprint: TEST_BLUEPRINT,
      paperSeed: 'test-seed',
      startsAt: clock.now(),
      room: '测试考场',
      staff: STAFF,
      candidates: CANDIDATES,
    });
    proxies = [await TcpProxy.start([redisPort], { downMs: 0 }), await TcpProxy.start([redisPort], { downMs: 0 })];
    a = await node(t.store, proxies[0]!);
    b = await node(storeB, proxies[1]!);
    await until(async () => (await redisOk(a)()) && (await redisOk(b)()));
    await warmUp();
    const { users } = tablesOf(t.store.db);
    const [row] = await t.store.db.select({ id: users.id }).from(users).where(eq(users.login, 'admin'));
    admin = { userId: row!.id, role: 'admin', displayName: 'Admin', ticketNo: null, candidateId: null };
  }, 60_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    for (const p of proxies) await p.close();
    await storeB?.close();
    await t?.close();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
    const redis = new Redis(REDIS_URL);
    redis.on('error', () => {});
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  const room = { sittingId: 0, room: '测试考场' };
  const textPasteOn = async (app: FastifyInstance) => (await app.proctor.examRules(exam.sittingId)).textPaste;

  it("a room's settings saved on node A reach node B's console and exam rules at once", async () => {
    expect(await textPasteOn(b)).toBe('block'); // cached on B
    await a.proctor.setSettings(admin, { ...room, sittingId: exam.sittingId }, { ...DEFAULT_SETTINGS, textPaste: 'allow' }, 'open book');
    await until(async () => (await textPasteOn(b)) === 'allow');
  });

  it("a candidate's seating changed on node A is followed by node B's console", async () => {
    const { users, candidates } = tablesOf(t.store.db);
    const [proctor] = await t.store.db.select({ id: users.id }).from(users).where(eq(users.login, 'proctor'));
    const [candidate] = await t.store.db.select({ id: candidates.id }).from(candidates).where(eq(candidates.ticketNo, CANDIDATES[0]!.ticketNo));
    expect(await b.proctor.watches(proctor!.id, candidate!.id)).toBe(true); // cached on B, in the proctor's room
    // What a seat move does (planning), then its announcement on A.
    await t.store.db.update(candidates).set({ room: '另一考场' }).where(eq(candidates.id, candidate!.id));
    a.proctor.seatingChanged(exam.sittingId);
    await until(async () => !(await b.proctor.watches(proctor!.id, candidate!.id)));
    await t.store.db.update(candidates).set({ room: room.room }).where(eq(candidates.id, candidate!.id));
    a.proctor.seatingChanged(exam.sittingId);
  });

  it("a paper's key corrected on node A is what node B scores with", async () => {
    const { paperItems } = tablesOf(t.store.db);
    const before = (await b.sessions.papers.get(exam.paperId))!; // cached on B
    const item = before.items.find((i) => i.type === 'single')!;
    const other = item.options.find((o) => !item.key.includes(o.id))!.id;
    // What a key correction writes (results), then its announcement on A.
    await t.store.db.update(paperItems).set({ answerKeyJson: JSON.stringify([other]) }).where(and(eq(paperItems.paperId, exam.paperId), eq(paperItems.id, item.id)));
    a.sessions.papers.changed(exam.paperId);
    await until(async () => (await b.sessions.papers.get(exam.paperId))!.byId.get(item.id)!.key[0] === other);
  });

  it("a sitting's SEB settings saved on node A are checked by node B at once", async () => {
    expect(await b.sebGuard.required(exam.sittingId)).toBe(false); // cached on B for 5 s
    const cookie = await staffCookie(a);
    const res = await a.inject({ method: 'PUT', url: `/api/admin/sittings/${exam.sittingId}/seb`, headers: { cookie }, payload: { required: true, options: defaultSebOptions('http://exam.example/'), browserExamKeys: [] } });
    expect(res.statusCode).toBe(200);
    await until(async () => b.sebGuard.required(exam.sittingId), CACHE_FALLBACK_TTL_MS - 1_000);
  });

  it("with node B's Redis link cut, B serves what it cached for at most the fallback time, and clears everything when the link is back", async () => {
    expect(await textPasteOn(b)).toBe('allow');
    proxies[1]!.remove(redisPort, { cut: true });
    await until(async () => !(await redisOk(b)()));
    await a.proctor.setSettings(admin, { ...room, sittingId: exam.sittingId }, { ...DEFAULT_SETTINGS, textPaste: 'block' }, 'closed book');
    // B cannot hear A: its entry expires (wall time) and is read again.
    await until(async () => (await textPasteOn(b)) === 'block', CACHE_FALLBACK_TTL_MS + 10_000);
    proxies[1]!.add(redisPort);
    await until(redisOk(b));
  });

  async function staffCookie(app: FastifyInstance): Promise<string> {
    const s = STAFF.find((x) => x.role === 'admin')!;
    const res = await app.inject({ method: 'POST', url: '/api/auth/staff/login', payload: { username: s.login, password: s.password } });
    const setCookie = res.headers['set-cookie'];
    return String(Array.isArray(setCookie) ? setCookie[0] : setCookie).split(';')[0]!;
  }
});
