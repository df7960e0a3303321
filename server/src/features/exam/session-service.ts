import type { Screenshot } from '@shared/evidence.ts';
import type { AnswerSave, AnswerSaved, SessionEnded, SessionView, SubmitResult } from '@shared/events.ts';
import type { ExamRules, ProctorMessage, SessionPauseState } from '@shared/proctor.ts';
import type { Clock } from '../../core/clock.ts';
import { ForbiddenError, NotFoundError, StateError } from '../../core/errors.ts';
import type { Db } from '../../core/db/connection.ts';
import { createGroupCommit, createSavepointRunner } from '../../core/db/group-commit.ts';
import type { EndReason, PartKind } from '@shared/domain.ts';
import type { ScreenshotLimits } from '../../core/config.ts';
import type { MaybePromise } from '../../core/maybe-promise.ts';
import { createAuditWriterSync } from '../../core/audit.ts';
import type { SessionUser } from '../../core/session-user.ts';
import { createDeadlineScheduler } from './deadline-scheduler.ts';
import { createExamDal, type SessionRow } from './exam-dal.ts';
import { createPaperCache, type LoadedPaper } from './paper-cache.ts';
import { createSessionAccess } from './session-access.ts';
import { createOptionIds } from './option-ids.ts';
import { choicesOf, normaliseResponse, parseStoredResponse, toBankResponse, toClientResponse } from './responses.ts';
import { serverSecret } from '../../core/secrets.ts';
import { scorePart } from './scoring.ts';
import { canPause, deadlineAfterPause, deadlineFor, deadlineWithExtraTime, isBeforeDeadline, plannedExtraMinutes, type PlannedExtraTime } from './timing.ts';
import { buildSessionView } from './session-view.ts';

/** What the service tells the outside world; the socket layer turns these into events. */
export interface ExamNotifier {
  answerSaved(userId: number, payload: AnswerSaved): void;
  sessionEnded(userId: number, payload: SessionEnded): void;
  /** The deadline moved (extra time, resume after a pause). */
  deadlineMoved?(userId: number, payload: { sessionId: number; deadline: number; serverNow: number }): void;
  sessionPaused?(userId: number, payload: SessionPauseState): void;
  /** Anything a proctor's grid shows changed for this candidate (start, save, pause, end). */
  candidateChanged?(candidateId: number): void;
}

/** The evidence feature's screenshots, as the candidate's page and the proctor's answered counts need them. */
export type ScreenshotPort = {
  screenshotsOf(sessionId: number): MaybePromise<Screenshot[]>;
  /** Tasks holding at least one screenshot, per session. */
  itemsWithScreenshots(sessionIds: readonly number[]): MaybePromise<{ sessionId: number; itemId: number }[]>;
};

/** Parts delivered online; the review (oral defence) is held in person. */
const ONLINE_PARTS: readonly PartKind[] = ['theory', 'skills'];

/** Checked before a candidate's session is created (admission by a proctor); throws to refuse. */
export type StartGate = (candidate: { id: number; sittingId: number; room: string }, sittingPartId: number) => MaybePromise<void>;

/**
 * Who ended or changed a session on someone else's behalf, and why (the audit log keeps both);
 * `auto` when the sitting's signal policy acted, not a person.
 */
export type ProctorAct = { actorUserId: number | null; reason: string; auto?: { total: number; pauseAfter: number } };

/** Used when no rules port is wired (tests of the engine alone): the strict defaults. */
const DEFAULT_RULES: ExamRules = { textPaste: 'block', parallelParts: false };
type EndRequest = 'submitted' | 'deadline' | 'force_submitted' | 'violation';

