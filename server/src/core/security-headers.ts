import type { FastifyHelmetOptions } from '@fastify/helmet';

/**
 * Helmet's headers for how the site is served. Exam rooms usually open it over plain HTTP on the
 * LAN (http://exam-server:3000): there `upgrade-insecure-requests` would send every script to an
 * https:// address nobody serves (a blank page), and HSTS would lock the name to HTTPS. Both are
 * only for a site served over HTTPS, as is COOP, which browsers ignore (with a console warning) on
 * an origin that is not secure.
 */
export function securityHeaders(servedOverHttps: boolean): FastifyHelmetOptions {
  return {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Mantine sets style attributes at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: servedOverHttps ? [] : null,
      },
    },
    // Not includeSubDomains: a school's other hosts may still be plain HTTP.
    strictTransportSecurity: servedOverHttps ? { maxAge: 180 * 24 * 3600, includeSubDomains: false } : false,
    crossOriginOpenerPolicy: servedOverHttps,
  };
}
