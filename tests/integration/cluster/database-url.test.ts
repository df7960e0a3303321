import { spawn } from 'node:child_process';
import pg from 'pg';
import { expect, it } from 'vitest';
import { repoRoot } from '../../helpers/server-process.ts';
import { createPgDatabase, describeStores } from '../../helpers/stores.ts';

function runMain(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
      cwd: repoRoot,
      env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', PORT: '0', SEED_DEMO: 'false', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    child.once('exit', (code) => resolve({ code, stderr }));
  });
}

await describeStores(
  'DATABASE_URL at start-up',
  () => {
    it('migrates the PostgreSQL database it names, then stops saying features still need SQLite', async () => {
      const { url, drop } = await createPgDatabase();
      try {
        const { code, stderr } = await runMain({ DATABASE_URL: url });
        expect(stderr).toContain('the PostgreSQL database is migrated');
        expect(code).toBe(78);
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        const tables = await client.query(`select count(*)::int as n from information_schema.tables where table_schema = 'public'`);
        await client.end();
        expect(tables.rows[0].n).toBeGreaterThanOrEqual(33);
      } finally {
        await drop();
      }
      // A process start under tsx takes tens of seconds on a loaded two-core machine.
    }, 180_000);
  },
  { only: 'pg' },
);
