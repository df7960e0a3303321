import { afterAll, beforeAll, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import { connect, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { ManualClock } from '../../../server/src/core/clock.ts';
import type { LoginResolver } from '../../../server/src/core/session-user.ts';
import { socketPlugin } from '../../../server/src/core/socket.ts';
import { NOOP_FRAME, sendNoop } from '../../../server/src/core/engine-frames.ts';

/**
 * The exam page hears the line through every engine.io packet (issue #13: a dead line said within
 * 5 s); a connection sent nothing else for a period is sent a noop by one wheel per node, rather
 * than pinged every 2 s (issue #19). Here the period is 2 s instead of 3 s.
 */
const clock = new ManualClock();
const resolver: LoginResolver = {
  loginForToken: async (token) => ({ user: { userId: Number(token), role: 'candidate', displayName: token ?? '', ticketNo: null, candidateId: null }, expiresAt: clock.now() + 60_000 }),
  isTokenAlive: async () => true,
  liveTokens: async (tokens) => new Set(tokens),
};

let app: FastifyInstance;
let baseUrl: string;
beforeAll(async () => {
  app = Fastify({ logger: false });
  await app.register(cookie);
  await app.register(socketPlugin, { auth: resolver, clock, allowedOrigins: [], heartbeatMs: 2_000 });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  if (!addr || typeof addr === 'string') throw new Error('no address');
  baseUrl = `http://127.0.0.1:${addr.port}`;
});
afterAll(() => app?.close());

/** A page's connection; `beats`: when it received a noop (engine.io-client sees every packet). */
async function open(token: string, transport: 'websocket' | 'polling' = 'websocket'): Promise<{ socket: Socket; beats: number[] }> {
  const socket = connect(baseUrl, { transports: [transport], extraHeaders: { cookie: `kc_session=${token}` }, reconnection: false, forceNew: true });
  const beats: number[] = [];
  socket.io.on('open', () => socket.io.engine.on('packet', (packet) => packet.type === 'noop' && beats.push(Date.now())));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return { socket, beats };
}

const waitFor = async (check: () => boolean) => {
  for (let i = 0; i < 1_000 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
};

it("the noop frame written to the TCP socket is ws's own framing of engine.io's noop packet", () => {
  // ws's Sender is untyped (@types/ws leaves it out); engine.io frames its pre-encoded broadcasts with it.
  const { Sender } = WebSocket as unknown as { Sender: { frame(data: Buffer, opts: Record<string, unknown>): Buffer[] } };
  const framed = Sender.frame(Buffer.from('6'), { fin: true, opcode: 1, mask: false, readOnly: false, rsv1: false });
  expect(Buffer.concat(framed)).toEqual(NOOP_FRAME);
});

it('a connection sent something more often than the period hears no heartbeat; silent, it hears one', async () => {
  const busy = await open('7');
  const chatter = setInterval(() => app.io.to(busy.socket.id!).emit('clock:changed', { serverNow: 1 }), 50);
  await new Promise((r) => setTimeout(r, 3_000));
  clearInterval(chatter);
  expect(busy.beats).toEqual([]);
  await waitFor(() => busy.beats.length >= 1);
  busy.socket.close();
});

it('every connection hears a heartbeat each period, before and after another one closes', async () => {
  const pages = await Promise.all(['1', '2', '3'].map((token) => open(token)));
  await waitFor(() => pages.every((p) => p.beats.length >= 2));
  pages[0]!.socket.close();
  await waitFor(() => app.io.of('/').sockets.size === 2);
  const closedAt = pages[1]!.beats.length;
  await waitFor(() => pages[1]!.beats.length >= closedAt + 2 && pages[2]!.beats.length >= 4);
  for (const p of pages.slice(1)) p.socket.close();
});

it('a page on long polling hears the noops too', async () => {
  const polling = await open('8', 'polling');
  await waitFor(() => polling.beats.length >= 1);
  polling.socket.close();
});

it('noops written past pushes still queued in engine.io arrive whole, and the pushes whole and in order', async () => {
  const page = await open('9');
  const pushes: number[] = [];
  page.socket.on('clock:changed', (p) => pushes.push(p.serverNow));
  const conn = app.io.of('/').sockets.get(page.socket.id!)!.conn;
  // The first push goes out at once; the next ones wait in engine.io's buffer for its drain, and the noops overtake them.
  for (let i = 1; i <= 20; i++) {
    app.io.to(page.socket.id!).emit('clock:changed', { serverNow: i });
    sendNoop(conn);
  }
  await waitFor(() => pushes.length === 20 && page.beats.length >= 20);
  expect(pushes).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  expect(page.socket.connected).toBe(true);
  page.socket.close();
});
