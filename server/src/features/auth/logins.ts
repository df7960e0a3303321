import type { Db } from '../../core/db/connection.ts';
import { deleteSessionsOf, isLoginTaken } from './auth-dal.ts';

/**
 * The auth feature's port for features that make or change accounts (staff, registration). Each
 * call takes the caller's transaction, so the check or the ended logins commit with the change.
 */
export type Logins = {
  /** Logins are unique without regard to case. */
  taken(tx: Pick<Db, 'select'>, login: string): boolean;
  /** Ends every login of the user (their cookies stop working); how many there were. */
  endAll(tx: Pick<Db, 'delete'>, userId: number): number;
};

export const logins: Logins = {
  taken: isLoginTaken,
  endAll: deleteSessionsOf,
};
