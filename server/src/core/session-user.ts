import type { FastifyRequest } from 'fastify';
import type { Role } from '@shared/domain.ts';
import { UnauthenticatedError } from './errors.ts';

/** Who is behind a request or a socket; every feature reads it, auth alone resolves it. */
export type SessionUser = { userId: number; role: Role; displayName: string; ticketNo: string | null; candidateId: number | null };

export const SESSION_COOKIE = 'kc_session';

/** A live login: who holds it and until when (its expiry is fixed at login; nothing extends it). */
export type Login = { user: SessionUser; expiresAt: number };

/** How the socket layer learns who holds a login token (the auth feature answers, from the database). */
export type LoginResolver = {
  loginForToken(token: string | undefined): Promise<Login | undefined>;
  /** The login was neither ended (logout, revoked, disabled, role changed) nor has it expired. */
  isTokenAlive(token: string): Promise<boolean>;
  /** Those of `tokens` that are alive, in one look (the socket layer's periodic backstop). */
  liveTokens(tokens: readonly string[]): Promise<Set<string>>;
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
