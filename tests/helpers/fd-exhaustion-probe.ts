import fs from 'node:fs';
import { openDatabase } from '../../server/src/core/db/connection.ts';

/**
 * Run as a child process (it takes every free file descriptor): opens the database as the server
 * does, then, with no descriptor left, writes a transaction whose statement journal passes 64 KB.
 * Prints "ok" or "failed: <why>". `--file-temp` puts SQLite's temp store back on files.
 */
const [file, mode] = process.argv.slice(2);
const sqlite = openDatabase(file!).$client;
if (mode === '--file-temp') sqlite.pragma('temp_store = FILE');
sqlite.exec('create table probe (id integer primary key, v text)');
const row = (i: number) => `(null, '${'x'.repeat(2000)}${i}')`;
sqlite.exec(`insert into probe values ${Array.from({ length: 300 }, (_, i) => row(i)).join(',')}`);
const taken: number[] = [];
try {
  for (;;) taken.push(fs.openSync('/dev/null', 'r'));
} catch {
  // EMFILE: every descriptor is taken, as by sockets.
}
try {
  sqlite.exec('begin');
  sqlite.exec('savepoint s');
  sqlite.exec("update probe set v = v || 'y'");
  sqlite.exec(`insert into probe values ${Array.from({ length: 300 }, (_, i) => row(i)).join(',')}`);
  sqlite.exec('release s');
  sqlite.exec('commit');
  process.stdout.write('ok\n');
} catch (err) {
  process.stdout.write(`failed: ${err instanceof Error ? err.message : String(err)}\n`);
} finally {
  for (const fd of taken) fs.closeSync(fd);
}
