import type { AnswerSave, AnswerSaved, SessionEnded, SessionView, SubmitResult } from '@shared/events.ts';
import type { Clock } from '../../core/clock.ts';
import { ForbiddenError, NotFoundError, StateError } from '../../core/errors.ts';
import type { Db } from '../../core/db/connection.ts';
import { createGroupCommit, createSavepointRunner } from '../../core/db/group-commit.ts';
import type { PartKind } from '@shared/domain.ts';
import type { ScreenshotLimits } from '../../core/config.ts';
import { createAuditWriter } from '../audit/audit-dal.ts';
import { createEvidenceDal, toScreenshot } from '../evidence/evidence-dal.ts';
import type { SessionUser } from '../auth/auth-dal.ts';
import { createDeadlineScheduler } from './deadline-scheduler.ts';
import { createExamDal, type SessionRow } from './exam-dal.ts';
import { createPaperCache, type LoadedPaper } from './paper-cache.ts';
import { choicesOf, normaliseResponse, parseStoredResponse } from './responses.ts';
import { scorePart } from './scoring.ts';
import { deadlineFor, isBeforeDeadline } from './timing.ts';
import { buildSessionView } from './session-view.ts';

/** What the service tells the outside world; the socket layer turns these into events. */
export interface ExamNotifier {
  answerSaved(userId: number, payload: AnswerSaved): void;
  sessionEnded(userId: number, payload: SessionEnded): void;
}

/** Parts delivered online; the review (oral defence) is held in person. */
const ONLINE_PARTS: readonly PartKind[] = ['theory', 'skills'];

