import { defineConfig } from '@playwright/test';
import fs from 'node:fs';

const port = Number(process.env.E2E_PORT ?? 3999);
// Debian's Chromium, never a downloaded browser. The real binary skips the wrapper's shell warning.
const chromium = ['/usr/lib/chromium/chromium', '/usr/bin/chromium'].find((p) => fs.existsSync(p));

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.e2e.ts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: '../../test-results',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: 'zh-CN',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromium,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: {
    // A fresh demo database for every run.
    command: 'rm -rf .tmp/e2e-data && tsx server/src/main.ts',
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
