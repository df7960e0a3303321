import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Server, type ServerOptions, type Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '@shared/events.ts';
import type { Clock } from './clock.ts';
import { SESSION_COOKIE, type LoginResolver, type SessionUser } from './session-user.ts';
import { isAllowedOrigin } from './origin.ts';
import { createHeartbeatWheel } from './heartbeat-wheel.ts';
import { createPageListener } from './page-listener.ts';
import { closeUnanswered, sendNoop, sendPing } from './engine-frames.ts';

/**
 * The login this connection was opened with, read once at the handshake (issue #19: no database
 * read per event). Its end reaches the connection as a push, not as a check: logout closes the
 * `tokenRoom`, a revoked, disabled or re-roled account its `userRoom`, on every node; an event
 * after `expiresAt` (the injected clock) is refused and the connection closed. A periodic recheck
 * (`recheckMs`) closes idle expired connections and those whose end was never pushed here.
 */
export type SocketData = { user: SessionUser; token: string; expiresAt: number };
/** One user's connections on the sending node: `[userId, sockets, lastSeen]`. */
export type PresenceEntry = [userId: number, sockets: number, lastSeen: number];
/**
 * Between nodes in cluster mode (`serverSideEmit`, docs/cluster.md §5): a node's presence, as a change
 * of some users, a full snapshot (users absent from it have no connection there), or its goodbye.
 */
export type ServerSideEvents = {
  presence: (nodeId: string, kind: 'change' | 'snapshot' | 'gone', entries: PresenceEntry[]) => void;
  /** The proctor channels with a watcher on the sending node (null: its goodbye): proctor/watch-link.ts. */
  watching: (nodeId: string, channels: string[] | null) => void;
  /** Cached data of `topic` changed for `key` (null: all of it): core/cache-bus.ts. */
  cache: (topic: string, key: number | null) => void;
};
export type AppServer = Server<ClientToServerEvents, ServerToClientEvents, ServerSideEvents, SocketData>;
export type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, ServerSideEvents, SocketData>;
type EngineSocket = AppSocket['conn'];

declare module 'fastify' {
  interface FastifyInstance {
    io: AppServer;
    isSocketAuthorised: (socket: AppSocket) => boolean;
  }
}

/** The backstop's period: a login ended while its push could not reach this node ends here within it. */
const RECHECK_MS = 60_000;
/**
 * A connection sent nothing for this long is sent an engine.io noop (engine-frames.ts), so that an exam
 * page notices a dead line within 5 s (client/src/exam/examController.ts, SILENCE_MS = 4.5 s;
 * required by issue #13).
 */
export const HEARTBEAT_MS = 3_000;
const HEARTBEAT_TICK_MS = 20;
const HEARTBEAT_JITTER_MS = 250;
/**
 * A connection that sent nothing for this long is pinged, and closed ('ping timeout') if it still
 * sent nothing this long after (page-listener.ts): a dead page is found within twice this (22 s,
 * late-sync-rules.ts), as engine.io's 10 s + 12 s found it.
 */
export const LISTEN_MS = 11_000;
const LISTEN_JITTER_MS = 1_000;
/**
 * engine.io's own ping, now only what keeps a page's engine.io-client from giving up on a line
 * (it waits this plus pingTimeout for a ping). Pages find a dead line themselves, by the server's
 * silence (client/src/api/deadLine.ts), and the server by the page's (LISTEN_MS).
 */
const ENGINE_PING_MS = 300_000;

export const userRoom = (userId: number) => `user:${userId}`;
/**
 * The connections opened with one login, on every node: a room, so that ending a login reaches
 * them through the adapter. Named by a hash, as rooms travel through Redis in cluster mode.
 */
export const tokenRoom = (token: string) => `token:${createHash('sha256').update(token).digest('hex')}`;

