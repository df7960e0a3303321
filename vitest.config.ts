import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  resolve: { alias: { '@shared': fileURLToPath(new URL('./shared', import.meta.url)) } },
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    // Says in one line when the third-party bank files beside the project are absent.
    globalSetup: ['tests/helpers/third-party-notice.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Two cores: integration files each run a server, so keep the pool small.
    maxWorkers: 2,
  },
});
