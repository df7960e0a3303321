import fs from 'node:fs';
import net from 'node:net';
import type Database from 'better-sqlite3';
import { sqliteStoreFor } from '../../server/src/core/db/sqlite-store.ts';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { io as connect, type Socket } from 'socket.io-client';
import type { Ack, AckDataFor, ClientToServerEvents, ServerToClientEvents } from '@shared/events.ts';
import { buildApp, defaultBanksDir } from '../../server/src/app.ts';
import { ManualClock } from '../../server/src/core/clock.ts';
import { loadConfig } from '../../server/src/core/config.ts';
import { openDatabase } from '../../server/src/core/db/connection.ts';
import { openStore } from '../../server/src/core/db/open-store.ts';
import type { Dialect, Store } from '../../server/src/core/db/store.ts';
import { loadBankFile, loadBlueprintFile } from '../../server/src/features/banks/load-bank.ts';
import { seedExam, type SeededExam } from '../../server/src/features/demo/seed.ts';
import type { Blueprint } from '../../server/src/features/papers/assemble.ts';
import { pgInspector, sqliteInspector, type DbInspector } from './inspect-db.ts';
import { createPgDatabase } from './pg-database.ts';

export const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

export const TEST_BLUEPRINT: Blueprint = {
  level: 4,
  sections: [
    { type: 'single', count: 3, points: 20 },
    { type: 'multi', count: 1, points: 20 },
    { type: 'truefalse', count: 2, points: 10 },
  ],
};

export const CANDIDATES = [
  { ticketNo: 'T0001', name: '考生甲', seat: '01', password: 'pw-0001' },
  { ticketNo: 'T0002', name: '考生乙', seat: '02', password: 'pw-0002' },
];
export const STAFF = [
  { role: 'admin', login: 'admin', password: 'admin-pw', displayName: 'Admin' },
  { role: 'proctor', login: 'proctor', password: 'proctor-pw', displayName: 'Proctor' },
  { role: 'grader', login: 'grader', password: 'grader-pw', displayName: 'Grader' },
] as const;

export const TEST_APPLICANT = { username: 'applicant-a', password: 'applicant-pw', displayName: '报名者甲' };

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * A temp data folder, a manual clock, a seeded exam and a server listening on a free port, on the
 * store a test names (`describeStores` hands it): a SQLite file in the folder, or a PostgreSQL
 * database of its own, opened as main.ts opens it and dropped at close.
 */
export class TestExam {
  app!: FastifyInstance;
  store!: Store;
  exam!: SeededExam;
  baseUrl = '';
  readonly clock = new ManualClock();
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaochang-test-'));
  private sockets: ClientSocket[] = [];
  private inspector!: DbInspector;
  private sqliteClient: Database.Database | null = null;
  private dropDatabase: (() => Promise<void>) | null = null;
  private databaseEnv: Record<string, string> = {};

  get dialect(): Dialect {
    return this.store.dialect;
  }

  /** The SQLite connection, for the few tests about the SQLite file itself. */
  get sqlite(): Database.Database {
    if (!this.sqliteClient) throw new Error('this TestExam runs on PostgreSQL');
    return this.sqliteClient;
  }

  /** Raw SQL with `?` placeholders on either store, rows as SQLite gives them (inspect-db.ts). */
  query<T = any>(text: string, params: unknown[] = []): Promise<T[]> {
    return this.inspector.query<T>(text, params);
  }

  one<T = any>(text: string, params: unknown[] = []): Promise<T | undefined> {
    return this.inspector.one<T>(text, params);
  }

  /** `skills: true` seeds from the demo bank, so the sitting also has a skills paper (2 short answers, 3 practical tasks). */
  static async start(env: Record<string, string> = {}, opts: { skills?: boolean; store?: Dialect } = {}): Promise<TestExam> {
    const t = new TestExam();
    await t.openStore(opts.store ?? 'sqlite');
    t.exam = await seedExam(t.store.db, t.clock, {
      planTitle: '测试计划',
      sittingName: '测试场次',
      paperTitle: '测试试卷',
      bank: loadBankFile(opts.skills ? path.join(defaultBanksDir, 'nsa-demo.yaml') : fixture('small-bank.yaml')).items,
      ...(opts.skills ? { skills: { blueprint: loadBlueprintFile(path.join(defaultBanksDir, 'blueprints', 'l4-skills.yaml')), paperSeed: 'test-skills', paperTitle: '测试技能试卷' } } : {}),
      blueprint: TEST_BLUEPRINT,
      paperSeed: 'test-seed',
      startsAt: t.clock.now(),
      room: '测试考场',
      staff: STAFF,
      candidates: CANDIDATES,
    });
    await t.listen(env);
    return t;
  }

