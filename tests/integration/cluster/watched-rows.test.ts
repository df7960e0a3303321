import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { RoomRow } from '@shared/proctor.ts';
import type { SessionView } from '@shared/events.ts';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { partChannel, roomChannel } from '../../../server/src/features/proctor/proctor-service.ts';
import { describeRedis, REDIS_URL } from '../../helpers/redis.ts';
import { TcpProxy } from '../../helpers/tcp-proxy.ts';
import { emit, TestExam, unwrap, type ClientSocket } from '../../helpers/test-exam.ts';

/**
 * Grid rows in cluster mode are computed only for rooms some node watches (docs/cluster.md §5, "Grid
 * rows across nodes"; issue #16). Three nodes on one Redis, each with a SQLite file of its own seeded
 * alike (the rows under test are computed where the candidate is); node C reaches Redis through a
 * proxy the test cuts to make it fall silent, as a dead node does.
 */
await describeRedis('grid rows only for watched rooms', () => {
  const ROOM = '测试考场';
  const prefix = `kc-test-${randomBytes(4).toString('hex')}`;
  const redisPort = Number(new URL(REDIS_URL).port || 6379);
  let proxyC: TcpProxy;
  let a: TestExam;
  let b: TestExam;
  let c: TestExam;
  let candidate: ClientSocket;
  let view: SessionView;
  let saves = 0;

  const until = async (ok: () => boolean | Promise<boolean>, ms = 20_000) => {
    const end = Date.now() + ms;
    while (!(await ok())) {
      if (Date.now() > end) throw new Error('condition not met in time');
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const part = () => partChannel(b.exam.sittingId, ROOM, b.exam.theoryPartId);
  const room = () => roomChannel(b.exam.sittingId, ROOM);
  /** An answer saved on node B, and B's grid update sent (or skipped) now rather than on its timer. */
  async function saveOnB() {
    // Each save answers one more item, so each row of it says how many saves it has seen.
    const item = view.items[saves % view.items.length]!;
    unwrap(await emit(candidate, 'answer:save', { sessionId: view.sessionId, itemId: item.id, response: { choices: [item.options[0]!.id] }, flagged: false, changeId: `w${saves++}` }));
    await b.app.proctor.flush();
  }
  const proctorOn = async (t: TestExam) => t.socket(await t.loginStaff('proctor'));
  async function watch(t: TestExam, socket: ClientSocket) {
    unwrap(await emit(socket, 'proctor:watch', { sittingId: t.exam.sittingId, room: ROOM, sittingPartId: t.exam.theoryPartId }));
    return socket;
  }
  const rowOf = (proctor: ClientSocket, ok: (row: RoomRow) => boolean) =>
    new Promise<RoomRow>((resolve, reject) => {
      const timer = setTimeout(() => (proctor.off('proctor:row', on), reject(new Error('no matching row'))), 15_000);
      const on = (row: RoomRow) => {
        if (row.ticketNo !== 'T0001' || !ok(row)) return;
        clearTimeout(timer);
        proctor.off('proctor:row', on);
        resolve(row);
      };
      proctor.on('proctor:row', on);
    });

  beforeAll(async () => {
    const env = { REDIS_URL, REDIS_PREFIX: prefix, REDIS_PRESENCE_SNAPSHOT_MS: '200' };
    proxyC = await TcpProxy.start([redisPort], { downMs: 0 });
    const viaC = new URL(REDIS_URL);
    viaC.hostname = '127.0.0.1';
    viaC.port = String(proxyC.port);
    a = await TestExam.start(env);
    b = await TestExam.start(env);
    c = await TestExam.start({ ...env, REDIS_URL: viaC.toString() });
    candidate = await b.socket(await b.loginCandidate(0));
    view = unwrap(await emit(candidate, 'session:start', { sittingPartId: b.exam.theoryPartId }));
    await b.app.proctor.flush();
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await c?.close();
    await proxyC?.close();
    const admin = new Redis(REDIS_URL);
    admin.on('error', () => {});
    const keys = await admin.keys(`${prefix}*`);
    if (keys.length > 0) await admin.del(...keys);
    admin.disconnect();
  });

  it('computes no row for a save when no node watches the room', async () => {
    const before = b.app.proctor.rowsComputed();
    await saveOnB();
    expect(b.app.proctor.rowsComputed()).toBe(before);
  });

  it("gives a proctor watching on node A the rows of a candidate saving on node B, the skipped ones included", async () => {
    const proctor = await proctorOn(a);
    // This save is skipped; B computes its row once it hears that A now watches the room.
    await saveOnB();
    const skipped = b.app.proctor.rowsComputed();
    await watch(a, proctor);
    await until(() => b.app.proctor.watchedAnywhere(part()) && b.app.proctor.rowsComputed() === skipped + 1);

    const expected = saves + 1;
    const answered = rowOf(proctor, (r) => r.answered === expected);
    await saveOnB();
    expect(await answered).toMatchObject({ status: 'in_progress', sessionId: view.sessionId });
    expect(b.app.proctor.rowsComputed()).toBe(skipped + 2);

    proctor.disconnect();
    await until(() => !b.app.proctor.watchedAnywhere(room()) && !b.app.proctor.watchedAnywhere(part()));
    const after = b.app.proctor.rowsComputed();
    await saveOnB();
    expect(b.app.proctor.rowsComputed()).toBe(after);
  });

  it("drops the watchers of a node that falls silent", async () => {
    const proctor = await watch(c, await proctorOn(c));
    await until(() => b.app.proctor.watchedAnywhere(part()));
    // The save the last test left skipped is due now that C watches: computed here, not by B's timer
    // in the middle of the save below (a loaded machine's round trip can outlast the timer).
    await b.app.proctor.flush();
    const before = b.app.proctor.rowsComputed();
    await saveOnB();
    expect(b.app.proctor.rowsComputed()).toBe(before + 1);

    proxyC.remove(redisPort, { cut: true });
    await until(() => !b.app.proctor.watchedAnywhere(part()));
    expect(proctor.connected).toBe(true);
    const after = b.app.proctor.rowsComputed();
    await saveOnB();
    expect(b.app.proctor.rowsComputed()).toBe(after);
  });
});
