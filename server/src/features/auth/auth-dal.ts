import { and, eq, gt, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../../core/db/connection.ts';
import { authSessions, candidates, users } from '../../core/db/schema.ts';

import type { SessionUser } from '../../core/session-user.ts';

/** Logins are unique without regard to case (index users_login_nocase, which this lookup uses). */
export function isLoginTaken(db: Pick<Db, 'select'>, login: string): boolean {
  return db.select({ id: users.id }).from(users).where(sql`lower(${users.login}) = lower(${login})`).get() !== undefined;
}

export function deleteSessionsOf(db: Pick<Db, 'delete'>, userId: number): number {
  return db.delete(authSessions).where(eq(authSessions.userId, userId)).run().changes;
}

export function createAuthDal(db: Db) {
  const alive = db
    .select({ userId: authSessions.userId })
    .from(authSessions)
    .where(and(eq(authSessions.tokenHash, sql.placeholder('tokenHash')), gt(authSessions.expiresAt, sql.placeholder('now'))))
    .prepare();
  const liveOfUser = db
    .select({ userId: authSessions.userId })
    .from(authSessions)
    .where(and(eq(authSessions.userId, sql.placeholder('userId')), gt(authSessions.expiresAt, sql.placeholder('now'))))
    .limit(1)
    .prepare();
  return {
    hasLiveSession(userId: number, now: number): boolean {
      return liveOfUser.get({ userId, now }) !== undefined;
    },
    isAlive(tokenHash: string, now: number): boolean {
      return alive.get({ tokenHash, now }) !== undefined;
    },
    /** Display names with the login, e.g. 张老师 (proctor2), for records that name people. */
    namesOf(ids: readonly number[]): Map<number, string> {
      if (ids.length === 0) return new Map();
      const rows = db.select({ id: users.id, login: users.login, displayName: users.displayName }).from(users).where(inArray(users.id, [...new Set(ids)])).all();
      return new Map(rows.map((r) => [r.id, r.displayName && r.displayName !== r.login ? `${r.displayName} (${r.login})` : r.login]));
    },
    findUserByLogin(login: string) {
      return db.select().from(users).where(eq(users.login, login)).get();
    },
    insertUser(tx: Pick<Db, 'insert'>, values: typeof users.$inferInsert): number {
      return tx.insert(users).values(values).returning({ id: users.id }).get().id;
    },
    insertSession(tokenHash: string, userId: number, createdAt: number, expiresAt: number) {
      db.insert(authSessions).values({ tokenHash, userId, createdAt, expiresAt }).run();
    },
    deleteSession(tokenHash: string) {
      db.delete(authSessions).where(eq(authSessions.tokenHash, tokenHash)).run();
    },
    deleteSessionsOfUser(userId: number): number {
      return deleteSessionsOf(db, userId);
    },
    deleteExpired(now: number) {
      db.delete(authSessions).where(lt(authSessions.expiresAt, now)).run();
    },
    findSessionUser(tokenHash: string, now: number): SessionUser | undefined {
      return db
        .select({
          userId: users.id,
          role: users.role,
          displayName: users.displayName,
          ticketNo: candidates.ticketNo,
          candidateId: candidates.id,
        })
        .from(authSessions)
        .innerJoin(users, eq(users.id, authSessions.userId))
        .leftJoin(candidates, eq(candidates.userId, users.id))
        // Disabling deletes the sessions too; this also covers a login that was mid-check meanwhile.
        .where(and(eq(authSessions.tokenHash, tokenHash), gt(authSessions.expiresAt, now), isNull(users.disabledAt)))
        .get();
    },
  };
}
export type AuthDal = ReturnType<typeof createAuthDal>;
