import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { parseBenchArgs, serveNodeFlags } from '../../../bench/args.ts';

describe('bench command line', () => {
  it('reads the options with their defaults', () => {
    expect(parseBenchArgs(['--candidates', '300', '--interval', '2'])).toEqual({
      kind: 'run',
      args: { candidates: 300, interval: 2, duration: 60, workers: 2, port: 3900, store: 'sqlite', nodes: 1, reply: 'compact' },
    });
    expect(parseBenchArgs(['--reply', 'today'])).toMatchObject({ kind: 'run', args: { reply: 'today' } });
    expect(parseBenchArgs(['--reply', 'gzip'])).toEqual({ kind: 'error', message: '--reply must be compact or today (got gzip)' });
    expect(parseBenchArgs(['--profile', 'prof'])).toMatchObject({ kind: 'run', args: { profile: 'prof' } });
    expect(parseBenchArgs(['--node-flags=--max-semi-space-size=16  --enable-source-maps'])).toMatchObject({ kind: 'run', args: { nodeFlags: ['--max-semi-space-size=16', '--enable-source-maps'] } });
  });

  it("starts the server with the serve script's node flags, as production does", () => {
    expect(serveNodeFlags('node --a --b=2 dist/server/src/main.js')).toEqual(['--a', '--b=2']);
    expect(() => serveNodeFlags('tsx server/src/main.ts')).toThrow(/does not start node/);
    const pkg = JSON.parse(fs.readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { scripts: { serve: string } };
    expect(serveNodeFlags(pkg.scripts.serve)).toContain('--enable-source-maps');
  });

  it('answers an unknown option or a bad number with a message for the usage text', () => {
    expect(parseBenchArgs(['--bogus'])).toEqual({ kind: 'error', message: expect.stringContaining('--bogus') });
    expect(parseBenchArgs(['--candidates', 'many'])).toEqual({ kind: 'error', message: '--candidates must be a positive number (got many)' });
    expect(parseBenchArgs(['--duration', '0'])).toMatchObject({ kind: 'error' });
    expect(parseBenchArgs(['--help'])).toEqual({ kind: 'help' });
    expect(parseBenchArgs(['--store', 'mysql'])).toEqual({ kind: 'error', message: '--store must be sqlite or pg (got mysql)' });
    expect(parseBenchArgs(['--nodes', '2'])).toEqual({ kind: 'error', message: '--nodes above 1 needs --store pg' });
    expect(parseBenchArgs(['--nodes', '1.5', '--store', 'pg'])).toMatchObject({ kind: 'error' });
    expect(parseBenchArgs(['--store', 'pg', '--nodes', '3'])).toMatchObject({ kind: 'run', args: { store: 'pg', nodes: 3 } });
  });
});
