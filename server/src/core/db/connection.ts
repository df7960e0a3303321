import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import fs from 'node:fs';
import path from 'node:path';
import { projectPaths } from '../paths.ts';
import { DatabaseNewerThanCodeError, migrationStatus } from './migrations.ts';
import * as schema from './schema.ts';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

const migrationsFolder = projectPaths.migrations;

/**
 * Opens the database in WAL mode with synchronous=FULL: an acknowledged answer has been
 * fsynced to the WAL, so it survives a process crash and a power loss. The async store
 * (sqlite-store.ts) turns COMMIT's own fsync off and syncs the log on the thread pool instead.
 */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // A statement journal past 64 KB (a batch's multi-row audit insert) spills to a temp file, which
  // needs a file descriptor: with every one taken by candidates' sockets (20,000 at the bench), the
  // batch failed with "unable to open database file". Kept in memory, a write never opens a file.
  sqlite.pragma('temp_store = MEMORY');
  // Upgrades migrate on start; a database from a newer release is left untouched.
  const status = migrationStatus(sqlite);
  if (status.newerThanCode) {
    sqlite.close();
    throw new DatabaseNewerThanCodeError(file, status);
  }
  const db = drizzle(sqlite, { schema }) as Db;
  migrate(db, { migrationsFolder });
  return db;
}
