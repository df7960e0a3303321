// Worker bootstrap for development: the server's TypeScript runs through tsx, which a worker thread
// must load itself before importing the module named by startWorker (process.argv[2]).
import { tsImport } from 'tsx/esm/api';

await tsImport(process.argv[2], import.meta.url);
