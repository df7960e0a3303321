import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { projectPaths } from '../paths.ts';

type JournalEntry = { idx: number; when: number; tag: string };

/** The migrations this code knows, from drizzle-kit's journal (committed with them). */
export function knownMigrations(folder = projectPaths.migrations): JournalEntry[] {
  const journal = JSON.parse(fs.readFileSync(path.join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: JournalEntry[] };
  return journal.entries;
}

export type MigrationStatus = { applied: number; known: number; latest: string | null; current: boolean; newerThanCode: boolean };

/**
 * What drizzle has applied to this database (its __drizzle_migrations table, one row per migration,
 * `created_at` = the journal's `when`) against what this code knows. A database migrated by a newer
 * release has rows later than anything in our journal.
 */
export function migrationStatus(sqlite: Database.Database, known = knownMigrations()): MigrationStatus {
  const table = sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get();
  const rows = table ? (sqlite.prepare('select created_at as createdAt from __drizzle_migrations').all() as { createdAt: number }[]) : [];
  return statusOf(rows.map((r) => Number(r.createdAt)), known);
}

/** The same from the `created_at` of every applied migration (either store's drizzle table). */
export function statusOf(appliedCreatedAt: readonly number[], known: readonly JournalEntry[]): MigrationStatus {
  const lastKnown = Math.max(0, ...known.map((m) => m.when));
  const lastApplied = Math.max(0, ...appliedCreatedAt);
  const latest = known.filter((m) => m.when <= lastApplied).at(-1)?.tag ?? null;
  const applied = appliedCreatedAt.length;
  return { applied, known: known.length, latest, current: applied >= known.length && lastApplied === lastKnown, newerThanCode: lastApplied > lastKnown };
}

export class DatabaseNewerThanCodeError extends Error {
  constructor(file: string, status: MigrationStatus) {
    super(
      `The database ${file} was upgraded by a newer Kaochang (${status.applied} migrations applied; this version knows ${status.known}, up to ${knownMigrations().at(-1)?.tag}). ` +
        'Refusing to start rather than run old code on a newer schema: install the newer release again, or restore the backup taken before the upgrade.',
    );
    this.name = 'DatabaseNewerThanCodeError';
  }
}
