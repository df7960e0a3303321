import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

const YEAR_IMMUTABLE = 'public, max-age=31536000, immutable';

/** Vite names every file under assets/ by its content hash: a changed file is a new URL. */
const isHashedAsset = (file: string) => file.split(path.sep).includes('assets');

/**
 * The built client: files under assets/ cached for a year (their names change with their content),
 * everything else (index.html) revalidated on every load so an upgrade reaches the exam computers
 * at once. The build wrote brotli and gzip copies beside each file; the browser's Accept-Encoding
 * picks one. Source maps and the build manifest are never served.
 */
export async function registerClientAssets(app: FastifyInstance, clientDir: string): Promise<void> {
  await app.register(fastifyStatic, {
    root: clientDir,
    wildcard: false,
    preCompressed: true,
    cacheControl: false,
    globIgnore: ['**/*.map', '**/*.gz', '**/*.br', '.vite/**'],
    setHeaders: (reply, file) => void reply.header('cache-control', isHashedAsset(path.relative(clientDir, file)) ? YEAR_IMMUTABLE : 'no-cache'),
  });
}
