import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fixture } from '../../helpers/test-exam.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const tsx = path.join(root, 'node_modules/.bin/tsx');

function bank(...args: string[]) {
  const r = spawnSync(tsx, ['server/src/cli/bank.ts', ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Each test starts several tsx processes; on a loaded two-core machine one start can take seconds.
describe('npm run bank', { timeout: 180_000 }, () => {
  it('validates a good bank and refuses a bad one with the item and the line', () => {
    expect(bank('validate', fixture('small-bank.yaml'))).toMatchObject({ code: 0, stdout: expect.stringContaining('valid, 8 items') });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-cli-'));
    const bad = path.join(dir, 'bad.yaml');
    fs.writeFileSync(bad, fs.readFileSync(fixture('small-bank.yaml'), 'utf8').replace('answer: c', 'answer: x'));
    const r = bank('validate', bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad\.yaml:\d+ item S-002 answer: answer must name one of the options/);
  });

  it('prints stats, also as JSON', () => {
    const r = bank('stats', fixture('small-bank.yaml'), '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ items: 8, byType: { single: 4, multi: 2, truefalse: 2 } });
    expect(bank('stats', fixture('small-bank.yaml')).stdout).toMatch(/type:\n\s+multi\s+2/);
  });

  it('imports a foreign file to native YAML with the report on stderr', () => {
    const r = bank('import', fixture('qbank/aiken/security.aiken.txt'), '--id-prefix', 'AK', '--levels', '4');
    expect([0, 3]).toContain(r.code);
    expect(r.stderr).toMatch(/format: aiken/);
    expect(r.stderr).toMatch(/\d+ imported, \d+ with warnings, \d+ errors/);
    const out = parse(r.stdout);
    expect(out.items.length).toBeGreaterThan(0);
    expect(out.items[0].id).toMatch(/^AK-\d{3}$/);
  });

  it('imports in a bounded worker: a zip bomb and a file over --max-mb are refused with a reason', () => {
    expect(bank('import', fixture('qbank/hostile/zip-bomb.xlsx'))).toMatchObject({ code: 1, stderr: expect.stringMatching(/compressed \d+ to 1, more than the 200 to 1 allowed/) });
    expect(bank('import', fixture('qbank/package/qti21-package.zip'), '--max-mb', '0.001')).toMatchObject({ code: 1, stderr: expect.stringMatching(/more than the 0 MB allowed/) });
    const pkg = bank('import', fixture('qbank/package/qti21-package.zip'), '--id-prefix', 'PK');
    expect(pkg.stderr).toMatch(/format: qti21/);
    expect(parse(pkg.stdout).items.map((i: { id: string }) => i.id)).toEqual(['PK-1-001', 'PK-2-001']);
  });

  it('imports the readable documents of a package that misses one, exiting 3 for the partial import', () => {
    const r = bank('import', fixture('qbank/report-lines/lines-package.zip'), '--id-prefix', 'PP');
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/import.documentMissing {"file":"items\/gone.xml"}/);
    expect(r.stderr).toMatch(/0 imported, 1 with warnings, 2 errors/);
    expect(parse(r.stdout).items.map((i: { id: string }) => i.id)).toEqual(['PP-1-001']);
  });

  it('exports to Moodle XML and QTI 3.0', () => {
    const moodle = bank('export', fixture('small-bank.yaml'), '--format', 'moodle-xml');
    expect(moodle.code).toBe(0);
    expect(moodle.stdout).toMatch(/<quiz>/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-qti-'));
    const qti = bank('export', fixture('small-bank.yaml'), '--format', 'qti3', '--out', dir);
    expect(qti.code).toBe(0);
    expect(fs.readdirSync(dir, { recursive: true }).some((f) => String(f).endsWith('imsmanifest.xml'))).toBe(true);
  });

  it('fails clearly on a missing file, an unknown format and a bad option', () => {
    expect(bank('validate', 'no/such/file.yaml')).toMatchObject({ code: 1, stderr: expect.stringMatching(/no such file/i) });
    expect(bank('export', fixture('small-bank.yaml'), '--format', 'docx').code).toBe(1);
    expect(bank('import', fixture('small-bank.yaml'), '--levels', '9').code).toBe(1);
  });
});
