import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker thread on one of the server's modules, named by the URL of its TypeScript
 * source (`new URL('./x-worker.ts', import.meta.url)`). Compiled, the module's `.js` runs on plain
 * node; in development a small bootstrap loads tsx inside the thread first.
 */
export function startWorker(source: URL, options: WorkerOptions = {}): Worker {
  if (import.meta.url.endsWith('.js')) return new Worker(new URL(source.href.replace(/\.ts$/, '.js')), options);
  return new Worker(new URL('./ts-worker.mjs', import.meta.url), { ...options, argv: [source.href, ...(options.argv ?? [])] });
}
