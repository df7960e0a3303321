import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../core/db/connection.ts';
import { UnauthenticatedError } from '../../core/errors.ts';
import { appendAudit } from '../audit/audit-dal.ts';
import { createAuthDal, type SessionUser } from './auth-dal.ts';
import { DUMMY_HASH_PROMISE, verifyPassword } from './passwords.ts';

export const SESSION_COOKIE = 'kc_session';
const CLEANUP_EVERY_MS = 60_000;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export function createAuthService(deps: { db: Db; clock: Clock; sessionTtlMs: number }) {
  const dal = createAuthDal(deps.db);
  // Expired logins are swept at most once a minute, not on every login.
  let lastCleanup = Number.NEGATIVE_INFINITY;

  return {
    /** Candidates must use the candidate form and staff the staff form: a ticket number is never a staff login. */
    async login(kind: 'candidate' | 'staff', login: string, password: string, ip: string) {
      const user = dal.findUserByLogin(login);
      const kindMatches = user && (kind === 'candidate') === (user.role === 'candidate');
      const ok = await verifyPassword(password, kindMatches ? user.passwordHash : await DUMMY_HASH_PROMISE);
      const now = deps.clock.now();
      if (!ok || !user || !kindMatches) {
        appendAudit(deps.db, { at: now, actorUserId: null, action: 'auth.login_failed', entity: 'user', entityId: login, details: { kind, ip } });
        throw new UnauthenticatedError('Wrong login or password');
      }
      const token = randomBytes(32).toString('base64url');
      // One commit (one fsync) per login: a whole room logs in within a minute.
      deps.db.transaction((tx) => {
        if (now - lastCleanup > CLEANUP_EVERY_MS) {
          lastCleanup = now;
          dal.deleteExpired(now);
        }
        dal.insertSession(hashToken(token), user.id, now, now + deps.sessionTtlMs);
        appendAudit(tx, { at: now, actorUserId: user.id, action: 'auth.login', entity: 'user', entityId: user.id, details: { ip } });
      });
      const sessionUser = dal.findSessionUser(hashToken(token), now);
      if (!sessionUser) throw new Error('session vanished right after creation');
      return { token, user: sessionUser };
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
      appendAudit(deps.db, { at: deps.clock.now(), actorUserId, action: 'auth.revoked', entity: 'user', entityId: userId, details: { reason, logins: ended } });
      return ended;
    },

    logout(token: string | undefined, userId: number | null) {
      if (!token) return;
      dal.deleteSession(hashToken(token));
      appendAudit(deps.db, { at: deps.clock.now(), actorUserId: userId, action: 'auth.logout', entity: 'user', entityId: userId });
    },
  };
}
export type AuthService = ReturnType<typeof createAuthService>;
