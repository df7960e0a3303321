import { and, eq, gt, inArray, isNull, lt, sql } from 'drizzle-orm';
import { prepared } from '../../core/db/prepared.ts';
import { tablesFor } from '../../core/db/owners.ts';
import type { Db } from '../../core/db/store.ts';
import type { users as usersTable } from '../../core/db/pg-schema.ts';
import { idIn } from '../../core/db/dialect.ts';

/** Logins are unique without regard to case (index users_login_nocase, which this lookup uses). */
export async function isLoginTaken(db: Db, login: string): Promise<boolean> {
  const { users } = tablesFor(db, 'auth');
  const [row] = await db.select({ id: users.id }).from(users).where(sql`lower(${users.login}) = lower(${login})`).limit(1);
  return row !== undefined;
}

export async function insertUser(db: Db, values: typeof usersTable.$inferInsert): Promise<number> {
  const { users } = tablesFor(db, 'auth');
  const [row] = await db.insert(users).values(values).returning({ id: users.id });
  return row!.id;
}

export async function deleteSessionsOf(db: Db, userId: number): Promise<number> {
  const { authSessions } = tablesFor(db, 'auth');
  return (await db.delete(authSessions).where(eq(authSessions.userId, userId))).rowCount ?? 0;
}

// Every HTTP request and every socket handshake reads its login: built once per connection handle.
const loginOfToken = prepared('auth.login_of_token', (db, name) => {
  const { authSessions, users } = tablesFor(db, 'auth');
  return db
    .select({
      userId: users.id,
      role: users.role,
      displayName: users.displayName,
      expiresAt: authSessions.expiresAt,
    })
    .from(authSessions)
    .innerJoin(users, eq(users.id, authSessions.userId))
    // Disabling deletes the sessions too; this also covers a login that was mid-check meanwhile.
    .where(and(eq(authSessions.tokenHash, sql.placeholder('tokenHash')), gt(authSessions.expiresAt, sql.placeholder('now')), isNull(users.disabledAt)))
    .prepare(name);
});

// Every login writes one (a room logs in within minutes).
const insertSession = prepared('auth.insert_session', (db, name) => {
  const { authSessions } = tablesFor(db, 'auth');
  const p = sql.placeholder;
  return db.insert(authSessions).values({ tokenHash: p('tokenHash'), userId: p('userId'), createdAt: p('createdAt'), expiresAt: p('expiresAt') }).prepare(name);
});

const tokenAlive = prepared('auth.token_alive', (db, name) => {
  const { authSessions } = tablesFor(db, 'auth');
  return db
    .select({ userId: authSessions.userId })
    .from(authSessions)
    .where(and(eq(authSessions.tokenHash, sql.placeholder('tokenHash')), gt(authSessions.expiresAt, sql.placeholder('now'))))
    .prepare(name);
});

/** The auth feature's data access on the async layer (docs/cluster.md §1): make one from `db` or a `tx`. */
export function createAuthDal(db: Db) {
  const { authSessions, users } = tablesFor(db, 'auth');
  return {
    async hasLiveSession(userId: number, now: number): Promise<boolean> {
      const [row] = await db
        .select({ userId: authSessions.userId })
        .from(authSessions)
        .where(and(eq(authSessions.userId, userId), gt(authSessions.expiresAt, now)))
        .limit(1);
      return row !== undefined;
    },
    async isAlive(tokenHash: string, now: number): Promise<boolean> {
      const rows = await tokenAlive(db).execute({ tokenHash, now });
      return rows.length > 0;
    },
    /** Which of these token hashes are live logins (the caller passes at most a few hundred). */
    async liveAmong(tokenHashes: readonly string[], now: number): Promise<Set<string>> {
      if (tokenHashes.length === 0) return new Set();
      const rows = await db
        .select({ tokenHash: authSessions.tokenHash })
        .from(authSessions)
        .where(and(inArray(authSessions.tokenHash, [...tokenHashes]), gt(authSessions.expiresAt, now)));
      return new Set(rows.map((r) => r.tokenHash));
    },
    /** Display names with the login, e.g. 张老师 (proctor2), for records that name people. */
    async namesOf(ids: readonly number[]): Promise<Map<number, string>> {
      if (ids.length === 0) return new Map();
      const rows = await db.select({ id: users.id, login: users.login, displayName: users.displayName }).from(users).where(idIn(db, users.id, [...new Set(ids)]));
      return new Map(rows.map((r) => [r.id, displayNameOf(r)]));
    },
    async findUserByLogin(login: string) {
      const [row] = await db.select().from(users).where(eq(users.login, login));
      return row;
    },
    insertUser(values: typeof users.$inferInsert): Promise<number> {
      return insertUser(db, values);
    },
    async insertSession(tokenHash: string, userId: number, createdAt: number, expiresAt: number): Promise<void> {
      await insertSession(db).execute({ tokenHash, userId, createdAt, expiresAt });
    },
    async deleteSession(tokenHash: string): Promise<void> {
      await db.delete(authSessions).where(eq(authSessions.tokenHash, tokenHash));
    },
    deleteSessionsOfUser(userId: number): Promise<number> {
      return deleteSessionsOf(db, userId);
    },
    async deleteExpired(now: number): Promise<void> {
      await db.delete(authSessions).where(lt(authSessions.expiresAt, now));
    },
    /** The login without its candidate (tickets' row: the service adds it through its port). */
    async findLogin(tokenHash: string, now: number) {
      const [row] = await loginOfToken(db).execute({ tokenHash, now });
      if (!row) return undefined;
      const { expiresAt, ...user } = row;
      return { user, expiresAt };
    },
  };
}
export type AuthDal = ReturnType<typeof createAuthDal>;

/** 张老师 (proctor2); the login alone when the display name adds nothing. */
const displayNameOf = (r: { login: string; displayName: string }) => (r.displayName && r.displayName !== r.login ? `${r.displayName} (${r.login})` : r.login);
