import { spawn, type ChildProcess } from 'node:child_process';
import { sqliteStoreFor } from '../../server/src/core/db/sqlite-store.ts';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../../server/src/core/clock.ts';
import { openDatabase } from '../../server/src/core/db/connection.ts';
import { seedCrowdExam, type SeededExam } from '../../server/src/features/demo/seed.ts';

/**
 * The real production server as a child process (`node --import tsx server/src/main.ts`), as
 * bench/run.ts starts it, so a test can SIGKILL it and start it again on the same database.
 */

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const DB_FILE_NAME = 'kaochang.sqlite';

export type SeededTempExam = { dir: string; dbFile: string; exam: SeededExam; tickets: string[]; password: string };

/** A temp data folder with the demo bank's level-4 paper and `count` candidates sharing one password (one scrypt hash). */
export async function seedTempExam(count: number, password = 'fault-pass'): Promise<SeededTempExam> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaochang-fault-'));
  const dbFile = path.join(dir, DB_FILE_NAME);
  const db = openDatabase(dbFile);
  try {
    const { exam, tickets } = await seedCrowdExam(sqliteStoreFor(db.$client).db, systemClock, { count, password, ticketPrefix: 'F', banksDir: path.join(repoRoot, 'question-banks') });
    return { dir, dbFile, exam, tickets, password };
  } finally {
    db.$client.close();
  }
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

export async function pickFreePort(from = 40_000, to = 50_000): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = from + Math.floor(Math.random() * (to - from));
    if (await isPortFree(port)) return port;
  }
  throw new Error(`no free port found in ${from}-${to}`);
}

const MAX_LOG = 64 * 1024;
/** Starting tsx under a fully loaded 2-core machine has taken over 30 s: slow is not broken. */
const START_TIMEOUT_MS = 120_000;

// If the test process goes away without its afterAll (a crash, a timeout kill), take our servers with it.
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export class ServerProcess {
  child: ChildProcess | null = null;
  /** Tail of the server's stdout and stderr, for failure messages. */
  log = '';
  private exited: Promise<void> = Promise.resolve();

  constructor(
    readonly dataDir: string,
    public port: number,
    private readonly env: Record<string, string> = {},
    /** `compiled`: plain node on dist/ (`npm run build` first), as `npm start` and the image run it. */
    private readonly entry: 'tsx' | 'compiled' = 'tsx',
  ) {}

  get baseUrl() {
    return `http://127.0.0.1:${this.port}`;
  }

  get running() {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Picks a free port in 40000-50000 (another one if the server finds it taken) and starts there. */
  static async startOnFreePort(dataDir: string, env: Record<string, string> = {}, timeoutMs = START_TIMEOUT_MS, entry: 'tsx' | 'compiled' = 'tsx'): Promise<ServerProcess> {
    let lastError: unknown;
    for (let attempt = 0; attempt < 5; attempt++) {
      const server = new ServerProcess(dataDir, await pickFreePort(), env, entry);
      try {
        await server.start(timeoutMs);
        return server;
      } catch (err) {
        lastError = err;
        await server.kill();
        if (!/EADDRINUSE/.test(server.log)) throw err;
      }
    }
    throw lastError;
  }

  private append(chunk: Buffer) {
    this.log = (this.log + chunk.toString('utf8')).slice(-MAX_LOG);
  }

  /** Spawns the server and resolves once /api/health answers (deadlines have been restored by then: onReady runs before listen). */
  async start(timeoutMs = START_TIMEOUT_MS): Promise<void> {
    if (this.running) throw new Error('server already running');
    const args = this.entry === 'compiled' ? ['--enable-source-maps', 'dist/server/src/main.js'] : ['--import', 'tsx', 'server/src/main.ts'];
    const child = spawn(process.execPath, args, {
      cwd: repoRoot,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        DATA_DIR: this.dataDir,
        PORT: String(this.port),
        HOST: '127.0.0.1',
        SEED_DEMO: 'false',
        LOG_LEVEL: 'warn',
        LOGIN_RATE_MAX: '100000000',
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    live.add(child);
    child.stdout?.on('data', (c: Buffer) => this.append(c));
    child.stderr?.on('data', (c: Buffer) => this.append(c));
    this.exited = new Promise((resolve) =>
      child.once('exit', () => {
        live.delete(child);
        resolve();
      }),
    );

    const giveUpAt = Date.now() + timeoutMs;
    while (true) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`server exited during start-up (code ${child.exitCode}, signal ${child.signalCode}):\n${this.log.slice(-4000)}`);
      }
      if (Date.now() > giveUpAt) throw new Error(`server did not answer /api/health within ${timeoutMs} ms:\n${this.log.slice(-4000)}`);
      const ok = await fetch(`${this.baseUrl}/api/health`, { signal: AbortSignal.timeout(2000) })
        .then((r) => r.ok)
        .catch(() => false);
      // A stray server of someone else on this port would answer too: only trust ours while it runs.
      if (ok && this.running) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Sends the signal (SIGKILL by default: a crash, no shutdown hook runs) and waits for the exit. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (!this.child) return;
    if (this.running) this.child.kill(signal);
    await this.exited;
  }
}
