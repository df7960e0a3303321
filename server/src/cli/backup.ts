import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import * as tar from 'tar';
import { ConfigError, loadConfig } from '../core/config.ts';
import { migrationStatus } from '../core/db/migrations.ts';
import { APP_VERSION } from '../core/version.ts';

/**
 * `npm run backup -- --out FILE`: a consistent copy of a running server's data, as one tar file.
 *
 * The database is copied with SQLite's online backup API in a single step, so the copy is one
 * snapshot: every answer committed (hence acknowledged) before it began is in it, and the server
 * keeps saving meanwhile (WAL: a reader never blocks the writer). Screenshots and documents are
 * copied after the snapshot: they are stored by content hash and written before the row that names
 * them commits, so every file the copied database refers to already exists.
 *
 * Restore: stop the server, move DATA_DIR aside, `mkdir DATA_DIR && tar -xf FILE -C DATA_DIR`,
 * start the server (a backup from an older release is migrated on start).
 */

const DB_NAME = 'kaochang.sqlite';
const FOLDERS = ['evidence', 'documents'] as const;

export const BACKUP_USAGE = `Usage: npm run backup -- --out FILE [--data-dir DIR]

  --out FILE       the tar file to write (refused if it exists), e.g. backups/kaochang-2026-12-05.tar
  --data-dir DIR   the server's DATA_DIR (default: the DATA_DIR variable, else ./data)

Restore: stop the server, move DATA_DIR aside, then
  mkdir DATA_DIR && tar -xf FILE -C DATA_DIR
and start the server again.
`;

export type BackupReport = {
  file: string;
  bytes: number;
  database: { bytes: number; sha256: string; migrations: number; latest: string | null; integrity: string };
  files: Record<(typeof FOLDERS)[number], number>;
  tookMs: number;
};

export class BackupError extends Error {}

function countFiles(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
}

function sha256(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Copies the database in one step of SQLite's backup API, then checks the copy. */
async function snapshotDatabase(source: string, target: string) {
  const db = new Database(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    await db.backup(target, { progress: () => 0x7fffffff });
  } finally {
    db.close();
  }
  const copy = new Database(target);
  try {
    // One self-contained file, whatever mode the server runs in.
    copy.pragma('journal_mode = DELETE');
    const integrity = String(copy.pragma('integrity_check', { simple: true }));
    if (integrity !== 'ok') throw new BackupError(`the copied database failed its integrity check: ${integrity}`);
    const status = migrationStatus(copy);
    return { integrity, migrations: status.applied, latest: status.latest };
  } finally {
    copy.close();
  }
}

export async function takeBackup(opts: { dataDir: string; out: string }): Promise<BackupReport> {
  const started = Date.now();
  const out = path.resolve(opts.out);
  const dbFile = path.join(opts.dataDir, DB_NAME);
  if (!fs.existsSync(dbFile)) throw new BackupError(`no database at ${dbFile}: is --data-dir (or DATA_DIR) the server's?`);
  if (fs.existsSync(out)) throw new BackupError(`${out} exists already: choose a new file name`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const stage = fs.mkdtempSync(path.join(path.dirname(out), '.kaochang-backup-'));
  try {
    const database = await snapshotDatabase(dbFile, path.join(stage, DB_NAME));
    const files = {} as BackupReport['files'];
    for (const folder of FOLDERS) {
      const from = path.join(opts.dataDir, folder);
      if (fs.existsSync(from)) fs.cpSync(from, path.join(stage, folder), { recursive: true });
      files[folder] = countFiles(path.join(stage, folder));
    }
    const db = { bytes: fs.statSync(path.join(stage, DB_NAME)).size, sha256: sha256(path.join(stage, DB_NAME)), ...database };
    const manifest = { app: 'kaochang', version: APP_VERSION, createdAt: new Date().toISOString(), database: db, files };
    fs.writeFileSync(path.join(stage, 'backup.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    const entries = ['backup.json', DB_NAME, ...FOLDERS.filter((f) => fs.existsSync(path.join(stage, f)))];
    const partial = `${out}.partial`;
    await tar.c({ file: partial, cwd: stage, portable: true }, entries);
    fs.renameSync(partial, out);
    return { file: out, bytes: fs.statSync(out).size, database: db, files, tookMs: Date.now() - started };
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

export async function runBackupCli(argv: string[]): Promise<number> {
  let values: { out?: string; 'data-dir'?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ args: argv, options: { out: { type: 'string' }, 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (err) {
    process.stderr.write(`backup: ${err instanceof Error ? err.message : String(err)}\n\n${BACKUP_USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(BACKUP_USAGE);
    return 0;
  }
  if (!values.out) {
    process.stderr.write(`backup: --out FILE is required\n\n${BACKUP_USAGE}`);
    return 2;
  }
  try {
    const dataDir = values['data-dir'] ? path.resolve(values['data-dir']) : loadConfig().dataDir;
    const r = await takeBackup({ dataDir, out: values.out });
    process.stdout.write(
      `backup written: ${r.file} (${(r.bytes / 1e6).toFixed(1)} MB in ${r.tookMs} ms): database ${(r.database.bytes / 1e6).toFixed(1)} MB, integrity ${r.database.integrity}, ${r.database.migrations} migrations (${r.database.latest}), ${r.files.evidence} screenshots, ${r.files.documents} documents\n`,
    );
    return 0;
  } catch (err) {
    if (err instanceof BackupError || err instanceof ConfigError) {
      process.stderr.write(`backup failed: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  void runBackupCli(process.argv.slice(2)).then((code) => process.exit(code));
}
