import { afterAll, beforeAll, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import { connect } from 'socket.io-client';
import { ManualClock } from '../../../server/src/core/clock.ts';
import type { Login, LoginResolver } from '../../../server/src/core/session-user.ts';
import { socketPlugin, tokenRoom, userRoom } from '../../../server/src/core/socket.ts';

/**
 * The socket handshake reads the login asynchronously (issue #16), and the connection keeps it
 * (issue #19): a login ended while that read is under way is pushed to rooms the connection has
 * not joined yet. The handshake must still refuse it, whichever room the end went to.
 */
const clock = new ManualClock();
const live = new Set<string>();
let held: { reached: () => void; release: Promise<void> } | null = null;
let looks = 0;
let rechecks = 0;
let failing = false;

const login = (token: string): Login => ({ user: { userId: token === 'b' ? 2 : 1, role: 'candidate', displayName: token, ticketNo: null, candidateId: null }, expiresAt: clock.now() + 60_000 });
const resolver: LoginResolver = {
  async loginForToken(token) {
    if (failing) throw new Error('database away');
    // The row is read now; the answer reaches the handshake only once the test lets it.
    const found = token !== undefined && live.has(token);
    const hold = held;
    if (hold) {
      held = null;
      hold.reached();
      await hold.release;
    }
    return found ? login(token) : undefined;
  },
  async isTokenAlive(token) {
    looks++;
    return live.has(token);
  },
  async liveTokens(tokens) {
    rechecks++;
    return new Set(tokens.filter((t) => live.has(t)));
  },
};

let app: FastifyInstance;
let baseUrl: string;
beforeAll(async () => {
  app = Fastify({ logger: false });
  await app.register(cookie);
  await app.register(socketPlugin, { auth: resolver, clock, allowedOrigins: [], recheckMs: 100 });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  if (!addr || typeof addr === 'string') throw new Error('no address');
  baseUrl = `http://127.0.0.1:${addr.port}`;
});
afterAll(() => app?.close());

function open(token: string) {
  const socket = connect(baseUrl, { transports: ['websocket'], extraHeaders: { cookie: `kc_session=${token}` }, reconnection: false, forceNew: true });
  const outcome = new Promise<string>((resolve) => {
    socket.once('connect', () => resolve('connected'));
    socket.once('connect_error', (err) => resolve(err.message));
  });
  return { socket, outcome };
}

/** Opens a connection whose login read is held, runs `end` meanwhile, then lets the read answer. */
async function endDuringHandshake(token: string, end: () => void): Promise<string> {
  let reached!: () => void;
  let release!: () => void;
  const arrived = new Promise<void>((r) => (reached = r));
  held = { reached, release: new Promise<void>((r) => (release = r)) };
  const { socket, outcome } = open(token);
  await arrived;
  end();
  release();
  const result = await outcome;
  socket.close();
  return result;
}

it('admits a live login, keeping its user and expiry on the connection', async () => {
  live.add('a');
  const before = looks;
  const { socket, outcome } = open('a');
  expect(await outcome).toBe('connected');
  const [server] = await app.io.in(tokenRoom('a')).fetchSockets();
  expect(server?.data).toMatchObject({ token: 'a', user: { userId: 1 }, expiresAt: clock.now() + 60_000 });
  expect(server?.rooms.has(userRoom(1))).toBe(true);
  expect(looks).toBe(before + 1);
  socket.close();
});

it('refuses a login logged out while its handshake was reading it (the push went to its token room)', async () => {
  live.add('a');
  const outcome = await endDuringHandshake('a', () => {
    live.delete('a');
    app.io.in(tokenRoom('a')).disconnectSockets(true);
  });
  expect(outcome).toBe('UNAUTHENTICATED');
});

it("refuses a login of an account disabled while its handshake was reading it (the push went to the user's room)", async () => {
  live.add('b');
  const outcome = await endDuringHandshake('b', () => {
    live.delete('b');
    app.io.in(userRoom(2)).disconnectSockets(true);
  });
  expect(outcome).toBe('UNAUTHENTICATED');
});

it('says UNAVAILABLE, not UNAUTHENTICATED, when the login cannot be read, so the page retries instead of logging out', async () => {
  failing = true;
  try {
    const { socket, outcome } = open('a');
    expect(await outcome).toBe('UNAVAILABLE');
    socket.close();
  } finally {
    failing = false;
  }
});

it('decides each event by the cached expiry on the injected clock, without asking the resolver', async () => {
  live.add('a');
  const { socket, outcome } = open('a');
  expect(await outcome).toBe('connected');
  const [server] = await app.io.in(tokenRoom('a')).fetchSockets();
  const local = app.io.sockets.sockets.get(server!.id)!;
  const before = looks;
  expect(app.isSocketAuthorised(local)).toBe(true);
  clock.advance(59_999);
  expect(app.isSocketAuthorised(local)).toBe(true);
  clock.advance(1);
  expect(app.isSocketAuthorised(local)).toBe(false);
  expect(looks).toBe(before);
  socket.close();
});

const closed = (socket: ReturnType<typeof open>['socket']) => new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));

it('closes an idle connection once its login expired, on the next periodic recheck', async () => {
  live.add('a');
  const { socket, outcome } = open('a');
  expect(await outcome).toBe('connected');
  const gone = closed(socket);
  clock.advance(60_000);
  expect(await gone).toBe('io server disconnect');
});

it('closes a connection whose login ended without a push reaching this node (Redis away), on the next recheck', async () => {
  live.add('a');
  live.add('b');
  const a = open('a');
  const b = open('b');
  expect([await a.outcome, await b.outcome]).toEqual(['connected', 'connected']);
  const gone = closed(a.socket);
  const before = rechecks;
  live.delete('a');
  expect(await gone).toBe('io server disconnect');
  expect(rechecks).toBeGreaterThan(before);
  // The other login is still live: its connection stays through further rechecks.
  const seen = rechecks;
  while (rechecks < seen + 2) await new Promise((r) => setTimeout(r, 50));
  expect(b.socket.connected).toBe(true);
  b.socket.close();
});
