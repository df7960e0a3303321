import { parentPort } from 'node:worker_threads';

/** A worker that misbehaves as asked, for the bounded-worker tests: eats memory, spins, or answers. */
parentPort!.once('message', (input: { mode: 'memory' | 'spin' | 'answer' | 'progress' }) => {
  if (input.mode === 'memory') {
    const hoard: number[][] = [];
    for (;;) hoard.push(Array.from({ length: 1_000_000 }, (_, i) => i));
  }
  if (input.mode === 'spin') for (;;);
  if (input.mode === 'progress') parentPort!.postMessage({ type: 'progress', progress: { step: 1 } });
  if (input.mode === 'progress') return;
  parentPort!.postMessage({ type: 'done', value: 42 });
});
