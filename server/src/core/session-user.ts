import type { FastifyRequest } from 'fastify';
import type { Role } from '@shared/domain.ts';
import { UnauthenticatedError } from './errors.ts';

/** Who is behind a request or a socket; every feature reads it, auth alone resolves it. */
export type SessionUser = { userId: number; role: Role; displayName: string; ticketNo: string | null; candidateId: number | null };

export const SESSION_COOKIE = 'kc_session';

/** How the HTTP and socket layers learn who holds a login token (the auth feature answers). */
export type LoginResolver = {
  userForToken(token: string | undefined): SessionUser | undefined;
  isTokenAlive(token: string): boolean;
};

declare module 'fastify' {
  interface FastifyRequest {
    user: SessionUser | null;
  }
}

export function currentUser(request: FastifyRequest): SessionUser {
  if (!request.user) throw new UnauthenticatedError();
  return request.user;
}
