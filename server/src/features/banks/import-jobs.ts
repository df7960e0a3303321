import { randomUUID } from 'node:crypto';
import type { ImportJob, ImportProgressDto, ImportResponse } from '@shared/banks-api.ts';
import { BoundedJobError, runBounded } from '../../core/bounded-worker.ts';
import { ImportFileError } from './formats/import-error.ts';
import type { ImportedFile, ImportRequest } from './import-file.ts';

/**
 * Bank imports as jobs: each parses its file in a worker thread of its own (import-worker.ts) with
 * a time limit, a heap limit and an input size limit, reports progress and can be cancelled. Only
 * saving the parsed bank (one transaction of inserts) happens on the server's thread. Jobs live in memory: a
 * restart loses running imports, which the admin simply starts again.
 */

export type ImportLimits = { maxBytes: number; timeoutMs: number; maxHeapMb: number; maxRunning: number };

export const DEFAULT_IMPORT_LIMITS: ImportLimits = { maxBytes: 20 * 1024 * 1024, timeoutMs: 120_000, maxHeapMb: 512, maxRunning: 2 };

const KEEP_FINISHED_MS = 60 * 60 * 1000;
const KEEP_FINISHED_MAX = 50;

const MB = (n: number) => Math.round((n / 1024 / 1024) * 100) / 100;

type Entry = { job: ImportJob; cancel(): void; done: Promise<ImportJob> };

export function assertImportSize(bytes: number, limits: Pick<ImportLimits, 'maxBytes'>): void {
  if (bytes > limits.maxBytes) throw new ImportFileError('input.tooLarge', { mb: MB(bytes), maxMb: MB(limits.maxBytes) });
}

/** Parses one file in a bounded worker; the CLI uses this directly, the server through jobs. */
export function parseInWorker(content: Buffer, request: ImportRequest, limits: ImportLimits, onProgress?: (p: ImportProgressDto) => void) {
  assertImportSize(content.length, limits);
  // A copy the worker owns: the transfer detaches it from this thread without touching the caller's buffer.
  const bytes = new Uint8Array(content);
  return runBounded<ImportedFile, ImportProgressDto>(new URL('./import-worker.ts', import.meta.url), { content: bytes, request }, limits, onProgress, [bytes.buffer]);
}

export function createImportJobs(deps: { limits: ImportLimits; now: () => number; save: (file: ImportedFile, request: ImportRequest, actorUserId: number | null) => Promise<ImportResponse> }) {
  const jobs = new Map<string, Entry>();

  function prune() {
    const finished = [...jobs.values()].filter((e) => e.job.state !== 'running').sort((a, b) => a.job.startedAt - b.job.startedAt);
    for (const [i, e] of finished.entries()) {
      if (deps.now() - e.job.startedAt > KEEP_FINISHED_MS || finished.length - i > KEEP_FINISHED_MAX) jobs.delete(e.job.id);
    }
  }

  const running = () => [...jobs.values()].filter((e) => e.job.state === 'running').length;

  return {
    /** Starts an import; refuses at once a file over the size limit, or one too many running. */
    start(content: Buffer, request: ImportRequest, actorUserId: number | null): ImportJob {
      prune();
      assertImportSize(content.length, deps.limits);
      if (running() >= deps.limits.maxRunning) throw new ImportFileError('job.busy', { running: running() });
      const job: ImportJob = { id: randomUUID(), fileName: request.fileName, state: 'running', startedAt: deps.now(), progress: { stage: 'queued', done: 0, total: 1 }, result: null, error: null };
      const run = parseInWorker(content, request, deps.limits, (progress) => {
        if (job.state === 'running') job.progress = progress;
      });
      const done = run.promise.then(
        async (file) => {
          if (job.state !== 'running') return job;
          job.progress = { stage: 'saving', done: 0, total: 1 };
          try {
            job.result = await deps.save(file, request, actorUserId);
            job.state = 'done';
            job.progress = { stage: 'saving', done: 1, total: 1 };
          } catch (err) {
            job.state = 'failed';
            job.error = { key: 'job.failed', params: { detail: err instanceof Error ? err.message : String(err) }, message: err instanceof Error ? err.message : String(err) };
          }
          return job;
        },
        (err: unknown) => {
          if (job.state !== 'running') return job;
          const e = err instanceof BoundedJobError ? err : new BoundedJobError('job.failed', { detail: String(err) }, String(err));
          job.state = e.key === 'job.cancelled' ? 'cancelled' : 'failed';
          job.error = { key: e.key, params: e.params, message: e.message, ...(e.issues ? { issues: e.issues } : {}) };
          return job;
        },
      );
      jobs.set(job.id, { job, cancel: run.cancel, done });
      return job;
    },

    get: (id: string): ImportJob | null => jobs.get(id)?.job ?? null,

    list: (): ImportJob[] => [...jobs.values()].map((e) => e.job).sort((a, b) => b.startedAt - a.startedAt),

    /** The job once it has ended, whichever way. */
    wait: (id: string): Promise<ImportJob> | null => jobs.get(id)?.done ?? null,

    cancel(id: string): ImportJob | null {
      const entry = jobs.get(id);
      if (!entry) return null;
      // Once parsed, the bank's transaction is under way: too late to cancel, the job ends as it commits.
      if (entry.job.state !== 'running' || entry.job.progress.stage === 'saving') return entry.job;
      entry.cancel();
      entry.job.state = 'cancelled';
      entry.job.error = { key: 'job.cancelled', message: 'the import was cancelled' };
      return entry.job;
    },

    /** Ends every running job (server shutdown). */
    cancelAll(): void {
      for (const e of jobs.values()) if (e.job.state === 'running') e.cancel();
    },
  };
}
export type ImportJobs = ReturnType<typeof createImportJobs>;
