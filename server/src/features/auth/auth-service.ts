import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../../core/clock.ts';
import { constraintViolation } from '../../core/db/dialect.ts';
import { createAsyncGroupCommit } from '../../core/db/async-group-commit.ts';
import { dialectOf, type Db } from '../../core/db/store.ts';
import type { MaybePromise } from '../../core/maybe-promise.ts';
import { StateError, UnauthenticatedError } from '../../core/errors.ts';
import { appendAudit } from '../../core/audit.ts';
import type { Login, SessionUser } from '../../core/session-user.ts';
import { createAuthDal, isLoginTaken } from './auth-dal.ts';
import { dummyHash, hashPassword, verifyPassword, type PasswordCost } from './passwords.ts';
import type { Role } from '@shared/domain.ts';

export type LoginKind = 'candidate' | 'staff' | 'applicant';
const kindOfRole = (role: Role): LoginKind => (role === 'candidate' || role === 'applicant' ? role : 'staff');
/**
 * The cost a form's accounts are hashed with, for the stand-in hash of a login that is not there:
 * an unknown ticket number then takes as long as a known one. (A candidate issued from an
 * applicant keeps the applicant's standard hash and answers slower than an unknown ticket.)
 */
const costOfKind = (kind: LoginKind): PasswordCost => (kind === 'candidate' ? 'admission' : 'standard');

const CLEANUP_EVERY_MS = 60_000;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

const loginTaken = () => new StateError('CONFLICT', 'This login is taken', { key: 'auth.loginTaken' });

/**
 * Logins on the async data layer (docs/cluster.md §1). A login lasts `sessionTtlMs` from the moment
 * it was made; nothing extends it. Ending logins is pushed to their sockets by whoever ends them
 * (logout: the route; revoked: the proctor console; disabled, re-roled, reset: staff), since a
 * connection keeps the login it was opened with.
 */
/** The tickets feature's candidate behind an exam-day login (a candidate's session names its ticket). */
export type CandidateOfUser = (db: Db, userId: number) => MaybePromise<{ id: number; ticketNo: string } | undefined>;

