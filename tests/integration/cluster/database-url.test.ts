import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { expect, it } from 'vitest';
import { ServerProcess } from '../../helpers/server-process.ts';
import { createPgDatabase, describeStores } from '../../helpers/stores.ts';

await describeStores(
  'DATABASE_URL at start-up',
  () => {
    it('migrates the PostgreSQL database it names, seeds the demo into it and serves from it', async () => {
      const { url, drop } = await createPgDatabase();
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-pg-main-'));
      const server = await ServerProcess.startOnFreePort(dir, { DATABASE_URL: url, SEED_DEMO: 'true', NODE_ENV: 'development' });
      try {
        const health = await (await fetch(`${server.baseUrl}/api/health`)).json();
        expect(health).toMatchObject({ status: expect.stringMatching(/^(ok|warning)$/), database: 'ok', checks: { migrations: { ok: true } } });
        const login = await fetch(`${server.baseUrl}/api/auth/staff/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'admin123' }) });
        expect(login.status).toBe(200);
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        const users = await client.query(`select count(*)::int as n from users`);
        await client.end();
        expect(users.rows[0].n).toBeGreaterThan(10);
        // No SQLite file beside it: the data went to PostgreSQL only.
        expect(fs.existsSync(path.join(dir, 'kaochang.sqlite'))).toBe(false);
      } finally {
        await server.kill('SIGTERM');
        await drop();
        fs.rmSync(dir, { recursive: true, force: true });
      }
      // A process start under tsx takes tens of seconds on a loaded two-core machine.
    }, 180_000);
  },
  { only: 'pg' },
);
