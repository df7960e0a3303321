import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './server-process.ts';

/** What `npm run build` writes; tests of the built product read these. */
export const BUILT = {
  clientManifest: path.join(repoRoot, 'dist/client/.vite/manifest.json'),
  serverMain: path.join(repoRoot, 'dist/server/src/main.js'),
};
const SOURCES = ['client/src', 'client/vite.config.ts', 'server/src', 'server/build.ts', 'shared', 'package.json', 'package-lock.json'];
const LOCK = path.join(repoRoot, '.tmp', 'build.lock');

function newestMtime(p: string): number {
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...fs.readdirSync(p).map((f) => newestMtime(path.join(p, f))));
}

function isFresh(): boolean {
  const outputs = Object.values(BUILT);
  if (!outputs.every((f) => fs.existsSync(f))) return false;
  const built = Math.min(...outputs.map((f) => fs.statSync(f).mtimeMs));
  return SOURCES.every((s) => newestMtime(path.join(repoRoot, s)) <= built);
}

/**
 * `npm test` builds before vitest runs, so this only checks. Run alone (`npx vitest run <file>`),
 * a test of the built product builds first when the build is missing or older than the sources;
 * a lock folder keeps two test files from building at once.
 */
export async function ensureBuilt(): Promise<void> {
  if (isFresh()) return;
  fs.mkdirSync(path.dirname(LOCK), { recursive: true });
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 500));
      if (isFresh()) return;
    }
  }
  try {
    if (isFresh()) return;
    process.stderr.write('[test] the build is missing or older than the sources: running `npm run build`\n');
    // Without vitest's NODE_ENV=test, which Vite would bake into the bundle (libraries' debug code included).
    const { NODE_ENV: _testMode, ...env } = process.env;
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: repoRoot, env, stdio: ['ignore', 'ignore', 'inherit'] });
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}
