import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Server, type ServerOptions, type Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '@shared/events.ts';
import { SESSION_COOKIE, type LoginResolver, type SessionUser } from './session-user.ts';
import { isAllowedOrigin } from './origin.ts';

/** `token` is the login this connection was opened with; every event re-checks that it is still valid. */
export type SocketData = { user: SessionUser; token: string };
/** One user's connections on the sending node: `[userId, sockets, lastSeen]`. */
export type PresenceEntry = [userId: number, sockets: number, lastSeen: number];
/**
 * Between nodes in cluster mode (`serverSideEmit`, docs/cluster.md §5): a node's presence, as a change
 * of some users, a full snapshot (users absent from it have no connection there), or its goodbye.
 */
export type ServerSideEvents = { presence: (nodeId: string, kind: 'change' | 'snapshot' | 'gone', entries: PresenceEntry[]) => void };
export type AppServer = Server<ClientToServerEvents, ServerToClientEvents, ServerSideEvents, SocketData>;
export type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, ServerSideEvents, SocketData>;

declare module 'fastify' {
  interface FastifyInstance {
    io: AppServer;
    isSocketAuthorised: (socket: AppSocket) => boolean;
  }
}

export const userRoom = (userId: number) => `user:${userId}`;
/**
 * The connections opened with one login, on every node: a room, so that ending a login reaches
 * them through the adapter. Named by a hash, as rooms travel through Redis in cluster mode.
 */
export const tokenRoom = (token: string) => `token:${createHash('sha256').update(token).digest('hex')}`;

/** One Socket.IO server on Fastify's HTTP server; a connection is admitted only with a valid session cookie. */
/** `adapter`: the Redis Streams adapter in cluster mode (core/redis-links.ts); unset, rooms are this node's only. */
export const socketPlugin = fp(async (app: FastifyInstance, opts: { auth: LoginResolver; allowedOrigins: readonly string[]; adapter?: ServerOptions['adapter'] }) => {
  const io: AppServer = new Server(app.server, {
    ...(opts.adapter ? { adapter: opts.adapter } : {}),
    serveClient: false,
    maxHttpBufferSize: 256 * 1024,
    // A ping every 2 s lets an exam page notice a dead line within 5 s (client/src/exam/examController.ts,
    // SILENCE_MS) instead of socket.io's 25 + 20 s; the timeout stays long so a busy server drops nobody.
    pingInterval: 2_000,
    pingTimeout: 20_000,
    // A browser's WebSocket handshake is not bound by CORS, so the origin is checked here.
    allowRequest: (req, callback) => callback(null, isAllowedOrigin(req.headers.origin, req.headers.host, opts.allowedOrigins)),
  });

  io.use((socket, next) => {
    const cookies = app.parseCookie(socket.handshake.headers.cookie ?? '');
    const token = cookies[SESSION_COOKIE];
    const user = opts.auth.userForToken(token);
    if (!user || !token) return next(new Error('UNAUTHENTICATED'));
    socket.data.user = user;
    socket.data.token = token;
    void socket.join([userRoom(user.userId), tokenRoom(token)]);
    next();
  });

  app.decorate('io', io);
  app.decorate('isSocketAuthorised', (socket: AppSocket) => opts.auth.isTokenAlive(socket.data.token));
  // preClose, not onClose: a pending long-poll would otherwise keep app.close() waiting.
  app.addHook('preClose', async () => {
    io.disconnectSockets(true);
    await io.close();
  });
});
