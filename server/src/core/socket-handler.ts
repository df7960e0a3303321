import type { FastifyBaseLogger } from 'fastify';
import type { z } from 'zod';
import type { Role } from '@shared/domain.ts';
import type { Ack } from '@shared/events.ts';
import { toAckError } from './error-handler.ts';
import { ForbiddenError, UnauthenticatedError } from './errors.ts';
import type { AppSocket } from './socket.ts';

export type HandlerContext = { log: FastifyBaseLogger; isAuthorised: (socket: AppSocket) => boolean };

/**
 * A socket event listener made once per server and shared by every connection (issue #19: a
 * closure per event per connection was 30 closures and their contexts on each of 20,000 sockets).
 * Socket.IO calls a listener with the connection as `this`, as Node's EventEmitter does.
 */
export type SocketListener = (this: AppSocket, ...args: unknown[]) => unknown;

/**
 * Wraps a socket event handler: login still valid, role check, zod parse of the payload, one ack
 * envelope for success and every error. A client that sends no ack callback gets nothing, and
 * nothing throws. A connection whose login ended (logout, expiry) is answered and then dropped.
 * `shape`: a cheaper check of the payload for the hottest events, accepting only what `schema`
 * accepts; what it does not accept (undefined) is parsed by `schema`, which words the refusal.
 */
export function handle<S extends z.ZodType, T>(
  ctx: HandlerContext,
  opts: { event: string; roles: readonly Role[]; schema: S; shape?: (payload: unknown) => z.infer<S> | undefined },
  fn: (socket: AppSocket, payload: z.infer<S>) => T,
) {
  const { log } = ctx;
  return async function (this: AppSocket, payload: unknown, ack: unknown) {
    const socket = this;
    const reply = typeof ack === 'function' ? (ack as (r: Ack<Awaited<T>>) => void) : () => {};
    try {
      if (!ctx.isAuthorised(socket)) {
        reply(toAckError(new UnauthenticatedError('Your login has ended; log in again', { key: 'auth.loginEnded' })));
        socket.disconnect(true);
        return;
      }
      if (!opts.roles.includes(socket.data.user.role)) throw new ForbiddenError();
      const parsed = opts.shape?.(payload) ?? opts.schema.parse(payload);
      reply({ ok: true, data: await fn(socket, parsed) });
    } catch (err) {
      const out = toAckError(err);
      // A socket event has no request id: the connection's id and the user tie its lines together.
      if (!out.ok && out.error.code === 'INTERNAL') log.error({ err, event: opts.event, socketId: socket.id, userId: socket.data.user?.userId }, 'socket handler failed');
      reply(out);
    }
  };
}

/** Adds `listeners` (made once, by `handle`) to every connection of `io` as it connects. */
export function listenOnEach(io: { on(event: 'connection', fn: (socket: AppSocket) => void): unknown }, listeners: Readonly<Record<string, SocketListener>>) {
  const entries = Object.entries(listeners);
  io.on('connection', (socket) => {
    for (const [event, listener] of entries) (socket as unknown as { on(e: string, l: SocketListener): void }).on(event, listener);
  });
}
