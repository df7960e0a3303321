import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions, e2ePort as port } from './chromium.ts';

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.e2e.ts',
  timeout: 120_000,
  // Generous: a loaded 2-core machine (CI shares it) can take seconds to load a lazy chunk; nothing here measures speed.
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: '../../test-results',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: 'zh-CN',
    // No trace: recording one costs every test a third of its time on two cores (the rehearsal
    // 1.8 min with it, 1 min without), failing or not. A failure still leaves its screenshot and
    // page snapshot; `npm run test:e2e -- --trace on` records traces when one is needed.
    trace: 'off',
    screenshot: 'only-on-failure',
    launchOptions: chromiumLaunchOptions,
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: {
    // A fresh demo database for every run, served by the compiled server (`npm run build` first).
    command: 'rm -rf .tmp/e2e-data && node --enable-source-maps dist/server/src/main.js',
    cwd: '../..',
    url: `http://127.0.0.1:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
    // CLOCK_CONTROL: the rehearsal moves the server's clock instead of sleeping through parts.
    env: { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: '.tmp/e2e-data', NODE_ENV: 'test', LOG_LEVEL: 'warn', LOGIN_RATE_MAX: '100', CLOCK_CONTROL: 'true' },
  },
});
