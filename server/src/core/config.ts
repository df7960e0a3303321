import { z } from 'zod';
import path from 'node:path';

const bool = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Seed the demo exam and accounts when the database is empty. */
  SEED_DEMO: bool.default(true),
  /**
   * The address people open, e.g. http://exam-server:3000 or https://exam.example.edu.cn. https:
   * turns on the HTTPS-only headers (HSTS, upgrade-insecure-requests) and the Secure cookie.
   */
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'an http:// or https:// address, e.g. http://exam-server:3000' }).optional(),
  /** Mark the session cookie Secure; defaults to whether PUBLIC_URL is https. True means served over HTTPS. */
  COOKIE_SECURE: bool.optional(),
  SESSION_TTL_HOURS: z.coerce.number().positive().max(24 * 30).default(12),
  LOGIN_RATE_MAX: z.coerce.number().int().positive().default(10),
  LOGIN_RATE_WINDOW_SECONDS: z.coerce.number().int().positive().default(60),
  TRUST_PROXY: bool.default(false),
  /** Origins allowed to make state-changing requests besides the server's own. Comma-separated. */
  ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((s) => s.split(',').map((o) => o.trim()).filter(Boolean)),
  /** Screenshot evidence of the skills part: per practical task, per file, decoded dimensions. */
  SCREENSHOTS_PER_TASK: z.coerce.number().int().min(1).max(100).default(20),
  SCREENSHOT_MAX_MB: z.coerce.number().positive().max(50).default(10),
  SCREENSHOT_MAX_SIDE: z.coerce.number().int().min(16).max(65535).default(16384),
  SCREENSHOT_MAX_MEGAPIXELS: z.coerce.number().positive().max(200).default(40),
  /** Times printed on admission tickets are in the exam centre's zone, whatever the server's. */
  EXAM_TIME_ZONE: z.string().default('Asia/Shanghai').refine(isTimeZone, 'not an IANA time zone, e.g. Asia/Shanghai'),
  /** A font with Chinese glyphs for PDF tickets (TTF, OTF or TTC); unset = look in the usual system places. */
  TICKET_FONT: z.string().min(1).optional(),
  /** The face inside a TTC collection, by PostScript name (e.g. NotoSansCJKsc-Regular). */
  TICKET_FONT_FACE: z.string().min(1).optional(),
  /** postgres://user:password@host:port/database selects PostgreSQL (the cluster profile); unset, SQLite in DATA_DIR. */
  DATABASE_URL: z.preprocess((v) => (v === '' ? undefined : v), z.string().refine(isPostgresUrl, 'not a postgres:// or postgresql:// URL').optional()),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(1000).default(10),
  /** redis://[user:password@]host:port[/db] (or rediss://) lets nodes share sockets, login limits and presence (docs/cluster.md §5); unset, one node. */
  REDIS_URL: z.preprocess((v) => (v === '' ? undefined : v), z.string().refine(isRedisUrl, 'not a redis:// or rediss:// URL').optional()),
  /** Names this deployment's keys and stream in a Redis shared with others (and keeps parallel tests apart). */
  REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'letters, digits and _ . : - only, at most 64').default('kaochang'),
  /** How often a node sends its full presence snapshot to the others; three missed, it counts as gone (docs/cluster.md §5). */
  REDIS_PRESENCE_SNAPSHOT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  /** How often every node looks for exam sessions past their deadline that no timer ended, e.g. a dead node's (docs/cluster.md §6). */
  EXAM_SWEEP_MS: z.coerce.number().int().min(50).max(60_000).default(250),
  /**
   * How far past its deadline a session must be before a sweep (or a node that does not serve the
   * candidate) ends it, so that saves another node received in time commit first (docs/cluster.md
   * §6). EXAM_SWEEP_MS + EXAM_SWEEP_GRACE_MS bounds how late a dead node's sessions end: keep it well under 1 s.
   */
  EXAM_SWEEP_GRACE_MS: z.coerce.number().int().min(0).max(10_000).default(300),
  /**
   * The least time between two commits of the exam engine's group commit (answer saves, starts,
   * submissions): under load the saves of those milliseconds share one commit and its fixed cost
   * (BEGIN, COMMIT, the log's sync); an ack still waits for its commit (docs/cluster.md §9). 0:
   * commit as soon as the previous one is done. 20 rather than 5 since 2026-12-06: about a fifth
   * less CPU per save at 10,000 candidates for 10 ms more at the median (docs/benchmarks.md).
   */
  EXAM_COMMIT_SPACING_MS: z.coerce.number().int().min(0).max(100).default(20),
  /** Each bank import runs in a worker thread stopped past this time and heap (docs: README, question banks). */
  BANK_IMPORT_TIMEOUT_SECONDS: z.coerce.number().int().min(5).max(3600).default(120),
  BANK_IMPORT_MEMORY_MB: z.coerce.number().int().min(64).max(8192).default(512),
  /**
   * Rehearsals and end-to-end tests: an administrator may move the server's clock forward
   * (POST /api/admin/clock/advance), so parts shorter than the 5-minute minimum are never needed.
   */
  CLOCK_CONTROL: bool.default(false),
  /** Photos and ID scans are deleted this many days after a sitting's results are released (PIPL, #17). */
  IDENTITY_RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
});

const SECRET_VARIABLES = new Set(['DATABASE_URL', 'REDIS_URL']);

