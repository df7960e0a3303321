import fs from 'node:fs';
import { sqliteStoreFor } from '../../../server/src/core/db/sqlite-store.ts';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../server/src/app.ts';
import { systemClock } from '../../../server/src/core/clock.ts';
import { loadConfig } from '../../../server/src/core/config.ts';
import { openDatabase } from '../../../server/src/core/db/connection.ts';
import { DatabaseNewerThanCodeError, knownMigrations } from '../../../server/src/core/db/migrations.ts';
import { projectPaths } from '../../../server/src/core/paths.ts';

describe('health and schema versions', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'kaochang-health-'));
    dirs.push(d);
    return d;
  };
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  async function healthOf(dir: string, db = openDatabase(path.join(dir, 'kaochang.sqlite'))) {
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dir, SEED_DEMO: 'false' });
    const app = await buildApp({ config, clock: systemClock, store: sqliteStoreFor(db.$client), clientDir: path.join(dir, 'none') });
    try {
      const res = await app.inject({ url: '/api/health' });
      return { status: res.statusCode, body: res.json() };
    } finally {
      await app.close();
      db.$client.close();
    }
  }

  it('reports the database writable, migrations current, the disk space left and the event-loop delay', async () => {
    const dir = tempDir();
    const { status, body } = await healthOf(dir);
    expect(status).toBe(200);
    const known = knownMigrations();
    expect(body).toMatchObject({
      status: 'ok',
      database: 'ok',
      checks: {
        database: { ok: true, writable: true },
        migrations: { ok: true, applied: known.length, known: known.length, latest: known.at(-1)!.tag },
        disk: { ok: true, freeBytes: expect.any(Number), totalBytes: expect.any(Number) },
        eventLoop: { ok: expect.any(Boolean), meanMs: expect.any(Number), p99Ms: expect.any(Number), maxMs: expect.any(Number) },
      },
    });
    expect(body.checks.disk.freeBytes).toBeGreaterThan(0);
    expect(body.checks.disk.freeBytes).toBeLessThanOrEqual(body.checks.disk.totalBytes);
  });

  it('answers 503 when the database cannot take writes', async () => {
    const dir = tempDir();
    openDatabase(path.join(dir, 'kaochang.sqlite')).$client.close();
    const db = openDatabase(path.join(dir, 'kaochang.sqlite'));
    // Another process holding the write lock (5 s busy timeout shortened so the probe gives up quickly).
    const other = new Database(path.join(dir, 'kaochang.sqlite'));
    other.exec('BEGIN IMMEDIATE');
    db.$client.pragma('busy_timeout = 50');
    try {
      const { status, body } = await healthOf(dir, db);
      expect(status).toBe(503);
      expect(body).toMatchObject({ status: 'error', database: 'error', checks: { database: { ok: false, writable: false, error: expect.stringMatching(/locked/) } } });
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
  });

  it('migrates an older database on start and refuses one written by a newer release', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'kaochang.sqlite');
    // An older release: its migrations folder lacked the latest migration.
    const older = path.join(dir, 'older-migrations');
    fs.cpSync(projectPaths.migrations, older, { recursive: true });
    const journalFile = path.join(older, 'meta', '_journal.json');
    const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: { when: number }[] };
    const last = journal.entries.pop()!;
    fs.writeFileSync(journalFile, JSON.stringify(journal));
    const raw = new Database(file);
    migrate(drizzle(raw), { migrationsFolder: older });
    expect((raw.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }).n).toBe(knownMigrations().length - 1);
    raw.close();
    const upgraded = openDatabase(file);
    expect((upgraded.$client.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }).n).toBe(knownMigrations().length);
    // A newer release added a migration this code does not know.
    upgraded.$client.prepare('insert into __drizzle_migrations (hash, created_at) values (?, ?)').run('from-the-future', last.when + 86_400_000);
    upgraded.$client.close();
    expect(() => openDatabase(file)).toThrow(DatabaseNewerThanCodeError);
    expect(() => openDatabase(file)).toThrow(/newer Kaochang.*Refusing to start/s);
  });
});
