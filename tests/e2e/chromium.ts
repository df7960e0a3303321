import fs from 'node:fs';

// Debian's Chromium, never a downloaded browser. The real binary skips the wrapper's shell warning.
const executablePath = ['/usr/lib/chromium/chromium', '/usr/bin/chromium'].find((p) => fs.existsSync(p));

export const chromiumLaunchOptions = {
  executablePath,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
};

export const e2ePort = Number(process.env.E2E_PORT ?? 3999);
