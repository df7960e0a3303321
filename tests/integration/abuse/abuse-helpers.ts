import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import { expect } from 'vitest';
import type { Access } from '../../../server/src/features/auth/access.ts';
import type { Role } from '@shared/domain.ts';
import { errorCodeSchema } from '@shared/errors.ts';
import type { TestExam } from '../../helpers/test-exam.ts';

/** Helpers shared by the abuse tests: raw HTTP, callers, database snapshots, typed-error checks. */

export type Caller = 'anonymous' | Role;
export const CALLERS: readonly Caller[] = ['anonymous', 'candidate', 'proctor', 'grader', 'admin', 'applicant'];

/** Whether a route's declared access admits a caller. */
export function admits(access: Access, caller: Caller): boolean {
  if (access === 'public') return true;
  if (caller === 'anonymous') return false;
  if (access === 'authenticated') return true;
  return access.includes(caller);
}

export type RawResponse = { status: number; text: string; json: any; headers: http.IncomingHttpHeaders };

/**
 * A request sent byte for byte as given: no URL normalisation (so `..` and `%00` reach the
 * server as written), any body bytes, any content type.
 */
export function raw(
  baseUrl: string,
  opts: { method: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<RawResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const body = opts.body === undefined ? undefined : Buffer.isBuffer(opts.body) ? opts.body : Buffer.from(opts.body, 'utf8');
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method: opts.method,
        path: opts.path,
        agent: false,
        headers: { ...(body ? { 'content-length': String(body.length) } : {}), ...opts.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown = undefined;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, text, json, headers: res.headers });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

/** Fills `:name` params of a Fastify route URL. */
export function fillPath(url: string, params: Record<string, string>): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) => {
    const v = params[name];
    if (v === undefined) throw new Error(`no value for :${name} in ${url}`);
    return v;
  });
}

export const paramNames = (url: string): string[] => [...url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);

/** The typed error envelope every refusal must have: `{ error: { code, message } }`. */
export function expectTypedError(res: { status: number; json: any; text?: string }, label: string): void {
  expect(res.json, `${label}: body is not JSON: ${String(res.text ?? '').slice(0, 200)}`).toBeTypeOf('object');
  expect(res.json, label).not.toBeNull();
  expect(Object.keys(res.json), `${label}: ${JSON.stringify(res.json).slice(0, 200)}`).toEqual(['error']);
  const code = res.json.error?.code;
  expect(errorCodeSchema.safeParse(code).success, `${label}: error.code ${JSON.stringify(code)} is not a known code`).toBe(true);
  expect(res.json.error.message, label).toEqual(expect.any(String));
}

// Also the record of an audit-log export: reading the log is audited, but it is not exam state.
const LOGIN_ACTIONS = ['auth.login', 'auth.login_failed', 'auth.logout', 'audit.exported'];

/**
 * Every table's row count, and a digest of its contents, read from the catalogue so a new table
 * is included without touching the tests. auth_sessions is left out (logging in is not a change of
 * exam state) and so are the audit rows of logins, failed logins and logouts.
 */
// A refused upload is recorded for the proctor on purpose: the record of the attempt, not a change.
const RECORD_ONLY_INCIDENTS = ['disconnected', 'reconnected', 'page_reload', 'second_login', 'upload_refused'];

export async function snapshot(t: TestExam): Promise<Record<string, { rows: number; digest: string }>> {
  const tables = (
    await t.query<{ name: string }>(
      t.dialect === 'sqlite'
        ? "select name from sqlite_master where type = 'table' order by name"
        : "select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name",
    )
  ).map((r) => r.name);
  const out: Record<string, { rows: number; digest: string }> = {};
  for (const name of tables) {
    if (name === 'auth_sessions') continue;
    const q = `"${name.replaceAll('"', '""')}"`;
    const rows =
      name === 'audit_log'
        ? await t.query(`select * from ${q} where action not in (${LOGIN_ACTIONS.map(() => '?').join(',')}) order by id`, LOGIN_ACTIONS)
        : name === 'incidents'
          ? // Connections coming and going (and refused uploads) are recorded for the proctor, like logins: not exam state.
            await t.query(`select * from ${q} where kind not in (${RECORD_ONLY_INCIDENTS.map(() => '?').join(',')}) order by id`, RECORD_ONLY_INCIDENTS)
          : // Not every table has an id (nor PostgreSQL a rowid): the rows' texts in order stand for the table's contents.
            (await t.query(`select * from ${q}`)).map((r) => JSON.stringify(r)).sort();
    // sqlite_sequence moves when a login adds an audit row: its audit_log entry is not exam state.
    const kept = name === 'sqlite_sequence' ? rows.filter((r) => !/"name":"(audit_log|incidents)"/.test(String(r))) : rows;
    out[name] = { rows: kept.length, digest: createHash('sha256').update(JSON.stringify(kept)).digest('hex') };
  }
  return out;
}

export const tableCounts = (s: Awaited<ReturnType<typeof snapshot>>) => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v.rows]));

/** Logs in a caller (anonymous has no cookie). */
export async function cookieOf(t: TestExam, caller: Caller, candidateIndex = 0): Promise<string | undefined> {
  if (caller === 'anonymous') return undefined;
  if (caller === 'candidate') return t.loginCandidate(candidateIndex);
  if (caller === 'applicant') return t.loginApplicant();
  return t.loginStaff(caller);
}

/** Whether a cookie still names a live session (a logout in the test may have ended it). */
export async function stillLoggedIn(t: TestExam, cookie: string): Promise<boolean> {
  return (await t.http('GET', '/api/auth/me', { cookie })).status === 200;
}

/**
 * A fresh session for a user without the (deliberately slow) password check: the row the login
 * would write, for tests that burn through sessions (logging out on every case).
 */
export async function mintSession(t: TestExam, login: string): Promise<string> {
  const user = (await t.one('select id from users where login = ?', [login])) as { id: number } | undefined;
  if (!user) throw new Error(`no user ${login}`);
  const token = randomBytes(32).toString('base64url');
  const now = t.clock.now();
  await t.query('insert into auth_sessions (token_hash, user_id, created_at, expires_at) values (?, ?, ?, ?)', [createHash('sha256').update(token).digest('hex'), user.id, now, now + 3_600_000]);
  return `kc_session=${token}`;
}