export function createAuthService(deps: { db: Db; clock: Clock; sessionTtlMs: number; candidateOf: CandidateOfUser }) {
  const dal = createAuthDal(deps.db);

  /**
   * A login with its candidate: one more read (the unique user_id index), for candidates only, since
   * the candidate's row is tickets' (issue #16). Every request and handshake of a candidate pays it.
   */
  async function findLogin(tokenHash: string, now: number, on: Db = deps.db): Promise<Login | undefined> {
    const login = await createAuthDal(on).findLogin(tokenHash, now);
    if (!login) return undefined;
    const candidate = login.user.role === 'candidate' ? await deps.candidateOf(on, login.user.userId) : undefined;
    return { user: { ...login.user, ticketNo: candidate?.ticketNo ?? null, candidateId: candidate?.id ?? null }, expiresAt: login.expiresAt };
  }
  // Made before the first login needs them, so that one does not take two hashes' time.
  void dummyHash('standard');
  void dummyHash('admission');
  /** Told when a user's logins start or end (the proctor's grid shows who is logged in). */
  const loginListeners = new Set<(userId: number) => void>();
  const loginsChanged = (userId: number | null) => {
    if (userId !== null) for (const fn of loginListeners) fn(userId);
  };
  // Expired logins are swept at most once a minute, not on every login.
  let lastCleanup = Number.NEGATIVE_INFINITY;

  /**
   * Logins share commits (issue #19): a login's session row and its audit entry, and a failed
   * attempt's audit entry, go through a group commit, so a room logging in at once pays one COMMIT
   * and one log sync per batch instead of one each. A login is still answered only once its row is
   * durable. Two lanes on PostgreSQL: the exam's group commit keeps four of the pool's connections.
   */
  const writes = createAsyncGroupCommit(deps.db, { lanes: dialectOf(deps.db) === 'pg' ? 2 : 1 });

  async function startSession(userId: number, now: number, ip: string) {
    const token = randomBytes(32).toString('base64url');
    const tokenHash = hashToken(token);
    const sweep = now - lastCleanup > CLEANUP_EVERY_MS;
    if (sweep) lastCleanup = now;
    const login = await writes.write(
      async (tx, audit) => {
        const dal = createAuthDal(tx);
        if (sweep) await dal.deleteExpired(now);
        await dal.insertSession(tokenHash, userId, now, now + deps.sessionTtlMs);
        // Read back in the same transaction: an account disabled while its password was being
        // checked has no login here, and this write (its row and entry) is undone.
        const made = await findLogin(tokenHash, now, tx);
        if (!made) throw new UnauthenticatedError('Wrong login or password', { key: 'auth.wrongLogin' });
        audit({ at: now, actorUserId: userId, action: 'auth.login', entity: 'user', entityId: userId, details: { ip } });
        return made;
      },
      { key: userId },
    );
    loginsChanged(userId);
    return { token, user: login.user };
  }

  /** A refused attempt is audited, durably, before it is answered, sharing a commit with the other logins. */
  function auditFailure(login: string, details: Record<string, unknown>, now: number): Promise<void> {
    return writes.write(async (_tx, audit) => audit({ at: now, actorUserId: null, action: 'auth.login_failed', entity: 'user', entityId: login, details }), { key: login });
  }

  /** The login behind a token, with its expiry: a socket keeps it for the connection's life. */
  async function loginForToken(token: string | undefined): Promise<Login | undefined> {
    return token ? findLogin(hashToken(token), deps.clock.now()) : undefined;
  }

  return {
    onLoginsChanged(fn: (userId: number) => void): () => void {
      loginListeners.add(fn);
      return () => loginListeners.delete(fn);
    },

    /** Names of accounts for records that show who did something. */
    namesOf(userIds: readonly number[]): Promise<Map<number, string>> {
      return dal.namesOf(userIds);
    },

    /** Whether the user holds a login that has not expired (whether or not a page is open). */
    hasLiveLogin(userId: number): Promise<boolean> {
      return dal.hasLiveSession(userId, deps.clock.now());
    },

    /**
     * Candidates must use the candidate form, applicants the registration form and staff the staff
     * form: a ticket number is never a staff login, an applicant account never an exam login.
     */
    async login(kind: LoginKind, login: string, password: string, ip: string) {
      const user = await dal.findUserByLogin(login);
      const kindMatches = user && kindOfRole(user.role) === kind;
      const ok = await verifyPassword(password, kindMatches ? user.passwordHash : await dummyHash(costOfKind(kind)));
      const now = deps.clock.now();
      // A disabled account gets the same answer as a wrong password: whoever still holds its
      // password is exactly who should learn nothing. The audit row tells the exam office why.
      const disabled = ok && user?.disabledAt != null;
      if (!ok || !user || !kindMatches || disabled) {
        await auditFailure(login, { kind, ip, ...(disabled ? { reason: 'disabled' } : {}) }, now);
        throw new UnauthenticatedError('Wrong login or password', { key: 'auth.wrongLogin' });
      }
      return startSession(user.id, now, ip);
    },

    /** Creates an applicant account (报名账号) and logs it in. */
    async registerApplicant(body: { username: string; password: string; displayName: string }, ip: string) {
      // Hashed before the transaction: its body awaits nothing but the database.
      const passwordHash = await hashPassword(body.password);
      const now = deps.clock.now();
      let userId: number;
      try {
        userId = await deps.db.transaction(async (tx) => {
          if (await isLoginTaken(tx, body.username)) throw loginTaken();
          const id = await createAuthDal(tx).insertUser({ role: 'applicant', login: body.username, displayName: body.displayName, passwordHash, createdAt: now });
          await appendAudit(tx, { at: now, actorUserId: id, action: 'applicant.registered', entity: 'user', entityId: id, details: { login: body.username, ip } });
          return id;
        });
      } catch (err) {
        // The same login registered at once on another connection: the check could not see it.
        if (constraintViolation(err) === 'unique') throw loginTaken();
        throw err;
      }
      return startSession(userId, now, ip);
    },

    loginForToken,

    async userForToken(token: string | undefined): Promise<SessionUser | undefined> {
      return (await loginForToken(token))?.user;
    },

    /** Neither ended nor expired (the socket handshake's second look, core/socket.ts). */
    isTokenAlive(token: string): Promise<boolean> {
      return dal.isAlive(hashToken(token), deps.clock.now());
    },

    /** Those of `tokens` that are live logins (the socket layer's periodic recheck). */
    async liveTokens(tokens: readonly string[]): Promise<Set<string>> {
      const hashes = new Map(tokens.map((t) => [hashToken(t), t]));
      const live = await dal.liveAmong([...hashes.keys()], deps.clock.now());
      return new Set([...live].map((h) => hashes.get(h)!));
    },

    /** Ends every login of a user (a candidate moved to another computer); returns how many. */
    async revokeAll(userId: number, actorUserId: number | null, reason: string): Promise<number> {
      const ended = await deps.db.transaction(async (tx) => {
        const n = await createAuthDal(tx).deleteSessionsOfUser(userId);
        await appendAudit(tx, { at: deps.clock.now(), actorUserId, action: 'auth.revoked', entity: 'user', entityId: userId, details: { reason, logins: n } });
        return n;
      });
      loginsChanged(userId);
      return ended;
    },

    async logout(token: string | undefined, userId: number | null): Promise<void> {
      if (!token) return;
      await deps.db.transaction(async (tx) => {
        await createAuthDal(tx).deleteSession(hashToken(token));
        await appendAudit(tx, { at: deps.clock.now(), actorUserId: userId, action: 'auth.logout', entity: 'user', entityId: userId });
      });
      loginsChanged(userId);
    },
  };
}
export type AuthService = ReturnType<typeof createAuthService>;
