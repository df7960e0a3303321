import type { Db } from '../../core/db/store.ts';
import { deleteSessionsOf, isLoginTaken } from './auth-dal.ts';

/**
 * The auth feature's port for features that make or change accounts (staff, registration, planning's roster).
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