  /** An empty, migrated database; SQLite keeps one connection shared by the app and the inspector, as before. */
  async openStore(dialect: Dialect) {
    if (dialect === 'sqlite') {
      this.sqliteClient = openDatabase(path.join(this.dir, 'test.sqlite')).$client;
      this.store = sqliteStoreFor(this.sqliteClient);
      this.inspector = sqliteInspector(this.sqliteClient);
      return;
    }
    const { url, drop } = await createPgDatabase();
    this.dropDatabase = drop;
    this.databaseEnv = { DATABASE_URL: url };
    this.store = await openStore(this.config());
    this.inspector = pgInspector(url);
  }

  private config(env: Record<string, string> = {}) {
    return loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: this.dir, PORT: '0', HOST: '127.0.0.1', LOGIN_RATE_MAX: '1000', ...env, ...this.databaseEnv });
  }

  async listen(env: Record<string, string> = {}) {
    this.app = await buildApp({ config: this.config(env), clock: this.clock, store: this.store, clientDir: path.join(this.dir, 'no-client') });
    await this.app.listen({ port: 0, host: '127.0.0.1' });
    const addr = this.app.server.address();
    if (!addr || typeof addr === 'string') throw new Error('no address');
    this.baseUrl = `http://127.0.0.1:${addr.port}`;
  }

  /** Moves the clock; deadlines that fire are finalised together on the next turn, as in production, and waited for (as is what else it started). */
  async advance(ms: number) {
    this.clock.advance(ms);
    await new Promise((resolve) => setImmediate(resolve));
    await this.settle();
  }

  /**
   * Waits for the work the server does behind a request or a connection: finalising, a retention
   * run, a connection's records and pushes. On SQLite these often end within the turn; on
   * PostgreSQL each statement is a round trip, so a test waits for them rather than for an ack.
   */
  async settle() {
    await Promise.all([this.app.sessions.idle(), this.app.identityDocs.idle(), this.app.proctor.idle()]);
  }

  /** Stops the server but keeps the database, as a crash or restart would. */
  async stopServer() {
    for (const s of this.sockets) s.disconnect();
    this.sockets = [];
    await sayIfSlow(this.app.close(), 'app.close()');
  }

  async restart(env: Record<string, string> = {}) {
    await this.stopServer();
    await this.listen(env);
  }

  async close() {
    await this.stopServer();
    await this.inspector.close();
    if (this.sqliteClient) this.sqliteClient.close();
    else await this.store.close();
    await this.dropDatabase?.();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  async http(method: string, url: string, opts: { body?: unknown; cookie?: string; headers?: Record<string, string> } = {}) {
    const res = await fetch(this.baseUrl + url, {
      method,
      headers: {
        ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(opts.cookie ? { cookie: opts.cookie } : {}),
        ...opts.headers,
      },
      body: opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body),
    });
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = text;
    }
    return { status: res.status, json: json as any, headers: res.headers };
  }

  async loginCandidate(index = 0): Promise<string> {
    const c = CANDIDATES[index]!;
    return this.login('/api/auth/candidate/login', { ticketNo: c.ticketNo, password: c.password });
  }

  async loginStaff(role: (typeof STAFF)[number]['role']): Promise<string> {
    const s = STAFF.find((x) => x.role === role)!;
    return this.login('/api/auth/staff/login', { username: s.login, password: s.password });
  }

  /** An applicant (报名) account, registered on first use and logged in after that. */
  async loginApplicant(account: { username: string; password: string; displayName: string } = TEST_APPLICANT): Promise<string> {
    const exists = (await this.one('select 1 from users where login = ?', [account.username])) !== undefined;
    if (exists) return this.login('/api/auth/applicant/login', { username: account.username, password: account.password });
    return this.login('/api/auth/applicant/register', account);
  }

  private async login(url: string, body: unknown): Promise<string> {
    const res = await this.http('POST', url, { body });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.json)}`);
    const setCookie = res.headers.get('set-cookie') ?? '';
    return setCookie.split(';')[0]!;
  }

  /** `listen` attaches handlers before connecting, for what the server sends on connection. */
  async socket(cookie: string, listen?: (s: ClientSocket) => void): Promise<ClientSocket> {
    const s: ClientSocket = connect(this.baseUrl, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false, forceNew: true });
    listen?.(s);
    this.sockets.push(s);
    await new Promise<void>((resolve, reject) => {
      s.once('connect', () => resolve());
      s.once('connect_error', (err) => reject(err));
    });
    return s;
  }
}

/** Emits and resolves with the ack; fails the test if the server never answers. */
export function emit<E extends keyof ClientToServerEvents, P extends Parameters<ClientToServerEvents[E]>[0]>(
  socket: ClientSocket,
  event: E,
  payload: P,
): Promise<Ack<AckDataFor<E, P>>> {
  return new Promise((resolve, reject) => {
    (socket.timeout(5000) as any).emit(event, payload, (err: Error | null, reply: unknown) => (err ? reject(err) : resolve(reply as any)));
  });
}

export function unwrap<T>(ack: Ack<T>): T {
  if (!ack.ok) throw new Error(`ack error ${ack.error.code}: ${ack.error.message}`);
  return ack.data;
}

export function nextEvent<E extends keyof ServerToClientEvents>(socket: ClientSocket, event: E, timeoutMs = 5000): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    (socket as any).once(event, (payload: any) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}

/** A second sitting (plan, paper, room) with one candidate, T0003 考生丙, and no staff: someone else's exam. */
export function seedOtherSitting(t: TestExam, room: string): Promise<SeededExam> {
  return seedExam(t.store.db, t.clock, {
    planTitle: '另一计划',
    sittingName: '另一场次',
    paperTitle: '另一试卷',
    bank: loadBankFile(fixture('small-bank.yaml')).items,
    blueprint: TEST_BLUEPRINT,
    paperSeed: 'other-seed',
    startsAt: t.clock.now(),
    room,
    staff: [],
    candidates: [{ ticketNo: 'T0003', name: '考生丙', seat: '01', password: 'pw-0003' }],
  });
}

/**
 * The candidate's own option ids for an item's key: the browser never sees bank ids (option-ids.ts),
 * so the key is matched to the view's options by text.
 */
export async function keyInView(t: TestExam, view: import('@shared/events.ts').SessionView, itemId: number): Promise<string[]> {
  const row = (await t.one<{ options_json: string; answer_key_json: string }>('select options_json, answer_key_json from paper_items where id = ?', [itemId]))!;
  const texts = (JSON.parse(row.options_json) as { id: string; text: string }[]).filter((o) => (JSON.parse(row.answer_key_json) as string[]).includes(o.id)).map((o) => o.text);
  const item = view.items.find((i) => i.id === itemId)!;
  return item.options.filter((o) => texts.includes(o.text)).map((o) => o.id);
}

/** The bank id behind one of the candidate's option ids (for reading the database in tests). */
export async function bankIdOf(t: TestExam, view: import('@shared/events.ts').SessionView, itemId: number, clientId: string): Promise<string> {
  const row = (await t.one<{ options_json: string }>('select options_json from paper_items where id = ?', [itemId]))!;
  const text = view.items.find((i) => i.id === itemId)!.options.find((o) => o.id === clientId)!.text;
  return (JSON.parse(row.options_json) as { id: string; text: string }[]).find((o) => o.text === text)!.id;
}

/**
 * A close that outlives its hook's 30 s is rare and hard to catch (one took about 20 loaded runs: a
 * keep-alive connection held socket.io's close, see core/close-grace.ts): if a step takes over
 * 10 s, what the process still holds open is written out, so the failure says what it waited for.
 */
async function sayIfSlow<T>(work: Promise<T>, step: string): Promise<T> {
  const timer = setTimeout(() => {
    const open = new Map<string, number>();
    for (const kind of process.getActiveResourcesInfo()) open.set(kind, (open.get(kind) ?? 0) + 1);
    process.stderr.write(`TestExam: ${step} still running after 10 s; open resources: ${JSON.stringify(Object.fromEntries(open))}; TCP sockets: ${JSON.stringify(tcpSockets())}\n`);
  }, 10_000);
  try {
    return await work;
  } finally {
    clearTimeout(timer);
  }
}

/** Each open TCP socket: its ends, whether an HTTP parser or response is on it (an upgraded WebSocket has neither), and its state. */
function tcpSockets() {
  const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
  return handles
    .filter((h): h is import('node:net').Socket => h instanceof net.Socket)
    .map((s) => {
      const inner = s as unknown as { parser?: unknown; _httpMessage?: { finished?: boolean; writableEnded?: boolean }; server?: unknown; allowHalfOpen?: boolean };
      return {
        local: s.localPort,
        remote: s.remotePort,
        ownedByServer: !!inner.server,
        parser: !!inner.parser,
        response: inner._httpMessage ? { ended: inner._httpMessage.writableEnded ?? inner._httpMessage.finished } : null,
        readable: s.readable,
        writable: s.writable,
        halfOpen: inner.allowHalfOpen,
        read: s.bytesRead,
        written: s.bytesWritten,
      };
    });
}
