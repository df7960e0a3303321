import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { ISOLATED_FILES } from '../../../vitest.config.ts';

const root = path.resolve(import.meta.dirname, '../../..');

const testFiles = (dir: string): string[] =>
  fs.readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.test.ts')).map((f) => `${dir}/${f}`);

// In the shared project a vi.mock would quietly test the real module whenever another file of the
// same worker loaded it first.
it('runs every file that mocks a module in a module graph of its own', () => {
  const mocking = [...testFiles('tests/unit'), ...testFiles('tests/integration')].filter((file) => /\bvi\.(do)?[mM]ock\(/.test(fs.readFileSync(path.join(root, file), 'utf8')));
  expect(mocking.length).toBeGreaterThan(0);
  expect(mocking.filter((file) => !ISOLATED_FILES.includes(file))).toEqual([]);
  for (const file of ISOLATED_FILES) expect(fs.existsSync(path.join(root, file)), file).toBe(true);
});
