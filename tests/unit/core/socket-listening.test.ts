import { afterAll, beforeAll, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import WebSocket from 'ws';
import { connect, type Socket } from 'socket.io-client';
import { ManualClock } from '../../../server/src/core/clock.ts';
import type { LoginResolver } from '../../../server/src/core/session-user.ts';
import { socketPlugin } from '../../../server/src/core/socket.ts';
import { closeDeadLines } from '../../../client/src/api/deadLine.ts';
import { TcpProxy } from '../../helpers/tcp-proxy.ts';

/**
 * A node pings only a page that sent it nothing for a period, and closes it ('ping timeout') when
 * the next period passes with nothing either: a page that saves is never pinged (issue #19), a dead
 * one is found within twice the period (22 s in production, late-sync-rules.ts). The pages here
 * speak engine.io over a bare WebSocket, so that the test decides whether a ping is answered; the
 * period is 1 s instead of 11 s, and the heartbeat's 0.5 s instead of 3 s.
 */
const clock = new ManualClock();
const resolver: LoginResolver = {
  loginForToken: async (token) => ({ user: { userId: Number(token), role: 'candidate', displayName: token ?? '', ticketNo: null, candidateId: null }, expiresAt: clock.now() + 60_000 }),
  isTokenAlive: async () => true,
  liveTokens: async (tokens) => new Set(tokens),
};
const LISTEN_MS = 1_000;

let app: FastifyInstance;
let wsUrl: string;
let port: number;
/** Why the server let each login's connection go, and each connection by its id. */
const closedFor = new Map<string, string>();
const closedById = new Map<string, string>();
beforeAll(async () => {
  app = Fastify({ logger: false });
  await app.register(cookie);
  await app.register(socketPlugin, { auth: resolver, clock, allowedOrigins: [], listenMs: LISTEN_MS, heartbeatMs: 500 });
  app.io.on('connection', (socket) =>
    socket.on('disconnect', (reason) => {
      closedFor.set(socket.data.token, reason);
      closedById.set(socket.id, reason);
    }),
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  if (!addr || typeof addr === 'string') throw new Error('no address');
  port = addr.port;
  wsUrl = `ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`;
});
afterAll(() => app?.close());

type Page = { ws: WebSocket; handshake: { pingInterval: number; pingTimeout: number }; pings: number; closed: boolean };

/** A page connected to the default namespace; `answerPings`: whether it pongs as engine.io-client does. */
async function open(token: string, answerPings: boolean): Promise<Page> {
  const ws = new WebSocket(wsUrl, { headers: { cookie: `kc_session=${token}` } });
  const page = { ws, pings: 0, closed: false } as Page;
  ws.on('close', () => (page.closed = true));
  await new Promise<void>((resolve, reject) => {
    ws.on('error', reject);
    ws.on('message', (data) => {
      const text = String(data);
      if (text.startsWith('0')) {
        page.handshake = JSON.parse(text.slice(1));
        ws.send('40');
      } else if (text.startsWith('40')) resolve();
      else if (text === '2') {
        page.pings++;
        if (answerPings) ws.send('3');
      }
    });
  });
  return page;
}

const waitFor = async (check: () => boolean) => {
  for (let i = 0; i < 1_000 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
};
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

it("pages are told engine.io's own ping comes only every 5 minutes: the node's listening decides", async () => {
  const page = await open('1', true);
  expect(page.handshake).toMatchObject({ pingInterval: 300_000, pingTimeout: 12_000 });
  page.ws.close();
});

it('a page that sends something more often than the period is never pinged; silent, it is', async () => {
  const page = await open('2', true);
  const saving = setInterval(() => page.ws.send('42["exam:noSuchEvent"]'), 200);
  await pause(3 * LISTEN_MS);
  clearInterval(saving);
  expect(page.pings).toBe(0);
  await waitFor(() => page.pings >= 1);
  expect(page.closed).toBe(false);
  page.ws.close();
});

it("a silent page that answers its pings stays; one that does not is closed for 'ping timeout'", async () => {
  const answering = await open('3', true);
  const dead = await open('4', false);
  await waitFor(() => dead.closed);
  expect(dead.pings).toBe(1);
  expect(closedFor.get('4')).toBe('ping timeout');
  // The answering page was pinged as often and is still there, a period after the other was closed.
  await waitFor(() => answering.pings >= 2);
  await pause(LISTEN_MS);
  expect(answering.closed).toBe(false);
  expect(closedFor.has('3')).toBe(false);
  answering.ws.close();
});

it('a line gone dead without a word: the page closes it and reconnects, the node closes its end for ping timeout', async () => {
  const proxy = await TcpProxy.start([port]);
  const page = (token: string): Socket => connect(`http://127.0.0.1:${proxy.port}`, { transports: ['websocket'], extraHeaders: { cookie: `kc_session=${token}` }, reconnectionDelay: 100, forceNew: true });
  const connected = (s: Socket) => new Promise<string>((resolve) => s.once('connect', () => resolve(s.id!)));
  // The page watches its line as the exam page does (22 s there); the other is engine.io-client alone.
  const watching = page('5');
  const stopWatching = closeDeadLines(watching.io, { deadMs: 1_500 });
  const alone = page('6');
  const [firstId, aloneId] = await Promise.all([connected(watching), connected(alone)]);
  try {
    const reconnected = new Promise<string>((resolve) => watching.once('disconnect', () => void connected(watching).then(resolve)));
    proxy.silence(port);
    const secondId = await reconnected;
    expect(secondId).not.toBe(firstId);
    await waitFor(() => closedById.has(firstId) && closedById.has(aloneId));
    expect(closedById.get(firstId)).toBe('ping timeout');
    expect(closedById.get(aloneId)).toBe('ping timeout');
    // Without the watch the page never learns: engine.io's own ping is minutes away.
    expect(alone.connected).toBe(true);
    // The new line is alive: the node keeps it past its listening period.
    await pause(3 * LISTEN_MS);
    expect(watching.connected).toBe(true);
    expect(closedById.has(secondId)).toBe(false);
  } finally {
    stopWatching();
    watching.close();
    alone.close();
    await proxy.close();
  }
});
