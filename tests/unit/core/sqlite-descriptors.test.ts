import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';

const probe = path.resolve(import.meta.dirname, '../../helpers/fd-exhaustion-probe.ts');

/** Runs the probe in a child of its own: it takes every file descriptor it can. */
function writeWithNoDescriptorLeft(mode: string[] = []): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-fds-'));
  try {
    return execFileSync(process.execPath, ['--import', 'tsx', probe, path.join(dir, 'probe.sqlite'), ...mode], { encoding: 'utf8', timeout: 60_000 }).trim();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

it.runIf(process.platform === 'linux')('a write commits with every file descriptor taken by sockets (temp store in memory)', () => {
  expect(writeWithNoDescriptorLeft()).toBe('ok');
}, 90_000);

it.runIf(process.platform === 'linux')('the same write on a file temp store fails: what the 20,000-candidate bench hit', () => {
  expect(writeWithNoDescriptorLeft(['--file-temp'])).toMatch(/^failed: unable to open database file/);
}, 90_000);