function isPostgresUrl(value: string): boolean {
  try {
    return ['postgres:', 'postgresql:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

function isRedisUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return ['redis:', 'rediss:'].includes(url.protocol) && url.hostname !== '';
  } catch {
    return false;
  }
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export type Config = Readonly<{
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  dataDir: string;
  dbFile: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  seedDemo: boolean;
  /** Where people open the site; null when not configured (the banner lists this machine's addresses). */
  publicUrl: string | null;
  /** HTTPS-only headers and the Secure cookie: only when the site is served over HTTPS (PUBLIC_URL https or COOKIE_SECURE). */
  servedOverHttps: boolean;
  cookieSecure: boolean;
  sessionTtlMs: number;
  loginRate: { max: number; windowMs: number };
  trustProxy: boolean;
  allowedOrigins: readonly string[];
  screenshots: ScreenshotLimits;
  examTimeZone: string;
  ticketFont: Readonly<{ file?: string; face?: string }>;
  database: DatabaseConfig;
  /** Cross-node messaging (docs/cluster.md §5); null on a single node. `prefix` names its keys and stream. */
  redis: Readonly<{ url: string; prefix: string; presenceSnapshotMs: number }> | null;
  clockControl: boolean;
  /** Milliseconds between sweeps for due exam sessions (docs/cluster.md §6). */
  examSweepMs: number;
  /** How far past its deadline a session must be before a sweep ends it (docs/cluster.md §6). */
  examSweepGraceMs: number;
  /** The least time between two commits of the exam engine's saves (docs/cluster.md §9). */
  examCommitSpacingMs: number;
  bankImport: Readonly<{ timeoutMs: number; maxHeapMb: number }>;
  /** Days after a sitting's results are released until its photos and ID scans are deleted. */
  identityRetentionDays: number;
}>;

/** SQLite lives in `dbFile`; PostgreSQL is the cluster profile (docs/cluster.md). */
export type DatabaseConfig = Readonly<{ kind: 'sqlite' } | { kind: 'pg'; url: string; poolMax: number }>;

export type ScreenshotLimits = Readonly<{ perTask: number; maxBytes: number; maxWidth: number; maxHeight: number; maxPixels: number }>;

export class ConfigError extends Error {}

/** Parses the environment once; a bad value is a start-up failure with a message naming the variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const shown = (name: string) => (SECRET_VARIABLES.has(name) ? 'a value not shown' : JSON.stringify(env[name]));
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message} (got ${shown(String(i.path[0]))})`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.CLOCK_CONTROL && e.NODE_ENV === 'production') {
    throw new ConfigError('Invalid configuration:\n  CLOCK_CONTROL: moving the server clock is for rehearsals and tests; it is refused with NODE_ENV=production');
  }
  const dataDir = path.resolve(e.DATA_DIR);
  const publicHttps = e.PUBLIC_URL?.startsWith('https:') ?? false;
  if (e.PUBLIC_URL && !publicHttps && e.COOKIE_SECURE) {
    // Browsers drop a Secure cookie set over plain HTTP: every login would fail.
    throw new ConfigError(`Invalid configuration:\n  COOKIE_SECURE: true needs the site served over HTTPS, but PUBLIC_URL is ${e.PUBLIC_URL}`);
  }
  const cookieSecure = e.COOKIE_SECURE ?? publicHttps;
  return Object.freeze({
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    dataDir,
    dbFile: path.join(dataDir, 'kaochang.sqlite'),
    logLevel: e.LOG_LEVEL,
    seedDemo: e.SEED_DEMO,
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, '') ?? null,
    servedOverHttps: publicHttps || cookieSecure,
    cookieSecure,
    sessionTtlMs: e.SESSION_TTL_HOURS * 3600_000,
    loginRate: { max: e.LOGIN_RATE_MAX, windowMs: e.LOGIN_RATE_WINDOW_SECONDS * 1000 },
    trustProxy: e.TRUST_PROXY,
    allowedOrigins: Object.freeze(e.ALLOWED_ORIGINS),
    screenshots: Object.freeze({
      perTask: e.SCREENSHOTS_PER_TASK,
      maxBytes: Math.floor(e.SCREENSHOT_MAX_MB * 1024 * 1024),
      maxWidth: e.SCREENSHOT_MAX_SIDE,
      maxHeight: e.SCREENSHOT_MAX_SIDE,
      maxPixels: Math.floor(e.SCREENSHOT_MAX_MEGAPIXELS * 1_000_000),
    }),
    examTimeZone: e.EXAM_TIME_ZONE,
    ticketFont: Object.freeze({ file: e.TICKET_FONT && path.resolve(e.TICKET_FONT), face: e.TICKET_FONT_FACE }),
    database: Object.freeze(e.DATABASE_URL ? { kind: 'pg' as const, url: e.DATABASE_URL, poolMax: e.DATABASE_POOL_MAX } : { kind: 'sqlite' as const }),
    redis: e.REDIS_URL ? Object.freeze({ url: e.REDIS_URL, prefix: e.REDIS_PREFIX, presenceSnapshotMs: e.REDIS_PRESENCE_SNAPSHOT_MS }) : null,
    clockControl: e.CLOCK_CONTROL,
    examSweepMs: e.EXAM_SWEEP_MS,
    examSweepGraceMs: e.EXAM_SWEEP_GRACE_MS,
    examCommitSpacingMs: e.EXAM_COMMIT_SPACING_MS,
    bankImport: Object.freeze({ timeoutMs: e.BANK_IMPORT_TIMEOUT_SECONDS * 1000, maxHeapMb: e.BANK_IMPORT_MEMORY_MB }),
    identityRetentionDays: e.IDENTITY_RETENTION_DAYS,
  });
}
