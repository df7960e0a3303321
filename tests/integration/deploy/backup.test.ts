import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { io as connect } from 'socket.io-client';
import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionView } from '@shared/events.ts';
import { openDatabase } from '../../../server/src/core/db/connection.ts';
import { emit, unwrap, type ClientSocket } from '../../helpers/test-exam.ts';
import { repoRoot, seedTempExam, ServerProcess, type SeededTempExam } from '../../helpers/server-process.ts';

/**
 * `npm run backup` while 12 candidates autosave against the real server process: the backup, once
 * restored, holds every answer acknowledged before it began, and the saves went on while it ran.
 */

const CANDIDATES = 12;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Acked = { sessionId: number; itemId: number; revision: number; at: number };

function runBackupCli(dataDir: string, out: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/cli/backup.ts', '--out', out, '--data-dir', dataDir], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

describe('backup during a save storm', () => {
  let seeded: SeededTempExam;
  let server: ServerProcess;
  const sockets: ClientSocket[] = [];
  const acked: Acked[] = [];
  let saving = true;

  beforeAll(async () => {
    seeded = await seedTempExam(CANDIDATES, 'backup-pass');
    // A screenshot and a document as the server stores them (by hash), to come back with the restore.
    fs.mkdirSync(path.join(seeded.dir, 'evidence', 'ab'), { recursive: true });
    fs.writeFileSync(path.join(seeded.dir, 'evidence', 'ab', 'ab12'), 'png bytes');
    fs.mkdirSync(path.join(seeded.dir, 'documents', 'cd'), { recursive: true });
    fs.writeFileSync(path.join(seeded.dir, 'documents', 'cd', 'cd34'), 'pdf bytes');
    server = await ServerProcess.startOnFreePort(seeded.dir);
  }, 150_000);

  afterAll(async () => {
    saving = false;
    for (const s of sockets) s.disconnect();
    await server?.kill('SIGTERM');
    if (seeded) fs.rmSync(seeded.dir, { recursive: true, force: true });
  }, 30_000);

  it('restores to a database with every answer acknowledged before the backup began', async () => {
    const views: SessionView[] = [];
    for (const ticket of seeded.tickets) {
      const res = await fetch(`${server.baseUrl}/api/auth/candidate/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ticketNo: ticket, password: seeded.password }) });
      expect(res.status).toBe(200);
      const socket: ClientSocket = connect(server.baseUrl, { transports: ['websocket'], extraHeaders: { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]! }, forceNew: true });
      await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('connect_error', reject));
      sockets.push(socket);
      views.push(unwrap(await emit(socket, 'session:start', { sittingPartId: seeded.exam.theoryPartId })));
    }

    let change = 0;
    const loops = sockets.map(async (socket, i) => {
      const view = views[i]!;
      while (saving) {
        const item = view.items[Math.floor(Math.random() * view.items.length)]!;
        const reply = await emit(socket, 'answer:save', { sessionId: view.sessionId, itemId: item.id, response: { choices: [item.options[0]!.id] }, flagged: false, changeId: `b${change++}` });
        if (reply.ok) acked.push({ sessionId: reply.data.sessionId, itemId: reply.data.itemId, revision: reply.data.revision, at: Date.now() });
        await sleep(5 + Math.random() * 10);
      }
    });

    await sleep(1000);
    const out = path.join(seeded.dir, 'backups', 'during-storm.tar');
    const startedAt = Date.now();
    const ackedBefore = acked.filter((a) => a.at < startedAt);
    const result = await runBackupCli(seeded.dir, out);
    const endedAt = Date.now();
    await sleep(300);
    saving = false;
    await Promise.all(loops);

    expect(result.code, result.output).toBe(0);
    expect(result.output).toMatch(/backup written: .*integrity ok/);
    expect(ackedBefore.length).toBeGreaterThan(50);
    // The storm did not pause for the backup.
    expect(acked.filter((a) => a.at > startedAt && a.at < endedAt).length).toBeGreaterThan(0);

    const restored = path.join(seeded.dir, 'restored');
    fs.mkdirSync(restored);
    await tar.x({ file: out, cwd: restored });
    expect(fs.readFileSync(path.join(restored, 'evidence', 'ab', 'ab12'), 'utf8')).toBe('png bytes');
    expect(fs.readFileSync(path.join(restored, 'documents', 'cd', 'cd34'), 'utf8')).toBe('pdf bytes');
    expect(JSON.parse(fs.readFileSync(path.join(restored, 'backup.json'), 'utf8'))).toMatchObject({ app: 'kaochang', files: { evidence: 1, documents: 1 } });

    // The restored folder is a DATA_DIR the server opens (and would migrate).
    const db = openDatabase(path.join(restored, 'kaochang.sqlite'));
    try {
      const revisionOf = db.$client.prepare('select revision from answers where session_id = ? and paper_item_id = ?');
      const missing = ackedBefore.filter((a) => ((revisionOf.get(a.sessionId, a.itemId) as { revision: number } | undefined)?.revision ?? -1) < a.revision);
      expect(missing).toEqual([]);
    } finally {
      db.$client.close();
    }
    process.stdout.write(`[backup] ${ackedBefore.length} answers acked before the backup, ${acked.length} in all, backup took ${endedAt - startedAt} ms\n`);
  }, 90_000);
});
