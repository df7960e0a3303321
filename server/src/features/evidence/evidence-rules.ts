import { StateError } from '../../core/errors.ts';
import type { EndReason, SessionStatus } from '@shared/domain.ts';

/** Pure rules for when evidence may change. The server's clock is the only clock that counts. */

type SessionState = { status: SessionStatus; deadline: number | null; endReason: EndReason | null; pausedAt?: number | null };

/**
 * An upload is judged by when its request began: one that began before the deadline is accepted
 * even if the transfer finishes after the part ended at that deadline; one that begins at or after
 * the deadline is refused. A part the candidate submitted (or a proctor ended) takes nothing more.
 */
export function uploadRefusal(session: SessionState, requestStartedAt: number): StateError | null {
  if (session.status === 'not_started' || session.deadline === null) return new StateError('SESSION_NOT_STARTED', 'This part has not started', { key: 'exam.notStarted' });
  if (requestStartedAt >= session.deadline) return new StateError('DEADLINE_PASSED', 'Time is up: the upload started after the deadline', { key: 'evidence.uploadLate' });
  if (session.status === 'ended' && session.endReason !== 'deadline') return new StateError('SESSION_ENDED', 'This part has been submitted; evidence can no longer change', { key: 'evidence.submitted' });
  if (session.status === 'in_progress' && session.pausedAt != null) return new StateError('CONFLICT', 'The exam is paused by the proctor', { key: 'evidence.paused' });
  return null;
}

/** Removing a screenshot or editing its caption: only while the part runs, before the deadline. */
export function changeRefusal(session: SessionState, now: number): StateError | null {
  if (session.status === 'ended') return new StateError('SESSION_ENDED', 'This part has ended; evidence can no longer change', { key: 'evidence.ended' });
  if (session.status !== 'in_progress' || session.deadline === null) return new StateError('SESSION_NOT_STARTED', 'This part has not started', { key: 'exam.notStarted' });
  if (now >= session.deadline) return new StateError('DEADLINE_PASSED', 'Time is up: evidence can no longer change', { key: 'evidence.late' });
  if (session.pausedAt != null) return new StateError('CONFLICT', 'The exam is paused by the proctor', { key: 'evidence.paused' });
  return null;
}
