import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

// These replace a module with vi.mock, which only takes where the module is not loaded yet: each
// runs in a fresh module graph of its own.
const MOCKING_FILES = ['tests/unit/exam/option-ids-one-item.test.ts', 'tests/unit/client/evidence-store.test.ts'];

export default defineConfig({
  resolve: { alias: { '@shared': fileURLToPath(new URL('./shared', import.meta.url)) } },
  test: {
    // Says in one line when the third-party bank files beside the project are absent.
    globalSetup: ['tests/helpers/third-party-notice.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Two cores: integration files each run a server, so keep the pool small.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'shared',
          include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
          exclude: MOCKING_FILES,
          // A worker keeps its loaded modules from one file to the next: loading the server's graph
          // afresh for each of 190 files cost a third of the run (8.4 min → 5 min on two cores).
          // Every file builds its own app, store and temp directory, and restores what it stubs.
          isolate: false,
        },
      },
      { extends: true, test: { name: 'isolated', include: MOCKING_FILES } },
    ],
  },
});
