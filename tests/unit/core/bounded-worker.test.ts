import { describe, expect, it } from 'vitest';
import { runBounded } from '../../../server/src/core/bounded-worker.ts';

const hog = new URL('../../helpers/hog-worker.ts', import.meta.url);

// Each run starts a worker thread (under tsx it loads the TypeScript sources first).
describe('bounded worker threads', { timeout: 120_000 }, () => {
  it('gives the value the worker sends', async () => {
    await expect(runBounded(hog, { mode: 'answer' }, { timeoutMs: 60_000, maxHeapMb: 64 }).promise).resolves.toBe(42);
  });

  it('ends a worker that outgrows its heap limit, as job.memory, and the server thread lives on', async () => {
    await expect(runBounded(hog, { mode: 'memory' }, { timeoutMs: 100_000, maxHeapMb: 48 }).promise).rejects.toMatchObject({ key: 'job.memory' });
  });

  it('ends a worker that spins past its time limit, as job.timeout', async () => {
    await expect(runBounded(hog, { mode: 'spin' }, { timeoutMs: 3000, maxHeapMb: 64 }).promise).rejects.toMatchObject({ key: 'job.timeout', params: { seconds: 3 } });
  });

  it('reports progress and cancels on request, as job.cancelled', async () => {
    const seen: unknown[] = [];
    let run: ReturnType<typeof runBounded> | undefined;
    const progressed = new Promise<void>((resolve) => {
      run = runBounded(hog, { mode: 'progress' }, { timeoutMs: 100_000, maxHeapMb: 64 }, (p) => {
        seen.push(p);
        resolve();
      });
    });
    await progressed;
    run!.cancel();
    await expect(run!.promise).rejects.toMatchObject({ key: 'job.cancelled' });
    expect(seen).toEqual([{ step: 1 }]);
  });
});
