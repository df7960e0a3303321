import { eq, sql } from 'drizzle-orm';
import type { Db as SyncDb } from '../../core/db/connection.ts';
import { authSessions, users } from '../../core/db/schema.ts';
import type { Db } from '../../core/db/store.ts';
import { deleteSessionsOf, isLoginTaken } from './auth-dal.ts';

/**
 * The auth feature's port for features that make or change accounts (staff, and later registration).
 * Each call takes the caller's transaction, so the check or the ended logins commit with the change.
 * Whoever ends logins also closes their sockets (`userRoom`): a connection keeps the login it was
 * opened with (core/socket.ts) and is not re-checked against the database.
 */
export type AsyncLogins = {
  /** Logins are unique without regard to case. */
  taken(tx: Db, login: string): Promise<boolean>;
  /** Ends every login of the user (their cookies stop working); how many there were. */
  endAll(tx: Db, userId: number): Promise<number>;
};

export const asyncLogins: AsyncLogins = {
  taken: isLoginTaken,
  endAll: deleteSessionsOf,
};

// ---------------------------------------------------------------------------------------------
// Transitional (issue #16, docs/cluster.md §4): synchronous twins for features still on the
// synchronous SQLite `Db`. Auth itself runs on the async layer; these read and write the same
// tables on the same connection. Each is deleted when its last caller awaits the async port.
// ---------------------------------------------------------------------------------------------

/** The synchronous `AsyncLogins`, for registration and roster (planning) until they convert. */
export type Logins = {
  taken(tx: Pick<SyncDb, 'select'>, login: string): boolean;
  endAll(tx: Pick<SyncDb, 'delete'>, userId: number): number;
};

export const logins: Logins = {
  taken: (tx, login) => tx.select({ id: users.id }).from(users).where(sql`lower(${users.login}) = lower(${login})`).get() !== undefined,
  endAll: (tx, userId) => tx.delete(authSessions).where(eq(authSessions.userId, userId)).run().changes,
};
