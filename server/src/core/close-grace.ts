import type { FastifyInstance } from 'fastify';

/** How long a close waits for HTTP requests under way before it closes their connections. */
export const CLOSE_GRACE_MS = 3_000;

/**
 * Bounds how long closing the server waits for HTTP connections. Node closes the connections that
 * are idle when the close begins; one whose request was still arriving then is answered and kept
 * alive for Fastify's 72 s keep-alive timeout. socket.io's close (a preClose hook) waits for the
 * HTTP server to close, and every feature's shutdown, the flush of pending writes among them, comes
 * after: a restart would hit main.ts's 15 s limit, a test its hook's 30 s. Requests under way get a
 * grace to finish; then every connection is closed. Register it before the socket plugin, so that
 * its preClose runs first.
 */
export function boundCloseWait(app: FastifyInstance, graceMs = CLOSE_GRACE_MS): void {
  let timer: NodeJS.Timeout | undefined;
  app.addHook('preClose', async () => {
    timer = setTimeout(() => app.server.closeAllConnections(), graceMs);
    timer.unref();
  });
  app.addHook('onClose', async () => clearTimeout(timer));
}
