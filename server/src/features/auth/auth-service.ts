import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../core/db/connection.ts';
import { StateError, UnauthenticatedError } from '../../core/errors.ts';
import { appendAuditSync } from '../../core/audit.ts';
import type { SessionUser } from '../../core/session-user.ts';
import { createAuthDal, isLoginTaken } from './auth-dal.ts';
import { DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from './passwords.ts';
import type { Role } from '@shared/domain.ts';

export type LoginKind = 'candidate' | 'staff' | 'applicant';
const kindOfRole = (role: Role): LoginKind => (role === 'candidate' || role === 'applicant' ? role : 'staff');

const CLEANUP_EVERY_MS = 60_000;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export function createAuthService(deps: { db: Db; clock: Clock; sessionTtlMs: number }) {
  const dal = createAuthDal(deps.db);
  /** Told when a user's logins start or end (the proctor's grid shows who is logged in). */
  const loginListeners = new Set<(userId: number) => void>();
  const loginsChanged = (userId: number | null) => {
    if (userId !== null) for (const fn of loginListeners) fn(userId);
  };
  // Expired logins are swept at most once a minute, not on every login.
  let lastCleanup = Number.NEGATIVE_INFINITY;

  /** One commit (one fsync) per login: a whole room logs in within a minute. */
  function startSession(userId: number, now: number, ip: string) {
    const token = randomBytes(32).toString('base64url');
    deps.db.transaction((tx) => {
      if (now - lastCleanup > CLEANUP_EVERY_MS) {
        lastCleanup = now;
        dal.deleteExpired(now);
      }
      dal.insertSession(hashToken(token), userId, now, now + deps.sessionTtlMs);
      appendAuditSync(tx, { at: now, actorUserId: userId, action: 'auth.login', entity: 'user', entityId: userId, details: { ip } });
    });
    const sessionUser = dal.findSessionUser(hashToken(token), now);
    // Only an account disabled while its password was being checked has no session user here.
    if (!sessionUser) throw new UnauthenticatedError('Wrong login or password', { key: 'auth.wrongLogin' });
    loginsChanged(userId);
    return { token, user: sessionUser };
  }

  return {
    onLoginsChanged(fn: (userId: number) => void): () => void {
      loginListeners.add(fn);
      return () => loginListeners.delete(fn);
    },

    /** Names of accounts for records that show who did something. */
    namesOf(userIds: readonly number[]): Map<number, string> {
      return dal.namesOf(userIds);
    },

    /** Whether the user holds a login that has not expired (whether or not a page is open). */
    hasLiveLogin(userId: number): boolean {
      return dal.hasLiveSession(userId, deps.clock.now());
    },

    /**
     * Candidates must use the candidate form, applicants the registration form and staff the staff
     * form: a ticket number is never a staff login, an applicant account never an exam login.
     */
    async login(kind: LoginKind, login: string, password: string, ip: string) {
      const user = dal.findUserByLogin(login);
      const kindMatches = user && kindOfRole(user.role) === kind;
      const ok = await verifyPassword(password, kindMatches ? user.passwordHash : await DUMMY_HASH_PROMISE);
      const now = deps.clock.now();
      // A disabled account gets the same answer as a wrong password: whoever still holds its
      // password is exactly who should learn nothing. The audit row tells the exam office why.
      const disabled = ok && user?.disabledAt != null;
      if (!ok || !user || !kindMatches || disabled) {
        appendAuditSync(deps.db, { at: now, actorUserId: null, action: 'auth.login_failed', entity: 'user', entityId: login, details: { kind, ip, ...(disabled ? { reason: 'disabled' } : {}) } });
        throw new UnauthenticatedError('Wrong login or password', { key: 'auth.wrongLogin' });
      }
      return startSession(user.id, now, ip);
    },

    /** Creates an applicant account (报名账号) and logs it in. */
    async registerApplicant(body: { username: string; password: string; displayName: string }, ip: string) {
      const passwordHash = await hashPassword(body.password);
      const now = deps.clock.now();
      const userId = deps.db.transaction((tx) => {
        if (isLoginTaken(tx, body.username)) throw new StateError('CONFLICT', 'This login is taken', { key: 'auth.loginTaken' });
        const id = dal.insertUser(tx, { role: 'applicant', login: body.username, displayName: body.displayName, passwordHash, createdAt: now });
        appendAuditSync(tx, { at: now, actorUserId: id, action: 'applicant.registered', entity: 'user', entityId: id, details: { login: body.username, ip } });
        return id;
      });
      return startSession(userId, now, ip);
    },

    /** Cheap check, made on every socket event: a logged-out or expired login stops at once. */
    isTokenAlive(token: string): boolean {
      return dal.isAlive(hashToken(token), deps.clock.now());
    },

    userForToken(token: string | undefined): SessionUser | undefined {
      if (!token) return undefined;
      return dal.findSessionUser(hashToken(token), deps.clock.now());
    },

    /** Ends every login of a user (a candidate moved to another computer); returns how many. */
    revokeAll(userId: number, actorUserId: number | null, reason: string): number {
      const ended = dal.deleteSessionsOfUser(userId);
      appendAuditSync(deps.db, { at: deps.clock.now(), actorUserId, action: 'auth.revoked', entity: 'user', entityId: userId, details: { reason, logins: ended } });
      loginsChanged(userId);
      return ended;
    },

    logout(token: string | undefined, userId: number | null) {
      if (!token) return;
      dal.deleteSession(hashToken(token));
      appendAuditSync(deps.db, { at: deps.clock.now(), actorUserId: userId, action: 'auth.logout', entity: 'user', entityId: userId });
      loginsChanged(userId);
    },
  };
}
export type AuthService = ReturnType<typeof createAuthService>;
