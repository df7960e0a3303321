import type { StaffAccount, StaffCreateBody, StaffStatus, StaffUpdateBody } from '@shared/staff.ts';
import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../core/db/connection.ts';
import { NotFoundError, StateError } from '../../core/errors.ts';
import { appendAuditSync } from '../../core/audit.ts';
import type { Logins } from '../auth/logins.ts';
import { hashPassword } from '../auth/passwords.ts';
import { createStaffDal, type Tx } from './staff-dal.ts';
import { lockoutProblem, type LockoutChange } from './staff-rules.ts';

export type StaffDeps = {
  db: Db;
  clock: Clock;
  /** Closes a user's open sockets: they were admitted with rights the user may no longer have. */
  closeConnections: (userId: number) => void;
  /** The auth feature's logins: taken names, ending an account's logins. */
  logins: Logins;
};

/**
 * Staff accounts for the exam office. Every change is audited in its own transaction; a change
 * that alters what the account may do (disabled, new role, new password) also ends its logins,
 * since a live cookie or socket was granted under the old terms.
 */
export function createStaffService({ db, clock, closeConnections, logins }: StaffDeps) {
  const dal = createStaffDal(db);

  function found(tx: Tx, id: number): StaffAccount {
    const account = dal.find(tx, id);
    if (!account) throw new NotFoundError('No such staff account', { key: 'staff.noAccount' });
    return account;
  }

  function refuseLockout(tx: Tx, actorUserId: number, target: StaffAccount, change: LockoutChange) {
    const problem = lockoutProblem({ actorUserId, target, change, activeAdmins: dal.activeAdmins(tx) });
    if (problem) throw new StateError('CONFLICT', problem.message, { key: problem.key });
  }

  /** Runs a change and, once it is committed, closes the sockets of the logins it ended. */
  function committing<T>(userId: number, change: (tx: Tx) => { result: T; endedLogins: boolean }): T {
    const { result, endedLogins } = db.transaction((tx) => change(tx));
    if (endedLogins) closeConnections(userId);
    return result;
  }

  return {
    list: dal.list,

    async create(actorUserId: number, body: StaffCreateBody): Promise<StaffAccount> {
      // Hashed before the transaction: scrypt is asynchronous and a transaction is not.
      const passwordHash = await hashPassword(body.password);
      const now = clock.now();
      return db.transaction((tx) => {
        if (logins.taken(tx, body.login)) throw new StateError('CONFLICT', `The login "${body.login}" is already taken`, { key: 'staff.loginTaken', params: { login: body.login } });
        const id = dal.insert(tx, { login: body.login, displayName: body.displayName, role: body.role, passwordHash, createdAt: now });
        appendAuditSync(tx, { at: now, actorUserId, action: 'staff.created', entity: 'user', entityId: id, details: { login: body.login, displayName: body.displayName, role: body.role } });
        return found(tx, id);
      });
    },

    update(actorUserId: number, id: number, body: StaffUpdateBody): StaffAccount {
      return committing(id, (tx) => {
        const before = found(tx, id);
        const role = body.role ?? before.role;
        const displayName = body.displayName ?? before.displayName;
        if (role === before.role && displayName === before.displayName) return { result: before, endedLogins: false };
        if (role !== before.role) refuseLockout(tx, actorUserId, before, { kind: 'role', to: role });
        dal.update(tx, id, { role, displayName });
        const ended = role !== before.role ? logins.endAll(tx, id) : 0;
        appendAuditSync(tx, {
          at: clock.now(),
          actorUserId,
          action: 'staff.updated',
          entity: 'user',
          entityId: id,
          details: { login: before.login, from: { role: before.role, displayName: before.displayName }, to: { role, displayName }, ...(role !== before.role ? { logins: ended } : {}) },
        });
        return { result: found(tx, id), endedLogins: role !== before.role };
      });
    },

    /** Disabling ends the account's logins at once; setting the status it already has changes nothing. */
    setStatus(actorUserId: number, id: number, status: StaffStatus): StaffAccount {
      return committing(id, (tx) => {
        const before = found(tx, id);
        if ((before.disabledAt === null) === (status === 'active')) return { result: before, endedLogins: false };
        const now = clock.now();
        if (status === 'disabled') {
          refuseLockout(tx, actorUserId, before, { kind: 'disable' });
          dal.update(tx, id, { disabledAt: now });
          const ended = logins.endAll(tx, id);
          appendAuditSync(tx, { at: now, actorUserId, action: 'staff.disabled', entity: 'user', entityId: id, details: { login: before.login, logins: ended } });
          return { result: found(tx, id), endedLogins: true };
        }
        dal.update(tx, id, { disabledAt: null });
        appendAuditSync(tx, { at: now, actorUserId, action: 'staff.enabled', entity: 'user', entityId: id, details: { login: before.login } });
        return { result: found(tx, id), endedLogins: false };
      });
    },

    /** A reset ends every login of the account, the admin's own included when they reset themselves. */
    async resetPassword(actorUserId: number, id: number, password: string): Promise<void> {
      found(db, id);
      const passwordHash = await hashPassword(password);
      committing(id, (tx) => {
        const account = found(tx, id);
        dal.update(tx, id, { passwordHash });
        const ended = logins.endAll(tx, id);
        appendAuditSync(tx, { at: clock.now(), actorUserId, action: 'staff.password_reset', entity: 'user', entityId: id, details: { login: account.login, logins: ended } });
        return { result: undefined, endedLogins: true };
      });
    },
  };
}
export type StaffService = ReturnType<typeof createStaffService>;
