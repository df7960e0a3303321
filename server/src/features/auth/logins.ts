import { eq, sql } from 'drizzle-orm';
import type { Db as SyncDb } from '../../core/db/connection.ts';
import { tablesOf, type Db } from '../../core/db/store.ts';
import { deleteSessionsOf, isLoginTaken } from './auth-dal.ts';

/**
 * The auth feature's port for features that make or change accounts (staff, registration). Each
 * call takes the caller's transaction, so the check or the ended logins commit with the change.
 */
export type Logins = {
  /** Logins are unique without regard to case. */
  taken(tx: Pick<SyncDb, 'select'>, login: string): boolean;
  /** Ends every login of the user (their cookies stop working); how many there were. */
  endAll(tx: Pick<SyncDb, 'delete'>, userId: number): number;
};

export const logins: Logins = {
  taken: isLoginTaken,
  endAll: deleteSessionsOf,
};

/**
 * The same port on the async data layer (issue #16), for features already converted (staff) while
 * auth itself is not: the same rules, on whichever store the caller's transaction belongs to.
 */
export type AsyncLogins = {
  taken(tx: Db, login: string): Promise<boolean>;
  endAll(tx: Db, userId: number): Promise<number>;
};

export const asyncLogins: AsyncLogins = {
  async taken(tx, login) {
    const { users } = tablesOf(tx);
    const [row] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.login}) = lower(${login})`).limit(1);
    return row !== undefined;
  },
  async endAll(tx, userId) {
    const { authSessions } = tablesOf(tx);
    return (await tx.delete(authSessions).where(eq(authSessions.userId, userId))).rowCount ?? 0;
  },
};
