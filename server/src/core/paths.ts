import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folders the server reads beside its code, found from the project root (the nearest folder
 * with a package.json above this module). Paths relative to a module's own URL would differ between
 * the sources run by tsx (server/src/…) and the compiled tree (dist/server/src/…); the root does not.
 */
function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}: the server must run inside its project folder`);
  }
}

export const projectRoot = findProjectRoot(path.dirname(fileURLToPath(import.meta.url)));

export const projectPaths = Object.freeze({
  packageJson: path.join(projectRoot, 'package.json'),
  migrations: path.join(projectRoot, 'server', 'migrations'),
  migrationsPg: path.join(projectRoot, 'server', 'migrations-pg'),
  clientDist: path.join(projectRoot, 'dist', 'client'),
  questionBanks: path.join(projectRoot, 'question-banks'),
});
