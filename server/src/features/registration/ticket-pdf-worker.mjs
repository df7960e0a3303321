// Worker entry: the server's TypeScript runs through tsx, which a worker thread must load itself.
import { tsImport } from 'tsx/esm/api';

await tsImport('./ticket-pdf-worker.ts', import.meta.url);
