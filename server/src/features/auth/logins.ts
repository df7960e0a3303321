import type { Db } from '../../core/db/store.ts';
import { deleteSessionsOf, insertUser, isLoginTaken } from './auth-dal.ts';

/**
 * The auth feature's port for features that make or change accounts (staff, registration, planning's roster, tickets).
 * Each call takes the caller's transaction, so the check or the ended logins commit with the change.
 * Whoever ends logins also closes their sockets (`userRoom`): a connection keeps the login it was
 * opened with (core/socket.ts) and is not re-checked against the database.
 */
export type AsyncLogins = {
  /** Logins are unique without regard to case. */
  taken(tx: Db, login: string): Promise<boolean>;
  /** Ends every login of the user (their cookies stop working); how many there were. */
  endAll(tx: Db, userId: number): Promise<number>;
  /** A candidate's exam-day login (the admission ticket's number), made with the ticket; its user id. */
  addCandidate(tx: Db, login: { login: string; displayName: string; passwordHash: string; createdAt: number }): Promise<number>;
};

export const asyncLogins: AsyncLogins = {
  taken: isLoginTaken,
  endAll: deleteSessionsOf,
  addCandidate: (tx, login) => insertUser(tx, { role: 'candidate', ...login }),
};
