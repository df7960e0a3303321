import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { enforceDeclaredAccess } from '../../../server/src/features/auth/access.ts';

describe('declared access', () => {
  it('refuses to start with an API route that does not say who may call it', async () => {
    const app = Fastify();
    app.decorateRequest('user', null);
    enforceDeclaredAccess(app, { exempt: () => false });
    app.get('/api/ok', { config: { access: 'public' } }, async () => 'ok');
    expect(() => app.get('/api/forgotten', async () => 'oops')).toThrow('Route GET /api/forgotten declares no access');
    await app.close();
  });

  it('records every route with its access and guards the non-public ones', async () => {
    const app = Fastify();
    app.decorateRequest('user', null);
    enforceDeclaredAccess(app, { exempt: () => false });
    app.get('/api/open', { config: { access: 'public' } }, async () => 'open');
    app.post('/api/admin-only', { config: { access: ['admin'] } }, async () => 'secret');
    expect(app.routeTable).toEqual([
      { method: 'GET', url: '/api/open', access: 'public' },
      { method: 'POST', url: '/api/admin-only', access: ['admin'] },
    ]);
    expect((await app.inject({ method: 'GET', url: '/api/open' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/api/admin-only' })).statusCode).toBe(401);
    await app.close();
  });
});
