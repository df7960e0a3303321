import fs from 'node:fs';
import { projectPaths } from './paths.ts';

const pkg = JSON.parse(fs.readFileSync(projectPaths.packageJson, 'utf8')) as { version: string };
export const APP_VERSION = pkg.version;
