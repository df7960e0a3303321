import type { FastifyRequest } from 'fastify';
import type { Role } from '@shared/domain.ts';
import { UnauthenticatedError } from './errors.ts';

/** Who is behind a request or a socket; every feature reads it, auth alone resolves it. */
export type SessionUser = { userId: number; role: Role; displayName: string; ticketNo: string | null; candidateId: number | null };

declare module 'fastify' {
  interface FastifyRequest {
    user: SessionUser | null;
  }
}

export function currentUser(request: FastifyRequest): SessionUser {
  if (!request.user) throw new UnauthenticatedError();
  return request.user;
}
