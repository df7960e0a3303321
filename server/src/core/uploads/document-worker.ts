import { parentPort } from 'node:worker_threads';
import { assertDocumentDecodes, sniffDocument, UnacceptableFileError } from './sniff.ts';

/** Worker thread of one document check (document-check.ts): the structure walk and the full decode. */

parentPort!.once('message', (input: { file: string }) => {
  (async () => {
    const sniffed = sniffDocument(input.file);
    await assertDocumentDecodes(input.file, sniffed);
    return sniffed;
  })().then(
    (value) => parentPort!.postMessage({ type: 'done', value }),
    (err: unknown) =>
      parentPort!.postMessage({
        type: 'failed',
        error: err instanceof UnacceptableFileError ? { key: err.key, message: err.message } : { key: 'job.failed', message: err instanceof Error ? err.message : String(err) },
      }),
  );
});
