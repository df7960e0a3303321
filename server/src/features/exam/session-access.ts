import { ForbiddenError, NotFoundError, type AppError } from '../../core/errors.ts';
import type { Db } from '../../core/db/store.ts';
import type { SessionUser } from '../../core/session-user.ts';
import { lockedSession, type ExamDal, type SessionRow } from './exam-dal.ts';
import type { FixedParts } from './fixed-parts.ts';
import type { PaperCache, PaperItem } from './paper-cache.ts';

/**
 * The exam feature's port for whoever acts on a candidate's own session (evidence, task images, late
 * sync): one place decides what "own" means, so another candidate's session stays indistinguishable
 * from a missing one everywhere. On the async data layer (issue #16): callers await.
 */
export type SessionAccess = {
  /** The session if it is this candidate's; a non-candidate is refused, anything else is a 404 (`notFound` words it). */
  ownSession(user: SessionUser, sessionId: number, notFound?: () => AppError): Promise<SessionRow>;
  /** Any session by id, for checks that are not the candidate's (a proctor's room, a re-read before writing). */
  session(sessionId: number): Promise<SessionRow | undefined>;
  /**
   * Inside the caller's transaction: the session, its row locked until `tx` ends. A change of the
   * session's evidence takes it first, so two uploads take turns and the part's end (exam's update
   * of this row) comes wholly before or after the change.
   */
  lockSession(tx: Db, sessionId: number): Promise<SessionRow | undefined>;
  /** The item of the paper this session sits, if there is one. */
  paperItem(session: SessionRow, itemId: number): Promise<PaperItem | undefined>;
};

const noSession = () => new NotFoundError('No such exam session', { key: 'exam.noSession' });

/** Refuses anyone but a candidate; their candidate id otherwise. */
export function candidateIdOf(user: SessionUser): number {
  if (user.role !== 'candidate' || user.candidateId === null) throw new ForbiddenError('Only candidates sit exams', { key: 'exam.candidatesOnly' });
  return user.candidateId;
}

/** The session if it is this candidate's (`row` as read, by any handle), else the 404 of `ownSession`. */
export function ownedBy<R extends Pick<SessionRow, 'candidateId'>>(user: SessionUser, row: R | undefined, notFound: () => AppError = noSession): R {
  const candidateId = candidateIdOf(user);
  if (!row || row.candidateId !== candidateId) throw notFound();
  return row;
}

export function createSessionAccess(dal: ExamDal, papers: PaperCache, parts: FixedParts, db: Db): SessionAccess {
  return {
    async ownSession(user, sessionId, notFound = noSession) {
      candidateIdOf(user);
      return ownedBy(user, await dal.session(sessionId), notFound);
    },
    session: (sessionId) => dal.session(sessionId),
    lockSession: lockedSession,
    async paperItem(session, itemId) {
      const part = await parts.of(db, session.sittingPartId);
      return part?.paperId == null ? undefined : (await papers.get(part.paperId))?.byId.get(itemId);
    },
  };
}
