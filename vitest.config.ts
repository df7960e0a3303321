import { configDefaults, defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

// Each of these runs in a fresh module graph of its own (the `isolated` project below);
// tests/unit/core/test-isolation.test.ts holds every vi.mock file to this list.
export const ISOLATED_FILES = [
  // vi.mock replaces a module only where it is not loaded yet.
  'tests/unit/exam/option-ids-one-item.test.ts',
  'tests/unit/client/evidence-store.test.ts',
  // drizzle-kit's api adds enumerable methods to Array.prototype and String.prototype, which
  // pdf.js (the ticket tests' PDF reader) refuses to load beside.
  'tests/unit/core/schema-parity.test.ts',
];

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
          exclude: [...configDefaults.exclude, ...ISOLATED_FILES],
          // A worker keeps its loaded modules from one file to the next: loading the server's graph
          // afresh for each of 190 files cost a third of the run (8.4 min → 5 min on two cores).
          // Every file builds its own app, store and temp directory, and restores what it stubs; a file
          // that changes what other files load goes in ISOLATED_FILES.
          isolate: false,
          setupFiles: ['tests/helpers/shared-worker-guard.ts'],
        },
      },
      { extends: true, test: { name: 'isolated', include: ISOLATED_FILES } },
    ],
  },
});
