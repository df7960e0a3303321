import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { candidateLoginBodySchema, meSchema, staffLoginBodySchema, type Me } from '@shared/api.ts';
import { errorBodySchema } from '@shared/errors.ts';
import { applicantRegisterBodySchema } from '@shared/registration.ts';
import type { Config } from '../../core/config.ts';
import { currentUser, SESSION_COOKIE, type SessionUser } from '../../core/session-user.ts';
import { tokenRoom } from '../../core/socket.ts';
import type { AuthService } from './auth-service.ts';

const toMe = (u: SessionUser): Me => ({ userId: u.userId, role: u.role, displayName: u.displayName, ticketNo: u.ticketNo });

export const authRoutes: FastifyPluginAsyncZod<{ auth: AuthService; config: Config }> = async (app, { auth, config }) => {
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: config.cookieSecure,
    maxAge: Math.floor(config.sessionTtlMs / 1000),
  };

  // Exam rooms sit behind one NAT address: limiting by address alone would lock out a whole room
  // at the start of a sitting, so the key is address plus the login being tried.
  const rateLimit = {
    max: config.loginRate.max,
    timeWindow: config.loginRate.windowMs,
    hook: 'preHandler' as const,
    keyGenerator: (req: { ip: string; body?: unknown }) => {
      const body = (req.body ?? {}) as { ticketNo?: unknown; username?: unknown };
      return `${req.ip}|${String(body.ticketNo ?? body.username ?? '')}`;
    },
  };
  const loginResponses = { 200: meSchema, 400: errorBodySchema, 401: errorBodySchema, 429: errorBodySchema };

  app.post(
    '/candidate/login',
    { schema: { tags: ['auth'], body: candidateLoginBodySchema, response: loginResponses }, config: { rateLimit, access: 'public' } },
    async (request, reply) => {
      const { token, user } = await auth.login('candidate', request.body.ticketNo, request.body.password, request.ip);
      void reply.setCookie(SESSION_COOKIE, token, cookieOptions);
      return toMe(user);
    },
  );

  app.post(
    '/staff/login',
    { schema: { tags: ['auth'], body: staffLoginBodySchema, response: loginResponses }, config: { rateLimit, access: 'public' } },
    async (request, reply) => {
      const { token, user } = await auth.login('staff', request.body.username, request.body.password, request.ip);
      void reply.setCookie(SESSION_COOKIE, token, cookieOptions);
      return toMe(user);
    },
  );

  app.post(
    '/applicant/login',
    { schema: { tags: ['auth'], body: staffLoginBodySchema, response: loginResponses }, config: { rateLimit, access: 'public' } },
    async (request, reply) => {
      const { token, user } = await auth.login('applicant', request.body.username, request.body.password, request.ip);
      void reply.setCookie(SESSION_COOKIE, token, cookieOptions);
      return toMe(user);
    },
  );

  app.post(
    '/applicant/register',
    { schema: { tags: ['auth'], body: applicantRegisterBodySchema, response: { ...loginResponses, 409: errorBodySchema } }, config: { rateLimit, access: 'public' } },
    async (request, reply) => {
      const { token, user } = await auth.registerApplicant(request.body, request.ip);
      void reply.setCookie(SESSION_COOKIE, token, cookieOptions);
      return toMe(user);
    },
  );

  app.post('/logout', { config: { access: 'public' }, schema: { tags: ['auth'], response: { 204: z.null() } } }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    await auth.logout(token, request.user?.userId ?? null);
    // The exam pages opened with this login close now, not at their next event, on every node
    // (a room operation the adapter carries; fetchSockets would wait on every node, and time out on a dead one).
    if (token) app.io.in(tokenRoom(token)).disconnectSockets(true);
    void reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: config.cookieSecure });
    return reply.status(204).send(null);
  });

  app.get('/me', { config: { access: 'authenticated' }, schema: { tags: ['auth'], response: { 200: meSchema, 401: errorBodySchema } } }, async (request) => toMe(currentUser(request)));
};
