import { ForbiddenError, NotFoundError, type AppError } from '../../core/errors.ts';
import type { SessionUser } from '../../core/session-user.ts';
import type { ExamDal, SessionRow } from './exam-dal.ts';
import type { PaperCache, PaperItem } from './paper-cache.ts';

/**
 * The exam feature's port for whoever acts on a candidate's own session (evidence, task images, late
 * sync): one place decides what "own" means, so another candidate's session stays indistinguishable
 * from a missing one everywhere.
 */
export type SessionAccess = {
  /** The session if it is this candidate's; a non-candidate is refused, anything else is a 404 (`notFound` words it). */
  ownSession(user: SessionUser, sessionId: number, notFound?: () => AppError): SessionRow;
  /** Any session by id, for checks that are not the candidate's (a proctor's room, a re-read before writing). */
  session(sessionId: number): SessionRow | undefined;
  /** The item of the paper this session sits, if there is one. */
  paperItem(session: SessionRow, itemId: number): PaperItem | undefined;
};

const noSession = () => new NotFoundError('No such exam session', { key: 'exam.noSession' });

export function createSessionAccess(dal: ExamDal, papers: PaperCache): SessionAccess {
  return {
    ownSession(user, sessionId, notFound = noSession) {
      if (user.role !== 'candidate' || user.candidateId === null) throw new ForbiddenError('Only candidates sit exams', { key: 'exam.candidatesOnly' });
      const session = dal.session(sessionId);
      if (!session || session.candidateId !== user.candidateId) throw notFound();
      return session;
    },
    session: (sessionId) => dal.session(sessionId),
    paperItem(session, itemId) {
      const part = dal.sittingPart(session.sittingPartId);
      return part?.paperId == null ? undefined : papers.get(part.paperId)?.byId.get(itemId);
    },
  };
}
