import type { StaffAccount, StaffCreateBody, StaffStatus, StaffUpdateBody } from '@shared/staff.ts';
import type { Clock } from '../../core/clock.ts';
import { constraintViolation } from '../../core/db/dialect.ts';
import type { Db } from '../../core/db/store.ts';
import { NotFoundError, StateError } from '../../core/errors.ts';
import { appendAudit } from '../../core/audit.ts';
import type { AsyncLogins } from '../auth/logins.ts';
import { hashPassword } from '../auth/passwords.ts';
import type { MaybePromise } from '../../core/maybe-promise.ts';
import { lockoutProblem, type LockoutChange } from './staff-rules.ts';

export type StaffDeps = {
  /** The async data layer (docs/cluster.md §1). */
  db: Db;
  clock: Clock;
  /** Closes a user's open sockets: they were admitted with rights the user may no longer have. */
  closeConnections: (userId: number) => void;
  /** The auth feature's logins: taken names, ending an account's logins. */
  logins: Pick<AsyncLogins, 'taken' | 'endAll'>;
  /** The auth feature's staff accounts (its users rows). */
  accounts: StaffAccountsPort;
};

type Change = Partial<{ displayName: string; role: StaffAccount['role']; disabledAt: number | null; passwordHash: string }>;

/** Staff accounts as auth keeps them (auth/staff-accounts.ts); each call takes this feature's handle or `tx`. */
export type StaffAccountsPort = {
  list(db: Db, role?: StaffAccount['role']): MaybePromise<StaffAccount[]>;
  find(db: Db, id: number): MaybePromise<StaffAccount | undefined>;
  /** Active admins, their rows locked until `tx` ends. */
  activeAdmins(tx: Db): MaybePromise<number>;
  insert(tx: Db, values: { login: string; displayName: string; role: StaffAccount['role']; passwordHash: string; createdAt: number }): MaybePromise<number>;
  update(tx: Db, id: number, values: Change): MaybePromise<void>;
};

const loginTaken = (login: string) => new StateError('CONFLICT', `The login "${login}" is already taken`, { key: 'staff.loginTaken', params: { login } });

/**
 * Staff accounts for the exam office. Every change is audited in its own transaction; a change
 * that alters what the account may do (disabled, new role, new password) also ends its logins,
 * since a live cookie or socket was granted under the old terms.
 */
export function createStaffService({ db, clock, closeConnections, logins, accounts }: StaffDeps) {

  async function found(tx: Db, id: number): Promise<StaffAccount> {
    const account = await accounts.find(tx, id);
    if (!account) throw new NotFoundError('No such staff account', { key: 'staff.noAccount' });
    return account;
  }

  async function refuseLockout(tx: Db, actorUserId: number, target: StaffAccount, change: LockoutChange) {
    const problem = lockoutProblem({ actorUserId, target, change, activeAdmins: await accounts.activeAdmins(tx) });
    if (problem) throw new StateError('CONFLICT', problem.message, { key: problem.key });
  }

  /** Runs a change and, once it is committed, closes the sockets of the logins it ended. */
  async function committing<T>(userId: number, change: (tx: Db) => Promise<{ result: T; endedLogins: boolean }>): Promise<T> {
    const { result, endedLogins } = await db.transaction(change);
    if (endedLogins) closeConnections(userId);
    return result;
  }

  return {
    list: async (role?: StaffAccount['role']) => accounts.list(db, role),

    async create(actorUserId: number, body: StaffCreateBody): Promise<StaffAccount> {
      // Hashed before the transaction: its body awaits nothing but the database.
      const passwordHash = await hashPassword(body.password);
      const now = clock.now();
      try {
        return await db.transaction(async (tx) => {
          if (await logins.taken(tx, body.login)) throw loginTaken(body.login);
          const id = await accounts.insert(tx, { login: body.login, displayName: body.displayName, role: body.role, passwordHash, createdAt: now });
          await appendAudit(tx, { at: now, actorUserId, action: 'staff.created', entity: 'user', entityId: id, details: { login: body.login, displayName: body.displayName, role: body.role } });
          return found(tx, id);
        });
      } catch (err) {
        // The same login created at once on another connection: the check could not see it.
        if (constraintViolation(err) === 'unique') throw loginTaken(body.login);
        throw err;
      }
    },

    update(actorUserId: number, id: number, body: StaffUpdateBody): Promise<StaffAccount> {
      return committing(id, async (tx) => {
        const before = await found(tx, id);
        const role = body.role ?? before.role;
        const displayName = body.displayName ?? before.displayName;
        if (role === before.role && displayName === before.displayName) return { result: before, endedLogins: false };
        if (role !== before.role) await refuseLockout(tx, actorUserId, before, { kind: 'role', to: role });
        await accounts.update(tx, id, { role, displayName });
        const ended = role !== before.role ? await logins.endAll(tx, id) : 0;
        await appendAudit(tx, {
          at: clock.now(),
          actorUserId,
          action: 'staff.updated',
          entity: 'user',
          entityId: id,
          details: { login: before.login, from: { role: before.role, displayName: before.displayName }, to: { role, displayName }, ...(role !== before.role ? { logins: ended } : {}) },
        });
        return { result: await found(tx, id), endedLogins: role !== before.role };
      });
    },

    /** Disabling ends the account's logins at once; setting the status it already has changes nothing. */
    setStatus(actorUserId: number, id: number, status: StaffStatus): Promise<StaffAccount> {
      return committing(id, async (tx) => {
        const before = await found(tx, id);
        if ((before.disabledAt === null) === (status === 'active')) return { result: before, endedLogins: false };
        const now = clock.now();
        if (status === 'disabled') {
          await refuseLockout(tx, actorUserId, before, { kind: 'disable' });
          await accounts.update(tx, id, { disabledAt: now });
          const ended = await logins.endAll(tx, id);
          await appendAudit(tx, { at: now, actorUserId, action: 'staff.disabled', entity: 'user', entityId: id, details: { login: before.login, logins: ended } });
          return { result: await found(tx, id), endedLogins: true };
        }
        await accounts.update(tx, id, { disabledAt: null });
        await appendAudit(tx, { at: now, actorUserId, action: 'staff.enabled', entity: 'user', entityId: id, details: { login: before.login } });
        return { result: await found(tx, id), endedLogins: false };
      });
    },

    /** A reset ends every login of the account, the admin's own included when they reset themselves. */
    async resetPassword(actorUserId: number, id: number, password: string): Promise<void> {
      await found(db, id);
      const passwordHash = await hashPassword(password);
      await committing(id, async (tx) => {
        const account = await found(tx, id);
        await accounts.update(tx, id, { passwordHash });
        const ended = await logins.endAll(tx, id);
        await appendAudit(tx, { at: clock.now(), actorUserId, action: 'staff.password_reset', entity: 'user', entityId: id, details: { login: account.login, logins: ended } });
        return { result: undefined, endedLogins: true };
      });
    },
  };
}
export type StaffService = ReturnType<typeof createStaffService>;
