import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Server, type Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '@shared/events.ts';
import { SESSION_COOKIE, type LoginResolver, type SessionUser } from './session-user.ts';
import { isAllowedOrigin } from './origin.ts';

/** `token` is the login this connection was opened with; every event re-checks that it is still valid. */
export type SocketData = { user: SessionUser; token: string };
export type AppServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

declare module 'fastify' {
  interface FastifyInstance {
    io: AppServer;
    isSocketAuthorised: (socket: AppSocket) => boolean;
  }
}

export const userRoom = (userId: number) => `user:${userId}`;

/** One Socket.IO server on Fastify's HTTP server; a connection is admitted only with a valid session cookie. */
export const socketPlugin = fp(async (app: FastifyInstance, opts: { auth: LoginResolver; allowedOrigins: readonly string[] }) => {
  const io: AppServer = new Server(app.server, {
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
    void socket.join(userRoom(user.userId));
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
