import fs from 'node:fs';
import path from 'node:path';
import { builtinModules } from 'node:module';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCjkFont } from '../../../server/src/core/cjk-font.ts';
import { openDatabase } from '../../../server/src/core/db/connection.ts';
import { users } from '../../../server/src/core/db/schema.ts';
import { hashPassword } from '../../../server/src/features/auth/passwords.ts';
import { emit, unwrap, type ClientSocket } from '../../helpers/test-exam.ts';
import { BUILT, ensureBuilt } from '../../helpers/build.ts';
import { repoRoot, seedTempExam, ServerProcess, type SeededTempExam } from '../../helpers/server-process.ts';

/**
 * The server as `npm start` and the image run it: plain `node --enable-source-maps` on dist/, no
 * TypeScript loader. `npm test` builds before vitest; run alone, this builds first if needed.
 */

const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

function compiledFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js')).map((f) => path.join(dir, f));
}

/** Packages the compiled code imports at run time (type-only imports are gone after compiling). */
function importedPackages(): Set<string> {
  const found = new Set<string>();
  for (const file of [...compiledFiles(path.join(repoRoot, 'dist/server')), ...compiledFiles(path.join(repoRoot, 'dist/shared'))]) {
    const code = fs.readFileSync(file, 'utf8');
    for (const m of code.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?\sfrom\s*"([^"]+)"|(?:^|\n)\s*import\s*"([^"]+)"|\bimport\(\s*"([^"]+)"\s*\)/g)) {
      const spec = m[1] ?? m[2] ?? m[3]!;
      if (spec.startsWith('.') || spec.startsWith('node:') || builtinModules.includes(spec)) continue;
      found.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
    }
  }
  return found;
}

describe('the compiled server', () => {
  let seeded: SeededTempExam;
  let server: ServerProcess;
  let socket: ClientSocket | null = null;

  beforeAll(async () => {
    await ensureBuilt();
    seeded = await seedTempExam(1, 'compiled-pass');
    // The crowd exam has no staff: an admin to print a PDF ticket with.
    const db = openDatabase(seeded.dbFile);
    db.insert(users).values({ role: 'admin', login: 'admin', displayName: 'Admin', passwordHash: await hashPassword('admin-pass'), createdAt: Date.now() }).run();
    db.$client.close();
    server = await ServerProcess.startOnFreePort(seeded.dir, { LOG_LEVEL: 'info' }, 60_000, 'compiled');
  }, 300_000);

  afterAll(async () => {
    socket?.disconnect();
    await server?.kill();
    if (seeded) fs.rmSync(seeded.dir, { recursive: true, force: true });
  }, 30_000);

  it('is JavaScript with source maps, and imports only declared runtime dependencies', () => {
    expect(fs.existsSync(BUILT.serverMain)).toBe(true);
    expect(fs.existsSync(`${BUILT.serverMain}.map`)).toBe(true);
    expect(fs.existsSync(path.join(repoRoot, 'dist/server/src/features/tickets/ticket-pdf-worker.js'))).toBe(true);
    const undeclared = [...importedPackages()].filter((p) => !(p in pkg.dependencies));
    expect(undeclared).toEqual([]);
    // The production image installs only `dependencies`: no loader or dev tool may be needed at run time.
    expect(importedPackages().has('tsx')).toBe(false);
  });

  it('answers health, logs a candidate in and acks an answer over the socket', async () => {
    const health = (await (await fetch(`${server.baseUrl}/api/health`)).json()) as { status: string; checks: { migrations: { ok: boolean } } };
    expect(health).toMatchObject({ status: 'ok', checks: { migrations: { ok: true } } });

    const login = await fetch(`${server.baseUrl}/api/auth/candidate/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ticketNo: seeded.tickets[0], password: seeded.password }) });
    expect(login.status).toBe(200);
    socket = connect(server.baseUrl, { transports: ['websocket'], extraHeaders: { cookie: (login.headers.get('set-cookie') ?? '').split(';')[0]! }, forceNew: true });
    await new Promise<void>((resolve, reject) => socket!.once('connect', resolve).once('connect_error', reject));
    const view = unwrap(await emit(socket, 'session:start', { sittingPartId: seeded.exam.theoryPartId }));
    const item = view.items[0]!;
    const saved = unwrap(await emit(socket, 'answer:save', { sessionId: view.sessionId, itemId: item.id, response: { choices: [item.options[0]!.id] }, flagged: false, changeId: 'compiled-1' }));
    expect(saved).toMatchObject({ itemId: item.id, revision: 1, changeId: 'compiled-1' });
    expect(server.log).toMatch(/"msg":"POST \/api\/auth\/candidate\/login 200 \d+ ms"/);
  });

  it('renders PDF tickets in its worker thread (compiled sibling .js, no tsx)', async (ctx) => {
    ctx.skip(!findCjkFont({}), 'no font with Chinese glyphs here (apt-get install fonts-noto-cjk): the PDF worker is not exercised');
    const login = await fetch(`${server.baseUrl}/api/auth/staff/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'admin-pass' }) });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const pdf = await fetch(`${server.baseUrl}/api/admin/tickets.pdf?sittingId=${seeded.exam.sittingId}`, { headers: { cookie } });
    expect(pdf.status).toBe(200);
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('shuts down on SIGTERM: sockets closed, writes committed, exit code 0', async () => {
    const disconnected = new Promise<void>((resolve) => socket!.once('disconnect', () => resolve()));
    await server.kill('SIGTERM');
    await disconnected;
    expect(server.child?.exitCode).toBe(0);
    expect(server.log).toMatch(/"msg":"stopped"/);
  });
});