export function createSessionService(deps: { db: Db; clock: Clock; notifier: ExamNotifier; screenshotLimits: ScreenshotLimits }) {
  const { db, clock } = deps;
  const dal = createExamDal(db);
  const evidence = createEvidenceDal(db);
  const papers = createPaperCache(dal);
  const writes = createGroupCommit(db);
  const isolated = createSavepointRunner(db);
  const audit = createAuditWriter(db);
  const scheduler = createDeadlineScheduler(clock, onDeadline);

  function candidateOf(user: SessionUser) {
    if (user.role !== 'candidate' || user.candidateId === null) throw new ForbiddenError('Only candidates sit exams');
    return user.candidateId;
  }

  /** The session must exist and belong to this candidate; another candidate's id looks like a missing one. */
  function ownSession(user: SessionUser, sessionId: number): SessionRow {
    const session = dal.session(sessionId);
    if (!session || session.candidateId !== candidateOf(user)) throw new NotFoundError('No such exam session');
    return session;
  }

  function paperOfPart(sittingPartId: number): { part: NonNullable<ReturnType<typeof dal.sittingPart>>; paper: LoadedPaper } {
    const part = dal.sittingPart(sittingPartId);
    if (!part) throw new NotFoundError('No such exam part');
    const paper = part.paperId === null ? undefined : papers.get(part.paperId);
    if (!paper) throw new StateError('CONFLICT', 'No paper has been assigned to this part yet');
    return { part, paper };
  }

  function view(session: SessionRow): SessionView {
    const { part, paper } = paperOfPart(session.sittingPartId);
    const skills = part.part === 'skills' ? { screenshots: evidence.activeOf(session.id).map(toScreenshot), limits: deps.screenshotLimits } : undefined;
    return buildSessionView({ session, kind: part.part, paper, answers: dal.answersOf(session.id), now: clock.now(), ...(skills ? { evidence: skills } : {}) });
  }

  type Outcome = { ended: SessionEnded; candidateId: number } | 'moved' | null;

  /** Ends one running session and, for the theory part, scores it, inside the caller's transaction. */
  function endAndScore(sessionId: number, requested: 'submitted' | 'deadline', now: number): Outcome {
    const session = dal.session(sessionId);
    if (!session || session.status !== 'in_progress' || session.deadline === null) return null;
    if (requested === 'deadline' && now < session.deadline) return 'moved';
    // A submission that arrives after the deadline (before its timer ran) is the deadline's.
    const reason = now >= session.deadline ? 'deadline' : requested;
    const endedAt = reason === 'deadline' ? session.deadline : now;
    if (!dal.endSession(sessionId, endedAt, reason)) return null;
    audit({ at: now, actorUserId: null, action: 'session.ended', entity: 'exam_session', entityId: sessionId, details: { reason, endedAt } });
    const { part, paper } = paperOfPart(session.sittingPartId);
    const ended = { ended: { sessionId, endedAt, endReason: reason }, candidateId: session.candidateId };
    // Skills answers and screenshots are graded by people against the rubric (grading feature): no machine score.
    if (part.part !== 'theory') return ended;
    const answered = new Map(
      dal.answersOf(sessionId).map((a) => [a.paperItemId, { choices: choicesOf(parseStoredResponse(a.responseJson)), revision: a.revision }]),
    );
    const result = scorePart(paper.items, answered, paper.multiRule, part.passScore);
    dal.insertScore({
      sessionId,
      rawPoints: result.rawPoints,
      maxPoints: result.maxPoints,
      score: result.score,
      passed: result.passed,
      detailJson: JSON.stringify(result.items),
      scoredAt: now,
    });
    audit({
      at: now,
      actorUserId: null,
      action: 'session.scored',
      entity: 'exam_session',
      entityId: sessionId,
      details: { rawPoints: result.rawPoints, maxPoints: result.maxPoints, score: result.score, passed: result.passed, multiRule: paper.multiRule },
    });
    return ended;
  }

  /**
   * Ends and scores many sessions in one transaction (one fsync): thousands of candidates share a
   * deadline. Each session has its own savepoint, so one that fails to score stays running and
   * is reported, without holding the others back.
   */
  function finaliseMany(ids: readonly number[], requested: 'submitted' | 'deadline'): SessionEnded[] {
    // Answers received before this moment are written first, so the scores see all of them.
    writes.flushNow();
    const now = clock.now();
    const outcomes = db.$client.transaction(() =>
      ids.map((id): Outcome => {
        const result = isolated(() => endAndScore(id, requested, now));
        if (result.ok) return result.value;
        onFinaliseError(id, result.error);
        return null;
      }),
    )();
    const ended: SessionEnded[] = [];
    outcomes.forEach((outcome, i) => {
      const id = ids[i]!;
      if (outcome === 'moved') {
        const deadline = dal.session(id)?.deadline;
        if (deadline != null) scheduler.schedule(id, deadline);
      } else if (outcome) {
        scheduler.cancel(id);
        const userId = dal.userIdOfCandidate(outcome.candidateId);
        if (userId !== undefined) deps.notifier.sessionEnded(userId, outcome.ended);
        ended.push(outcome.ended);
      }
    });
    return ended;
  }

  // Timers of a shared deadline fire one after another in the same turn: collect, then end them together.
  const due = new Set<number>();
  function onDeadline(sessionId: number) {
    if (due.size === 0) setImmediate(() => finaliseDue());
    due.add(sessionId);
  }
  function finaliseDue() {
    const ids = [...due];
    due.clear();
    try {
      finaliseMany(ids, 'deadline');
    } catch (err) {
      for (const id of ids) onFinaliseError(id, err);
    }
  }

  let onFinaliseError: (sessionId: number, err: unknown) => void = () => {};

  return {
    onFinaliseError(fn: (sessionId: number, err: unknown) => void) {
      onFinaliseError = fn;
    },

    /** Idempotent: pressing start twice, or on two computers, returns the one running session. */
    async start(user: SessionUser, sittingPartId: number): Promise<SessionView> {
      const candidateId = candidateOf(user);
      const candidate = dal.candidateByUser(user.userId);
      // Membership first: another sitting's part must look exactly like a missing one.
      const own = dal.sittingPart(sittingPartId);
      if (!candidate || !own || own.sittingId !== candidate.sittingId) throw new NotFoundError('No such exam part');
      const { part } = paperOfPart(sittingPartId);
      if (!ONLINE_PARTS.includes(part.part)) throw new StateError('CONFLICT', `The ${part.part} part is not delivered online`);
      const startsAt = dal.sittingStartsAt(part.sittingId);
      const now = clock.now();
      if (startsAt !== undefined && now < startsAt) throw new StateError('SESSION_NOT_STARTED', `The sitting opens at ${new Date(startsAt).toISOString()}`);
      const existing = dal.sessionFor(candidateId, sittingPartId);
      // Hundreds of candidates press start in the same second: their inserts share a commit.
      const session = existing ?? (await writes.write(() => {
        const raced = dal.sessionFor(candidateId, sittingPartId);
        if (raced) return raced;
        const deadline = deadlineFor(now, part.durationMinutes);
        const created = dal.insertRunningSession({ candidateId, sittingPartId, startedAt: now, deadline });
        audit({ at: now, actorUserId: user.userId, action: 'session.started', entity: 'exam_session', entityId: created.id, details: { sittingPartId, deadline, durationMinutes: part.durationMinutes } });
        return created;
      }));
      if (session.status === 'in_progress' && session.deadline !== null) scheduler.schedule(session.id, session.deadline);
      return view(session);
    },

    resume(user: SessionUser, sessionId: number): SessionView {
      return view(ownSession(user, sessionId));
    },

    /** Resolves after the answer is committed to disk together with the others of its batch. */
    async saveAnswer(user: SessionUser, save: AnswerSave): Promise<AnswerSaved> {
      const receivedAt = clock.now();
      const saved = await writes.write((tx) => {
        const session = ownSession(user, save.sessionId);
        if (session.status === 'ended') throw new StateError('SESSION_ENDED', 'This part has been submitted; answers can no longer change');
        if (session.status !== 'in_progress' || session.deadline === null) throw new StateError('SESSION_NOT_STARTED', 'This part has not started');
        if (!isBeforeDeadline(session.deadline, receivedAt)) throw new StateError('DEADLINE_PASSED', 'Time is up: the answer arrived after the deadline');
        const { paper } = paperOfPart(session.sittingPartId);
        const item = paper.byId.get(save.itemId);
        if (!item) throw new NotFoundError('No such item in this paper');
        const response = normaliseResponse(item, save.response);
        const row = dal.upsertAnswer({ sessionId: session.id, itemId: item.id, responseJson: response && JSON.stringify(response), flagged: save.flagged, receivedAt });
        // The answer history: every accepted revision, so a score can be traced to what was sent.
        audit({ at: receivedAt, actorUserId: user.userId, action: 'answer.saved', entity: 'exam_session', entityId: session.id, details: { itemId: item.id, revision: row.revision, response, flagged: save.flagged } });
        return { sessionId: session.id, itemId: item.id, response, flagged: row.flagged, revision: row.revision, receivedAt, changeId: save.changeId };
      });
      deps.notifier.answerSaved(user.userId, saved);
      return saved;
    },

    submit(user: SessionUser, sessionId: number): SubmitResult {
      const session = ownSession(user, sessionId);
      if (session.status === 'ended') throw new StateError('SESSION_ENDED', 'This part has already been submitted');
      const ended = finaliseMany([sessionId], 'submitted')[0];
      // Lost the race against the deadline timer: the session is over either way.
      const after = dal.session(sessionId);
      if (!ended && after?.status !== 'ended') throw new StateError('CONFLICT', 'The part could not be submitted');
      const { paper } = paperOfPart(session.sittingPartId);
      const answered = dal.answersOf(sessionId).filter((a) => a.responseJson !== null).length;
      if (after?.endReason === 'deadline') throw new StateError('DEADLINE_PASSED', 'Time was up before the submission arrived; the part ended at the deadline');
      return { sessionId, endedAt: after?.endedAt ?? clock.now(), answered, total: paper.items.length };
    },

    /** On boot: finalise what ran out while the server was down, re-arm the rest. */
    restoreDeadlines(): { finalised: number; scheduled: number } {
      const now = clock.now();
      const running = dal.runningSessions().filter((s): s is { id: number; deadline: number } => s.deadline !== null);
      const overdue = running.filter((s) => s.deadline <= now).map((s) => s.id);
      const upcoming = running.filter((s) => s.deadline > now);
      for (const s of upcoming) scheduler.schedule(s.id, s.deadline);
      return { finalised: finaliseMany(overdue, 'deadline').length, scheduled: upcoming.length };
    },

    /** Ends, now, whatever deadlines have fired and wait in the current batch. */
    flushDeadlines: finaliseDue,

    stop() {
      scheduler.cancelAll();
    },

    papers,
  };
}
export type SessionService = ReturnType<typeof createSessionService>;
