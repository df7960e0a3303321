import { afterAll, beforeAll, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import WebSocket from 'ws';
import { ManualClock } from '../../../server/src/core/clock.ts';
import type { LoginResolver } from '../../../server/src/core/session-user.ts';
import { socketPlugin } from '../../../server/src/core/socket.ts';

/**
 * A node pings only a page that sent it nothing for a period, and closes it ('ping timeout') when
 * the next period passes with nothing either: a page that saves is never pinged (issue #19), a dead
 * one is found within twice the period (22 s in production, late-sync-rules.ts). The pages here
 * speak engine.io over a bare WebSocket, so that the test decides whether a ping is answered; the
 * period is 1 s instead of 11 s.
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
/** Why the server let each login's connection go. */
const closedFor = new Map<string, string>();
beforeAll(async () => {
  app = Fastify({ logger: false });
  await app.register(cookie);
  await app.register(socketPlugin, { auth: resolver, clock, allowedOrigins: [], listenMs: LISTEN_MS });
  app.io.on('connection', (socket) => socket.on('disconnect', (reason) => closedFor.set(socket.data.token, reason)));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  if (!addr || typeof addr === 'string') throw new Error('no address');
  wsUrl = `ws://127.0.0.1:${addr.port}/socket.io/?EIO=4&transport=websocket`;
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
