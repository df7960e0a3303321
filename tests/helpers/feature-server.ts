import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { registerErrorHandling } from '../../server/src/core/error-handler.ts';
import { enforceDeclaredAccess } from '../../server/src/features/auth/access.ts';
import { SESSION_COOKIE, type SessionUser } from '../../server/src/core/session-user.ts';
import type { AuthService } from '../../server/src/features/auth/auth-service.ts';
import { authGuardPlugin } from '../../server/src/features/auth/guard.ts';

/**
 * One feature's routes on a real listening server, on whichever store the test hands them, before
 * the whole app can run on PostgreSQL (issue #16: features move to the async layer one by one).
 * Logins are stubbed: the cookie `kc_session=<name>` is the user registered under that name. The
 * error handling and the declared-access guard are the app's own.
 */
export type FeatureServer = {
  app: FastifyInstance;
  baseUrl: string;
  cookie(name: string): string;
  http(method: string, url: string, opts?: { cookie?: string; body?: unknown }): Promise<{ status: number; json: any; text: string; headers: Headers }>;
  close(): Promise<void>;
};

export async function startFeatureServer(opts: { users: Record<string, SessionUser>; register: (api: FastifyInstance) => Promise<void> }): Promise<FeatureServer> {
  const app = Fastify({ logger: false });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  await app.register(cookie);
  enforceDeclaredAccess(app, { exempt: () => false });
  const auth = { userForToken: (token: string | undefined) => (token ? opts.users[token] : undefined) } as unknown as AuthService;
  await app.register(authGuardPlugin, { auth });
  await app.register(async (api) => opts.register(api), { prefix: '/api' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  if (!addr || typeof addr === 'string') throw new Error('no address');
  const baseUrl = `http://127.0.0.1:${addr.port}`;
  return {
    app,
    baseUrl,
    cookie: (name) => `${SESSION_COOKIE}=${name}`,
    async http(method, url, { cookie: c, body } = {}) {
      const res = await fetch(baseUrl + url, {
        method,
        headers: { ...(c ? { cookie: c } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      let json: unknown = null;
      try {
        json = text ? JSON.parse(text) : null;
      } catch {
        json = null;
      }
      return { status: res.status, json, text, headers: res.headers };
    },
    close: () => app.close(),
  };
}
