import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createRedisFanout, type RedisFanout } from '../../../server/src/core/redis-adapter.ts';
import { describeRedis, REDIS_URL } from '../../helpers/redis.ts';

type Node = { io: Server; http: http.Server; url: string; fanout: RedisFanout };

await describeRedis('Socket.IO across nodes through Redis streams', () => {
  const tag = randomBytes(4).toString('hex');
  const nodes: Node[] = [];
  const clients: Socket[] = [];
  const admin = new Redis(REDIS_URL);
  admin.on('error', () => {});

  async function startNode(i: number): Promise<Node> {
    const server = http.createServer();
    const fanout = createRedisFanout(REDIS_URL, { streamName: `kc-test-${tag}`, connectionName: `kc-test-${tag}-${i}` });
    const io = new Server(server, { adapter: fanout.adapter, transports: ['websocket'] });
    io.on('connection', (s) => void s.join(String(s.handshake.auth.room)));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    return { io, http: server, url: `http://127.0.0.1:${port}`, fanout };
  }
  function client(node: Node, room: string): Promise<Socket> {
    const s = connect(node.url, { transports: ['websocket'], auth: { room }, forceNew: true });
    clients.push(s);
    return new Promise((resolve, reject) => {
      s.once('connect', () => resolve(s));
      s.once('connect_error', reject);
    });
  }
  const next = (s: Socket, event: string, ms = 10_000) =>
    new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms`)), ms);
      s.once(event, (v: unknown) => {
        clearTimeout(timer);
        resolve(v);
      });
    });
  /** Until the adapter of every node has seen the others (heartbeats), cross-node requests may miss one. */
  const until = async (ok: () => boolean | Promise<boolean>, ms = 15_000) => {
    const end = Date.now() + ms;
    while (!(await ok())) {
      if (Date.now() > end) throw new Error('condition not met in time');
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  /** Until `to` reads the stream: a packet published before its first read is not for it. */
  async function warmUp(from: Node, to: Node) {
    const probe = await client(to, `warm-up-${tag}`);
    let arrived = false;
    probe.once('warm-up', () => (arrived = true));
    await until(() => {
      from.io.to(`warm-up-${tag}`).emit('warm-up');
      return arrived;
    });
    probe.disconnect();
  }

  beforeAll(async () => {
    nodes.push(await startNode(1), await startNode(2));
    await until(() => nodes.every((n) => n.fanout.status() === 'ok'));
    await warmUp(nodes[0]!, nodes[1]!);
    await warmUp(nodes[1]!, nodes[0]!);
  });
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    for (const n of nodes) {
      n.io.close();
      await n.fanout.close();
    }
    await admin.del(`kc-test-${tag}`);
    admin.disconnect();
  });

  it("delivers a room emit from one node to the room's sockets on the other", async () => {
    const onA = await client(nodes[0]!, 'room-1');
    const onB = await client(nodes[1]!, 'room-1');
    const elsewhere = await client(nodes[1]!, 'room-2');
    let leaked = false;
    elsewhere.on('hello', () => (leaked = true));
    const got = Promise.all([next(onA, 'hello'), next(onB, 'hello')]);
    nodes[0]!.io.to('room-1').emit('hello', 'from node 1');
    expect(await got).toEqual(['from node 1', 'from node 1']);
    expect(leaked).toBe(false);
  });

  it("closes a room's sockets on every node (a disabled account everywhere)", async () => {
    const onA = await client(nodes[0]!, 'user-7');
    const onB = await client(nodes[1]!, 'user-7');
    const closed = Promise.all([next(onA, 'disconnect'), next(onB, 'disconnect')]);
    nodes[1]!.io.in('user-7').disconnectSockets(true);
    expect(await closed).toEqual(['io server disconnect', 'io server disconnect']);
  });

  it('goes on delivering after its Redis connections are cut, and says it was down meanwhile', async () => {
    const onB = await client(nodes[1]!, 'room-3');
    const ids = (await admin.client('LIST')) as string;
    const ours = ids.split('\n').filter((l) => l.includes(`name=kc-test-${tag}`)).map((l) => /id=(\d+)/.exec(l)![1]!);
    expect(ours.length).toBeGreaterThanOrEqual(2);
    const sawDown = new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (nodes.some((n) => n.fanout.status() === 'down')) {
          clearInterval(poll);
          resolve();
        }
      }, 1);
    });
    for (const id of ours) await admin.client('KILL', 'ID', id);
    await sawDown;
    await until(() => nodes.every((n) => n.fanout.status() === 'ok'));
    const got = next(onB, 'after-cut');
    nodes[0]!.io.to('room-3').emit('after-cut', 42);
    expect(await got).toBe(42);
  });
});