export function createSessionService(deps: {
  db: Db;
  clock: Clock;
  notifier: ExamNotifier;
  screenshotLimits: ScreenshotLimits;
  screenshots: ScreenshotPort;
  startGate?: StartGate;
  /** The sitting's exam rules (kept with the proctoring settings). */
  examRules?: (sittingId: number) => MaybePromise<ExamRules>;
  /** Key of the session's offline journal file (late-sync-service.ts), given to the browser while the part runs. */
  journalKey?: (sessionId: number) => string;
  /** A candidate's planned extra time for a part (accommodations, kept by registration). */
  plannedExtraTime?: (candidateId: number, part: PartKind) => PlannedExtraTime | null;
  /** The proctor's messages a candidate has not dismissed (kept by the proctor console). */
  pendingMessages?: (candidateId: number) => MaybePromise<ProctorMessage[]>;
}) {
  const { db, clock } = deps;
  const dal = createExamDal(db);
  const papers = createPaperCache(dal);
  const writes = createGroupCommit(db);
  const isolated = createSavepointRunner(db);
  const audit = createAuditWriterSync(db);
  const scheduler = createDeadlineScheduler(clock, onDeadline);
  const optionIds = createOptionIds(() => serverSecret(db, 'option-ids'));

  function candidateOf(user: SessionUser) {
    if (user.role !== 'candidate' || user.candidateId === null) throw new ForbiddenError('Only candidates sit exams', { key: 'exam.candidatesOnly' });
    return user.candidateId;
  }

  const access = createSessionAccess(dal, papers);
  const ownSession = (user: SessionUser, sessionId: number): SessionRow => access.ownSession(user, sessionId);

  function paperOfPart(sittingPartId: number): { part: NonNullable<ReturnType<typeof dal.sittingPart>>; paper: LoadedPaper } {
    const part = dal.sittingPart(sittingPartId);
    if (!part) throw new NotFoundError('No such exam part', { key: 'exam.noPart' });
    const paper = part.paperId === null ? undefined : papers.get(part.paperId);
    if (!paper) throw new StateError('CONFLICT', 'No paper has been assigned to this part yet', { key: 'exam.noPaper' });
    return { part, paper };
  }

  const rulesOf = async (sittingId: number): Promise<ExamRules> => (await deps.examRules?.(sittingId)) ?? DEFAULT_RULES;

  /** One part at a time: another part of the candidate still running refuses this start, unless the sitting allows both. */
  function refuseParallelStart(candidateId: number, rules: ExamRules, sittingPartId: number) {
    if (rules.parallelParts) return;
    const other = dal.runningSessionsOf(candidateId).find((s) => s.sittingPartId !== sittingPartId);
    const kind = other && dal.sittingPart(other.sittingPartId)?.part;
    if (kind) throw new StateError('CONFLICT', `The ${kind} part is in progress: submit it before starting another`, { key: `examStart.otherPartRunning.${kind}`, params: { part: kind } });
  }

  async function view(session: SessionRow): Promise<SessionView> {
    const { part, paper } = paperOfPart(session.sittingPartId);
    const [rules, messages] = await Promise.all([rulesOf(part.sittingId), deps.pendingMessages?.(session.candidateId) ?? []]);
    const skills = part.part === 'skills' ? { screenshots: await deps.screenshots.screenshotsOf(session.id), limits: deps.screenshotLimits } : undefined;
    const built = buildSessionView({ session, kind: part.part, paper, answers: dal.answersOf(session.id), now: clock.now(), optionIds: optionIds(paper.id, session.candidateId), rules, durationMinutes: part.durationMinutes, ...(skills ? { evidence: skills } : {}) });
    const withMessages = messages.length > 0 ? { ...built, messages } : built;
    return session.status === 'in_progress' && deps.journalKey ? { ...withMessages, journalKey: deps.journalKey(session.id) } : withMessages;
  }

  type Outcome = { ended: SessionEnded; candidateId: number } | 'moved' | null;

  /** Ends one running session and, for the theory part, scores it, inside the caller's transaction. */
  function endAndScore(sessionId: number, requested: EndRequest, now: number, act?: ProctorAct): Outcome {
    const session = dal.session(sessionId);
    if (!session || session.status !== 'in_progress' || session.deadline === null) return null;
    const paused = session.pausedAt !== null;
    // A paused session's clock stands still: its deadline timer was disarmed and will be re-armed on resume.
    if (requested === 'deadline' && paused) return null;
    if (requested === 'deadline' && now < session.deadline) return 'moved';
    // A submission that arrives after the deadline (before its timer ran) is the deadline's; a
    // violation stays a violation whenever it is recorded.
    const late = !paused && now >= session.deadline;
    const reason: EndReason = requested === 'violation' ? 'violation' : late ? 'deadline' : requested;
    const endedAt = reason === 'deadline' ? session.deadline : now;
    if (!dal.endSession(sessionId, endedAt, reason)) return null;
    audit({ at: now, actorUserId: act ? act.actorUserId : null, action: 'session.ended', entity: 'exam_session', entityId: sessionId, details: { reason, endedAt, ...(act ? { proctorReason: act.reason } : {}) } });
    const { part, paper } = paperOfPart(session.sittingPartId);
    const ended: Outcome = { ended: { sessionId, endedAt, endReason: reason }, candidateId: session.candidateId };
    // Skills answers and screenshots are graded by people against the rubric (grading feature): no machine score.
    if (part.part !== 'theory') return ended;
    const answered = new Map(
      dal.answersOf(sessionId).map((a) => [a.paperItemId, { choices: choicesOf(parseStoredResponse(a.responseJson)), revision: a.revision }]),
    );
    const scored = scorePart(paper.items, answered, paper.multiRule, part.passScore);
    // 违纪: the earned score is kept for the record, but the part is failed whatever it is.
    const result = reason === 'violation' ? { ...scored, passed: false } : scored;
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
      details: { rawPoints: result.rawPoints, maxPoints: result.maxPoints, score: result.score, passed: result.passed, multiRule: paper.multiRule, ...(reason === 'violation' ? { failedForViolation: true } : {}) },
    });
    return ended;
  }

  /**
   * Ends and scores many sessions in one transaction (one fsync): thousands of candidates share a
   * deadline. Each session has its own savepoint, so one that fails to score stays running and
   * is reported, without holding the others back.
   */
  function finaliseMany(ids: readonly number[], requested: EndRequest, act?: ProctorAct): SessionEnded[] {
    // Answers received before this moment are written first, so the scores see all of them.
    writes.flushNow();
    const now = clock.now();
    const outcomes = db.$client.transaction(() =>
      ids.map((id): Outcome => {
        const result = isolated(() => endAndScore(id, requested, now, act));
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
        deps.notifier.candidateChanged?.(outcome.candidateId);
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

  function notifyPause(session: SessionRow, change: Pick<SessionPauseState, 'change' | 'minutes'>, act: ProctorAct) {
    const { pausedAt, deadline } = session;
    if (deadline === null) return;
    const userId = dal.userIdOfCandidate(session.candidateId);
    if (userId !== undefined) {
      deps.notifier.sessionPaused?.(userId, { sessionId: session.id, pausedAt, deadline, serverNow: clock.now(), reason: act.reason, ...change, ...(act.auto ? { auto: act.auto } : {}) });
      if (pausedAt === null) deps.notifier.deadlineMoved?.(userId, { sessionId: session.id, deadline, serverNow: clock.now() });
    }
    deps.notifier.candidateChanged?.(session.candidateId);
  }

  /**
   * Changes a running session's pause and deadline inside the group commit, so it is ordered with
   * the answer saves around it; returns the new row, or null when the change does not apply.
   */
  async function retime(
    sessionId: number,
    action: string,
    act: ProctorAct,
    next: (s: SessionRow & { deadline: number }, now: number) => { pausedAt: number | null; deadline: number } | null,
    change: Pick<SessionPauseState, 'change' | 'minutes'>,
  ) {
    const changed = await writes.write(() => {
      const s = dal.session(sessionId);
      if (!s || s.status !== 'in_progress' || s.deadline === null) return null;
      const now = clock.now();
      const to = next({ ...s, deadline: s.deadline }, now);
      if (!to || !dal.setPauseAndDeadline(sessionId, to.pausedAt, to.deadline)) return null;
      // Extra time given during the part is incident time: counted apart from the planned, and said so in the audit.
      const incident = change.change === 'extended' && change.minutes ? { extraTime: { kind: 'incident', minutes: change.minutes } } : {};
      if (change.change === 'extended' && change.minutes) dal.addIncidentExtra(sessionId, change.minutes);
      audit({ at: now, actorUserId: act.actorUserId, action, entity: 'exam_session', entityId: sessionId, details: { reason: act.reason, from: { deadline: s.deadline, pausedAt: s.pausedAt }, to, ...(change.minutes ? { minutes: change.minutes } : {}), ...incident, ...(act.auto ? { auto: act.auto } : {}) } });
      return { ...s, ...to };
    });
    if (!changed) return null;
    if (changed.pausedAt === null) scheduler.schedule(sessionId, changed.deadline);
    else scheduler.cancel(sessionId);
    notifyPause(changed, change, act);
    return changed;
  }

  function proctorOps() {
    return {
      /** Stops the candidate's clock: no saves, no deadline, until resumed. */
      pause: (sessionId: number, act: ProctorAct) =>
        retime(sessionId, 'session.paused', act, (s, now) => (canPause(s.deadline, s.pausedAt, now) ? { pausedAt: now, deadline: s.deadline } : null), { change: 'paused' }),
      /** The deadline moves by exactly the time the session was paused. */
      resumePaused: (sessionId: number, act: ProctorAct) =>
        retime(sessionId, 'session.resumed', act, (s, now) => (s.pausedAt === null ? null : { pausedAt: null, deadline: deadlineAfterPause(s.deadline, s.pausedAt, now) }), { change: 'resumed' }),
      extend: (sessionId: number, minutes: number, act: ProctorAct) =>
        retime(sessionId, 'session.extended', act, (s, now) => (s.pausedAt === null && now >= s.deadline ? null : { pausedAt: s.pausedAt, deadline: deadlineWithExtraTime(s.deadline, minutes) }), { change: 'extended', minutes }),
      /** Force-submit (scored as it stands) or 违纪 (scored, recorded as failed). */
      endFor(sessionId: number, reason: 'force_submitted' | 'violation', act: ProctorAct): SessionEnded | undefined {
        return finaliseMany([sessionId], reason, act)[0];
      },
      /** 缺考: candidates who never started this part get an ended session; returns how many. */
      markAbsent(candidateIds: readonly number[], sittingPartId: number, act: ProctorAct): number {
        const now = clock.now();
        const marked = db.$client.transaction(() =>
          candidateIds.filter((candidateId) => {
            const row = dal.insertAbsentSession(candidateId, sittingPartId, now);
            if (row) audit({ at: now, actorUserId: act.actorUserId, action: 'session.absent', entity: 'exam_session', entityId: row.id, details: { candidateId, sittingPartId, reason: act.reason } });
            return row !== undefined;
          }),
        )();
        for (const id of marked) deps.notifier.candidateChanged?.(id);
        return marked.length;
      },
    };
  }

  return {
    onFinaliseError(fn: (sessionId: number, err: unknown) => void) {
      onFinaliseError = fn;
    },

    /** Idempotent: pressing start twice, or on two computers, returns the one running session. */
    async start(user: SessionUser, sittingPartId: number, opts: { instructionsConfirmed?: boolean } = {}): Promise<SessionView> {
      const candidateId = candidateOf(user);
      const candidate = dal.candidateByUser(user.userId);
      // Membership first: another sitting's part must look exactly like a missing one.
      const own = dal.sittingPart(sittingPartId);
      if (!candidate || !own || own.sittingId !== candidate.sittingId) throw new NotFoundError('No such exam part', { key: 'exam.noPart' });
      const { part } = paperOfPart(sittingPartId);
      if (!ONLINE_PARTS.includes(part.part)) throw new StateError('CONFLICT', `The ${part.part} part is not delivered online`, { key: 'exam.notOnline' });
      const startsAt = dal.sittingStartsAt(part.sittingId);
      const now = clock.now();
      if (startsAt !== undefined && now < startsAt) throw new StateError('SESSION_NOT_STARTED', `The sitting opens at ${new Date(startsAt).toISOString()}`, { key: 'exam.opensAt', params: { at: startsAt } });
      const existing = dal.sessionFor(candidateId, sittingPartId);
      if (existing?.endReason === 'violation') throw new StateError('SESSION_ENDED', 'This part was ended for a rule violation (违纪); there is no retake in this sitting', { key: 'exam.endedForViolation' });
      if (!existing) await deps.startGate?.(candidate, sittingPartId);
      // The proctor's rules are read before the write (its body awaits nothing); null only when no write runs.
      const rules = existing ? null : await rulesOf(part.sittingId);
      // Hundreds of candidates press start in the same second: their inserts share a commit.
      const session = existing ?? (await writes.write(() => {
        const raced = dal.sessionFor(candidateId, sittingPartId);
        if (raced) return raced;
        // Checked inside the write, so two tabs starting two parts at once cannot both win.
        refuseParallelStart(candidateId, rules ?? DEFAULT_RULES, sittingPartId);
        // Planned extra time is part of the deadline from the start; the audit entry says it was planned.
        const planned = plannedExtraMinutes(part.durationMinutes, deps.plannedExtraTime?.(candidateId, part.part));
        const deadline = deadlineFor(now, part.durationMinutes, planned);
        const created = dal.insertRunningSession({ candidateId, sittingPartId, startedAt: now, deadline, plannedExtraMinutes: planned });
        audit({
          at: now,
          actorUserId: user.userId,
          action: 'session.started',
          entity: 'exam_session',
          entityId: created.id,
          details: { sittingPartId, deadline, durationMinutes: part.durationMinutes, ...(planned > 0 ? { extraTime: { kind: 'planned', minutes: planned } } : {}), instructionsConfirmed: opts.instructionsConfirmed === true },
        });
        return created;
      }));
      if (session.status === 'in_progress' && session.deadline !== null && session.pausedAt === null) scheduler.schedule(session.id, session.deadline);
      if (!existing) deps.notifier.candidateChanged?.(candidateId);
      return await view(session);
    },

    /** Items answered per session, for the proctor's grid: an answer given, or a practical task with screenshots kept. */
    async answeredCounts(sessionIds: readonly number[]): Promise<Map<number, number>> {
      const answered = new Map<number, Set<number>>();
      const add = (rows: { sessionId: number; itemId: number }[]) => {
        for (const r of rows) {
          const set = answered.get(r.sessionId) ?? new Set<number>();
          set.add(r.itemId);
          answered.set(r.sessionId, set);
        }
      };
      add(dal.answeredItems(sessionIds));
      add(await deps.screenshots.itemsWithScreenshots(sessionIds));
      return new Map([...answered].map(([id, items]) => [id, items.size]));
    },

    async resume(user: SessionUser, sessionId: number): Promise<SessionView> {
      return view(ownSession(user, sessionId));
    },

    /** Resolves after the answer is committed to disk together with the others of its batch. */
    async saveAnswer(user: SessionUser, save: AnswerSave): Promise<AnswerSaved> {
      const receivedAt = clock.now();
      const saved = await writes.write((tx) => {
        const session = ownSession(user, save.sessionId);
        if (session.status === 'ended') throw new StateError('SESSION_ENDED', 'This part has been submitted; answers can no longer change', { key: 'exam.submittedNoChange' });
        if (session.status !== 'in_progress' || session.deadline === null) throw new StateError('SESSION_NOT_STARTED', 'This part has not started', { key: 'exam.notStarted' });
        // The row is read for every save anyway: the paused check costs no extra query.
        if (session.pausedAt !== null) throw new StateError('SESSION_PAUSED', 'The proctor has paused this exam; answers cannot change until it resumes', { key: 'exam.pausedNoChange' });
        if (!isBeforeDeadline(session.deadline, receivedAt)) throw new StateError('DEADLINE_PASSED', 'Time is up: the answer arrived after the deadline', { key: 'exam.answerLate' });
        const { paper } = paperOfPart(session.sittingPartId);
        const item = paper.byId.get(save.itemId);
        if (!item) throw new NotFoundError('No such item in this paper', { key: 'exam.noItem' });
        const ids = optionIds(paper.id, session.candidateId);
        // Stored, scored and audited in bank ids; the browser only ever sees its own.
        const response = normaliseResponse(item, toBankResponse(item, save.response, ids));
        const row = dal.upsertAnswer({ sessionId: session.id, itemId: item.id, responseJson: response && JSON.stringify(response), flagged: save.flagged, receivedAt });
        // The answer history: every accepted revision, so a score can be traced to what was sent.
        audit({ at: receivedAt, actorUserId: user.userId, action: 'answer.saved', entity: 'exam_session', entityId: session.id, details: { itemId: item.id, revision: row.revision, response, flagged: save.flagged } });
        return { candidateId: session.candidateId, saved: { sessionId: session.id, itemId: item.id, response: toClientResponse(item, response, ids), flagged: row.flagged, revision: row.revision, receivedAt, changeId: save.changeId } };
      });
      deps.notifier.answerSaved(user.userId, saved.saved);
      deps.notifier.candidateChanged?.(saved.candidateId);
      return saved.saved;
    },

    submit(user: SessionUser, sessionId: number): SubmitResult {
      const session = ownSession(user, sessionId);
      if (session.status === 'ended') throw new StateError('SESSION_ENDED', 'This part has already been submitted', { key: 'exam.submittedAlready' });
      if (session.pausedAt !== null) throw new StateError('SESSION_PAUSED', 'The proctor has paused this exam; it cannot be submitted until it resumes', { key: 'exam.pausedNoSubmit' });
      const ended = finaliseMany([sessionId], 'submitted')[0];
      // Lost the race against the deadline timer: the session is over either way.
      const after = dal.session(sessionId);
      if (!ended && after?.status !== 'ended') throw new StateError('CONFLICT', 'The part could not be submitted', { key: 'exam.submitFailed' });
      const { paper } = paperOfPart(session.sittingPartId);
      const answered = dal.answersOf(sessionId).filter((a) => a.responseJson !== null).length;
      if (after?.endReason === 'deadline') throw new StateError('DEADLINE_PASSED', 'Time was up before the submission arrived; the part ended at the deadline', { key: 'exam.submitLate' });
      return { sessionId, endedAt: after?.endedAt ?? clock.now(), answered, total: paper.items.length };
    },

    /** On boot: finalise what ran out while the server was down, re-arm the rest. */
    restoreDeadlines(): { finalised: number; scheduled: number } {
      const now = clock.now();
      // A paused session stays paused across a restart: its clock is stopped, so it is neither due nor armed.
      const running = dal.runningSessions().filter((s): s is { id: number; deadline: number; pausedAt: null } => s.deadline !== null && s.pausedAt === null);
      const overdue = running.filter((s) => s.deadline <= now).map((s) => s.id);
      const upcoming = running.filter((s) => s.deadline > now);
      for (const s of upcoming) scheduler.schedule(s.id, s.deadline);
      return { finalised: finaliseMany(overdue, 'deadline').length, scheduled: upcoming.length };
    },

    ...proctorOps(),

    /** Ends, now, whatever deadlines have fired and wait in the current batch. */
    flushDeadlines: finaliseDue,

    /** On shutdown, once sockets are closed: no more timers, and what was received is committed. */
    stop() {
      scheduler.cancelAll();
      writes.flushNow();
    },

    papers,
    /** The port for features acting on a candidate's own session (evidence, task images, late sync). */
    access,
  };
}
export type SessionService = ReturnType<typeof createSessionService>;
