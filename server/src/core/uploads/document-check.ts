import { BoundedJobError, runBounded, type BoundedLimits } from '../bounded-worker.ts';
import { UnacceptableFileError, type Sniffed } from './sniff.ts';

/**
 * Checks an uploaded document (PDF, PNG, JPEG: sniff.ts) in a bounded worker thread, as bank files
 * are: the structure walk and the decode can then neither hold the event loop nor take the
 * server's memory, whatever the file is. A file the check cannot finish within its limits is refused.
 */

export const DOCUMENT_CHECK_LIMITS: BoundedLimits = { timeoutMs: 30_000, maxHeapMb: 256 };

export async function checkDocument(file: string, limits: BoundedLimits = DOCUMENT_CHECK_LIMITS): Promise<Sniffed> {
  try {
    return await runBounded<Sniffed>(new URL('./document-worker.ts', import.meta.url), { file }, limits).promise;
  } catch (err) {
    if (!(err instanceof BoundedJobError)) throw err;
    if (err.key === 'job.timeout' || err.key === 'job.memory') throw new UnacceptableFileError(`The document could not be checked within its limits (${err.message})`, { key: 'document.tooHeavy' });
    if (err.key.startsWith('job.')) throw new Error(err.message);
    // Any other key is the refusal the check itself made, worded by the client (errors.detail.<key>).
    throw new UnacceptableFileError(err.message, { key: err.key });
  }
}
