import type { Db } from '../../core/db/store.ts';
import type { AppError } from '../../core/errors.ts';
import type { MaybePromise } from '../../core/maybe-promise.ts';
import type { SessionUser } from '../../core/session-user.ts';
import type { SessionRow } from '../exam/exam-dal.ts';
import type { PaperItem } from '../exam/paper-cache.ts';

/**
 * The exam feature's `SessionAccess` (exam/session-access.ts) as evidence consumes it: every answer
 * is awaited, so the port may turn async when exam converts on its own branch (issue #16).
 */
export type EvidenceSessions = {
  ownSession(user: SessionUser, sessionId: number, notFound?: () => AppError): MaybePromise<SessionRow>;
  session(sessionId: number): MaybePromise<SessionRow | undefined>;
  /** Inside the caller's transaction: the session, its row locked until `tx` ends (every change of evidence takes it first). */
  lockSession(tx: Db, sessionId: number): MaybePromise<SessionRow | undefined>;
  paperItem(session: SessionRow, itemId: number): MaybePromise<PaperItem | undefined>;
};

/** Whether a proctor watches this candidate's room (the proctor feature owns assignments). */
export type ProctorWatches = (proctorUserId: number, candidateId: number) => MaybePromise<boolean>;
