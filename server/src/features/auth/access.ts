import type { FastifyInstance, RouteOptions } from 'fastify';
import type { Role } from '@shared/domain.ts';
import { requireRole } from './guard.ts';

/** Who may call a route: anyone, any logged-in user, or the listed roles. */
export type Access = 'public' | 'authenticated' | readonly Role[];

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyInstance {
    routeTable: RouteEntry[];
  }
}

export type RouteEntry = { method: string; url: string; access: Access };

const ALL_ROLES: Role[] = ['candidate', 'proctor', 'grader', 'admin', 'applicant'];

/**
 * Every API route must say who may call it; a route that does not stops the server at start-up,
 * so a new route cannot slip out of the authorisation checks. The table also feeds the tests'
 * authorisation matrix.
 */
export function enforceDeclaredAccess(app: FastifyInstance, opts: { exempt: (url: string) => boolean }): void {
  const table: RouteEntry[] = [];
  app.decorate('routeTable', table);
  app.addHook('onRoute', (route: RouteOptions) => {
    if (!route.url.startsWith('/api') || opts.exempt(route.url)) return;
    const access = route.config?.access;
    if (!access) throw new Error(`Route ${String(route.method)} ${route.url} declares no access (config.access)`);
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) if (method !== 'HEAD') table.push({ method, url: route.url, access });
    if (access === 'public') return;
    const guard = requireRole(...(access === 'authenticated' ? ALL_ROLES : access));
    // onRequest: refuse before the body is even validated, so strangers learn nothing from 400s.
    const existing = route.onRequest ? (Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest]) : [];
    route.onRequest = [...existing, guard];
  });
}
