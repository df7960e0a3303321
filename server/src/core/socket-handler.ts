import type { FastifyBaseLogger } from 'fastify';
import type { z } from 'zod';
import type { Role } from '@shared/domain.ts';
import type { Ack } from '@shared/events.ts';
import { toAckError } from './error-handler.ts';
import { ForbiddenError, UnauthenticatedError } from './errors.ts';
import type { AppSocket } from './socket.ts';

export type HandlerContext = { log: FastifyBaseLogger; isAuthorised: (socket: AppSocket) => boolean };

/**
 * Wraps a socket event handler: login still valid, role check, zod parse of the payload, one ack
 * envelope for success and every error. A client that sends no ack callback gets nothing, and
 * nothing throws. A connection whose login ended (logout, expiry) is answered and then dropped.
 * `shape`: a cheaper check of the payload for the hottest events, accepting only what `schema`
 * accepts; what it does not accept (undefined) is parsed by `schema`, which words the refusal.
 */
export function handle<S extends z.ZodType, T>(
  socket: AppSocket,
  ctx: HandlerContext,
  opts: { event: string; roles: readonly Role[]; schema: S; shape?: (payload: unknown) => z.infer<S> | undefined },
  fn: (payload: z.infer<S>) => T,
) {
  const { log } = ctx;
  return async (payload: unknown, ack: unknown) => {
    const reply = typeof ack === 'function' ? (ack as (r: Ack<Awaited<T>>) => void) : () => {};
    try {
      if (!ctx.isAuthorised(socket)) {
        reply(toAckError(new UnauthenticatedError('Your login has ended; log in again', { key: 'auth.loginEnded' })));
        socket.disconnect(true);
        return;
      }
      if (!opts.roles.includes(socket.data.user.role)) throw new ForbiddenError();
      const parsed = opts.shape?.(payload) ?? opts.schema.parse(payload);
      reply({ ok: true, data: await fn(parsed) });
    } catch (err) {
      const out = toAckError(err);
      // A socket event has no request id: the connection's id and the user tie its lines together.
      if (!out.ok && out.error.code === 'INTERNAL') log.error({ err, event: opts.event, socketId: socket.id, userId: socket.data.user?.userId }, 'socket handler failed');
      reply(out);
    }
  };
}