/** One Socket.IO server on Fastify's HTTP server; a connection is admitted only with a valid session cookie. */
/** `adapter`: the Redis Streams adapter in cluster mode (core/redis-links.ts); unset, rooms are this node's only. */
/** `recheckMs`: how often this node's connections are checked against their logins (wall time); `heartbeatMs`: see HEARTBEAT_MS; `listenMs`: see LISTEN_MS. */
export const socketPlugin = fp(async (app: FastifyInstance, opts: { auth: LoginResolver; clock: Clock; allowedOrigins: readonly string[]; adapter?: ServerOptions['adapter']; recheckMs?: number; heartbeatMs?: number; listenMs?: number }) => {
  const io: AppServer = new Server(app.server, {
    ...(opts.adapter ? { adapter: opts.adapter } : {}),
    serveClient: false,
    maxHttpBufferSize: 256 * 1024,
    // Pings every 10 s were, at 10,000 saving pages, a ping written and a pong read per two saves,
    // each telling nothing the saves did not (issue #19): the wheels below ping only the silent.
    pingInterval: ENGINE_PING_MS,
    pingTimeout: 12_000,
    // A browser's WebSocket handshake is not bound by CORS, so the origin is checked here.
    allowRequest: (req, callback) => callback(null, isAllowedOrigin(req.headers.origin, req.headers.host, opts.allowedOrigins)),
  });

  /**
   * The login is read, the connection joins its rooms, and the login is checked once more. A login
   * ended while the first read was under way was pushed to rooms this connection was not yet in
   * (and to no connection still in its handshake): the second read sees it gone. Ended after the
   * second read, its push finds the connection in its rooms (socket.io connects it in the same turn).
   */
  async function admit(socket: AppSocket): Promise<Error | undefined> {
    const token = app.parseCookie(socket.handshake.headers.cookie ?? '')[SESSION_COOKIE];
    const login = token ? await opts.auth.loginForToken(token) : undefined;
    if (!login || !token) return new Error('UNAUTHENTICATED');
    socket.data.user = login.user;
    socket.data.token = token;
    socket.data.expiresAt = login.expiresAt;
    void socket.join([userRoom(login.user.userId), tokenRoom(token)]);
    if (!(await opts.auth.isTokenAlive(token))) return new Error('UNAUTHENTICATED');
    return undefined;
  }
  io.use((socket, next) => {
    admit(socket).then(next, (err: unknown) => {
      // The database did not answer: not a verdict on the login, so the page retries rather than logging out.
      app.log.error({ err, socketId: socket.id }, 'socket handshake: reading the login failed');
      next(new Error('UNAVAILABLE'));
    });
  });

  /**
   * One timer per node, not a read per event: connections whose login expired on the clock are
   * closed even when idle, and the logins of the others are looked up in one query per 500, which
   * closes those whose end was never pushed here (Redis away in cluster mode when it was ended).
   */
  async function recheck() {
    const now = opts.clock.now();
    const byToken = new Map<string, AppSocket[]>();
    for (const socket of io.of('/').sockets.values()) {
      if (now >= socket.data.expiresAt) socket.disconnect(true);
      else byToken.set(socket.data.token, [...(byToken.get(socket.data.token) ?? []), socket]);
    }
    const tokens = [...byToken.keys()];
    for (let i = 0; i < tokens.length; i += 500) {
      const chunk = tokens.slice(i, i + 500);
      const live = await opts.auth.liveTokens(chunk);
      for (const token of chunk) if (!live.has(token)) for (const socket of byToken.get(token)!) socket.disconnect(true);
    }
  }
  let rechecking = false;
  const recheckTimer = setInterval(() => {
    if (rechecking) return;
    rechecking = true;
    recheck()
      .catch((err: unknown) => app.log.warn({ err }, 'socket logins: periodic recheck failed'))
      .finally(() => (rechecking = false));
  }, opts.recheckMs ?? RECHECK_MS);
  recheckTimer.unref();

  // Every packet created for a connection (an ack, a push, a ping) tells its page the line is alive.
  const heartbeats = createHeartbeatWheel<EngineSocket>({
    periodMs: opts.heartbeatMs ?? HEARTBEAT_MS,
    tickMs: HEARTBEAT_TICK_MS,
    jitterMs: HEARTBEAT_JITTER_MS,
    beat: sendNoop,
    now: () => performance.now(),
  });
  // Every packet a page sends (a save, a pong) tells the node the page is alive.
  const listener = createPageListener<EngineSocket>({
    periodMs: opts.listenMs ?? LISTEN_MS,
    tickMs: HEARTBEAT_TICK_MS,
    jitterMs: LISTEN_JITTER_MS,
    ping(conn) {
      sendPing(conn);
      heartbeats.touch(conn);
    },
    close: closeUnanswered,
    now: () => performance.now(),
  });
  function sentSomething(this: EngineSocket) {
    heartbeats.touch(this);
  }
  function heardSomething(this: EngineSocket) {
    listener.heard(this);
  }
  function stopBeating(this: AppSocket) {
    heartbeats.remove(this.conn);
    listener.remove(this.conn);
  }
  io.on('connection', (socket) => {
    heartbeats.add(socket.conn);
    listener.add(socket.conn);
    socket.conn.on('packetCreate', sentSomething);
    socket.conn.on('packet', heardSomething);
    socket.on('disconnect', stopBeating);
  });
  const heartbeatTimer = setInterval(() => {
    heartbeats.tick();
    listener.tick();
  }, HEARTBEAT_TICK_MS);
  heartbeatTimer.unref();

  app.decorate('io', io);
  // Checked on every event, without the database: ended logins close their connections by push.
  app.decorate('isSocketAuthorised', (socket: AppSocket) => opts.clock.now() < socket.data.expiresAt);
  // preClose, not onClose: a pending long-poll would otherwise keep app.close() waiting.
  app.addHook('preClose', async () => {
    clearInterval(recheckTimer);
    clearInterval(heartbeatTimer);
    io.disconnectSockets(true);
    await io.close();
  });
});
