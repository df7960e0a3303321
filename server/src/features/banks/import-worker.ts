import { parentPort } from 'node:worker_threads';
import { importFile, refusal, type ImportRequest } from './import-file.ts';

/** Worker thread of one bank import (see import-runner.ts): one file in, one native bank out. */

parentPort!.once('message', (input: { content: Uint8Array; request: ImportRequest }) => {
  const content = Buffer.from(input.content.buffer, input.content.byteOffset, input.content.byteLength);
  parentPort!.postMessage({ type: 'progress', progress: { stage: 'reading', done: 0, total: 1 } });
  importFile(content, input.request, (stage, done, total) => parentPort!.postMessage({ type: 'progress', progress: { stage, done, total } })).then(
    (value) => parentPort!.postMessage({ type: 'done', value }),
    (err: unknown) => parentPort!.postMessage({ type: 'failed', error: refusal(err) }),
  );
});
