import fs from 'node:fs';
import { sqliteStoreFor } from '../../../server/src/core/db/sqlite-store.ts';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../server/src/app.ts';
import { systemClock } from '../../../server/src/core/clock.ts';
import { loadConfig } from '../../../server/src/core/config.ts';
import { openDatabase, type Db } from '../../../server/src/core/db/connection.ts';
import { scrubIdNumbers } from '../../../server/src/core/logging.ts';

const ID_NUMBER = '11010519491231002X';

describe('production logs', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaochang-logs-'));
  const lines: string[] = [];
  let db: Db;
  let app: FastifyInstance;

  beforeAll(async () => {
    db = openDatabase(path.join(dir, 'kaochang.sqlite'));
    const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'info', DATA_DIR: dir, SEED_DEMO: 'false' });
    const clientDir = path.join(dir, 'client');
    fs.mkdirSync(path.join(clientDir, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><div id="root"></div>');
    fs.writeFileSync(path.join(clientDir, 'assets', 'app-1a2b3c.js'), 'console.log(1)');
    app = await buildApp({ config, clock: systemClock, store: sqliteStoreFor(db.$client), clientDir, logStream: { write: (line: string) => void lines.push(line) } });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    db.$client.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const parsed = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

  it('writes one JSON line per request with its request id, which the response carries too; static files unlogged', async () => {
    lines.length = 0;
    const res = await app.inject({ url: '/api/auth/me' });
    await app.inject({ url: '/assets/app-1a2b3c.js' });
    await app.inject({ url: '/api/health' });
    const requestLines = parsed().filter((l) => l.req);
    expect(requestLines).toHaveLength(1);
    expect(requestLines[0]).toMatchObject({ reqId: res.headers['x-request-id'], req: { method: 'GET', url: '/api/auth/me' }, res: { statusCode: res.statusCode } });
    expect(parsed().every((l) => typeof l.reqId === 'string')).toBe(true);
  });

  it('says why a refused request was refused on that same line', async () => {
    lines.length = 0;
    await app.inject({ method: 'POST', url: '/api/auth/staff/login', payload: { username: 'nobody', password: 'wrong-password' } });
    expect(parsed()).toEqual([expect.objectContaining({ res: { statusCode: 401 }, refused: expect.objectContaining({ code: expect.any(String) }) })]);
  });

  it('never writes cookies, passwords or ID numbers', async () => {
    lines.length = 0;
    await app.inject({
      method: 'POST',
      url: `/api/auth/staff/login?note=${ID_NUMBER}`,
      headers: { cookie: 'kc_session=secret-session-token', authorization: 'Bearer secret-bearer' },
      payload: { username: 'nobody', password: 'hunter2-secret' },
    });
    app.log.info({ applicant: { idNumber: ID_NUMBER, password: 'hunter2-secret' } }, `applicant ${ID_NUMBER} imported`);
    app.log.error(new Error(`duplicate ID number ${ID_NUMBER.toLowerCase()}`));
    const all = lines.join('');
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const secret of ['secret-session-token', 'secret-bearer', 'hunter2-secret', ID_NUMBER, ID_NUMBER.toLowerCase()]) expect(all).not.toContain(secret);
    expect(all).toContain('[ID number]');
    expect(all).toContain('[redacted]');
  });

  it('leaves other numbers alone: admission tickets, phone numbers, timestamps', () => {
    expect(scrubIdNumbers('ticket 2026040101 phone 13800138000 at 1796424172972')).toBe('ticket 2026040101 phone 13800138000 at 1796424172972');
    expect(scrubIdNumbers(`"id":"${ID_NUMBER}"`)).toBe('"id":"[ID number]"');
  });
});
