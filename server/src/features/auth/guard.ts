import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Role } from '@shared/domain.ts';
import { ForbiddenError, UnauthenticatedError } from '../../core/errors.ts';
import { SESSION_COOKIE } from '../../core/session-user.ts';
import type { AuthService } from './auth-service.ts';

/** Resolves the session cookie to a user on every request; routes then state which roles they admit. */
export const authGuardPlugin = fp(async (app: FastifyInstance, opts: { auth: Pick<AuthService, 'userForToken'> }) => {
  app.decorateRequest('user', null);
  app.addHook('onRequest', async (request) => {
    request.user = (await opts.auth.userForToken(request.cookies[SESSION_COOKIE])) ?? null;
  });
});

export function requireRole(...roles: Role[]) {
  return async (request: FastifyRequest) => {
    if (!request.user) throw new UnauthenticatedError();
    if (!roles.includes(request.user.role)) throw new ForbiddenError();
  };
}
