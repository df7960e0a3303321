import type { WorkerOptions } from 'node:worker_threads';
import { startWorker } from './workers.ts';

/**
 * One job in a worker thread of its own, bounded: a time limit, a heap limit (resourceLimits) and
 * cancellation, each ending the thread (terminate), so whatever the job parses can never hold the
 * server's event loop or its memory. Used for uploaded files: bank imports, registration documents.
 *
 * The worker module gets the job's input as its first message and answers with
 * `{ type: 'progress', ... }` messages, then one `{ type: 'done', value }` or `{ type: 'failed', error }`.
 */

export type BoundedLimits = { timeoutMs: number; maxHeapMb: number };

export type WorkerFailure = { key: string; params?: Record<string, string | number>; message: string; issues?: { path: string; message: string }[] };

/** Why a bounded job ended without a value; `key` is one of the job.* keys or the worker's own. */
export class BoundedJobError extends Error {
  constructor(
    readonly key: string,
    readonly params: Record<string, string | number> = {},
    message = key,
    readonly issues?: { path: string; message: string }[],
  ) {
    super(message);
  }
}

export type BoundedRun<T> = { promise: Promise<T>; cancel(): void };

export function runBounded<T, P = unknown>(source: URL, input: unknown, limits: BoundedLimits, onProgress?: (progress: P) => void, transfer: ArrayBuffer[] = []): BoundedRun<T> {
  const options: WorkerOptions = {
    resourceLimits: { maxOldGenerationSizeMb: limits.maxHeapMb, maxYoungGenerationSizeMb: Math.min(64, Math.max(8, Math.floor(limits.maxHeapMb / 8))), stackSizeMb: 4 },
  };
  const worker = startWorker(source, options);
  let settled = false;
  let cancel: () => void = () => {};
  const promise = new Promise<T>((resolve, reject) => {
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
      void worker.terminate();
    };
    const timer = setTimeout(() => finish(() => reject(new BoundedJobError('job.timeout', { seconds: Math.round(limits.timeoutMs / 1000) }, 'the job ran past its time limit'))), limits.timeoutMs);
    cancel = () => finish(() => reject(new BoundedJobError('job.cancelled', {}, 'the job was cancelled')));
    worker.on('message', (m: { type: 'progress'; progress: P } | { type: 'done'; value: T } | { type: 'failed'; error: WorkerFailure }) => {
      if (m.type === 'progress') onProgress?.(m.progress);
      else if (m.type === 'done') finish(() => resolve(m.value));
      else finish(() => reject(new BoundedJobError(m.error.key, m.error.params ?? {}, m.error.message, m.error.issues)));
    });
    worker.on('error', (err: Error & { code?: string }) => {
      const memory = err.code === 'ERR_WORKER_OUT_OF_MEMORY';
      finish(() => reject(memory ? new BoundedJobError('job.memory', {}, 'the job ran out of its memory limit') : new BoundedJobError('job.failed', { detail: err.message }, err.message)));
    });
    worker.on('exit', (code) => finish(() => reject(new BoundedJobError('job.failed', { detail: `worker exited with code ${code}` }, `worker exited with code ${code}`))));
    worker.postMessage(input, transfer);
  });
  return { promise, cancel: () => cancel() };
}
