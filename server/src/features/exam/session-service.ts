import type { Screenshot } from '@shared/evidence.ts';
import type { AnswerSave, AnswerSaved, SessionEnded, SessionViewWire, SubmitResult } from '@shared/events.ts';
import type { SessionViewReply, SessionViewReplyFor } from '@shared/session-view-wire.ts';
import type { ExamRules, ProctorMessage, SessionPauseState } from '@shared/proctor.ts';
import type { EndReason, PartKind } from '@shared/domain.ts';
import type { Clock, TimerHandle } from '../../core/clock.ts';
import type { CacheBus } from '../../core/cache-bus.ts';
import type { ScreenshotLimits } from '../../core/config.ts';
import { createAsyncGroupCommit } from '../../core/db/async-group-commit.ts';
import type { Db } from '../../core/db/store.ts';
import { NotFoundError, StateError } from '../../core/errors.ts';
import type { MaybePromise } from '../../core/maybe-promise.ts';
import { cachedServerSecret } from '../../core/secrets.ts';
import type { SessionUser } from '../../core/session-user.ts';
import { createDeadlineScheduler } from './deadline-scheduler.ts';
import { DEADLINE_BATCH, endAtDeadlineBatch, type BatchResult, type Ended, type Outcome } from './deadline-batch.ts';
import { answerWrites, createExamDal, type SessionRow } from './exam-dal.ts';
import { createFixedParts, type FixedPart } from './fixed-parts.ts';
import { createStartReads } from './start-reads.ts';
import { createPaperCache, type LoadedPaper } from './paper-cache.ts';
import type { ExamOwners } from './ports.ts';
import { candidateIdOf, createSessionAccess, ownedBy } from './session-access.ts';
import { optionIdsOnSecret, optionIdsVersionOf } from './option-ids-ready.ts';
import { choicesOf, normaliseResponse, parseStoredResponse, toBankResponse, toClientResponse } from './responses.ts';
import { scorePart } from './scoring.ts';
import { canPause, deadlineAfterPause, deadlineFor, deadlineWithExtraTime, isBeforeDeadline, plannedExtraMinutes, type PlannedExtraTime } from './timing.ts';
import { buildCompactSessionView, buildSessionView } from './session-view.ts';
import { coalescingStarts, nobodyWaiting, type StartOptions, type StillWaiting } from './start-coalescing.ts';

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

/** How often every node looks for due sessions no timer ended (docs/cluster.md §6). */
export const DEFAULT_SWEEP_MS = 250;
/**
 * How long past a deadline the sweep (and any timer but the candidate's own node's) waits before
 * ending a session: a save another node received in time is still in its group commit (one batch,
 * a few hundred ms at worst on a loaded PostgreSQL), and must commit first (docs/cluster.md §6).
 */
export const DEFAULT_SWEEP_GRACE_MS = 300;
/** Sessions one sweep locks and ends, in one transaction. */
const SWEEP_BATCH = 200;


const noop = () => {};

export function createSessionService(deps: {
  db: Db;
  clock: Clock;
  /** What exam reads of planning's, tickets' and papers' tables, through them (ports.ts). */
  owners: ExamOwners;
  notifier: ExamNotifier;
  screenshotLimits: ScreenshotLimits;
  screenshots: ScreenshotPort;
  startGate?: StartGate;
  /** The sitting's exam rules (kept with the proctoring settings). */
  examRules?: (sittingId: number) => MaybePromise<ExamRules>;
  /** Key of the session's offline journal file (late-sync-service.ts), given to the browser while the part runs. */
  journalKey?: (sessionId: number) => MaybePromise<string>;
  /** A candidate's planned extra time for a part (accommodations, kept by registration). */
  plannedExtraTime?: (candidateId: number, part: PartKind) => MaybePromise<PlannedExtraTime | null>;
  /** The proctor's messages a candidate has not dismissed (kept by the proctor console). */
  pendingMessages?: (candidateId: number) => MaybePromise<ProctorMessage[]>;
  /** Milliseconds between sweeps for due sessions (EXAM_SWEEP_MS); 0 turns the sweep off. */
  sweepMs?: number;
  /** Where a paper's change (a key corrected on any node) is heard (core/cache-bus.ts). */
  cacheBus?: CacheBus;
  /** EXAM_SWEEP_GRACE_MS: a sweep ends only sessions whose deadline is at least this far past. */
  sweepGraceMs?: number;
  /** EXAM_COMMIT_SPACING_MS: the least time between two commits of the group commit (async-group-commit.ts); 0 by default. */
  commitSpacingMs?: number;
}) {
  const { db, clock, owners } = deps;
  const dal = createExamDal(db, owners);
  const papers = createPaperCache(db, owners, deps.cacheBus);
  const parts = createFixedParts(owners);
  const startReads = createStartReads(db, owners);
  const writes = createAsyncGroupCommit(db, { spacingMs: deps.commitSpacingMs ?? 0 });
  const graceMs = deps.sweepGraceMs ?? DEFAULT_SWEEP_GRACE_MS;
  const scheduler = createDeadlineScheduler(clock, onDeadline, graceMs);
  // Read before option ids are mapped: inside a transaction the secret cannot be read any more.
  const { optionIds, ready: optionIdsReady } = optionIdsOnSecret(cachedServerSecret(db, 'option-ids'));

  const access = createSessionAccess(dal, papers, parts, db);
  const noPart = () => new NotFoundError('No such exam part', { key: 'exam.noPart' });
  const noPaper = () => new StateError('CONFLICT', 'No paper has been assigned to this part yet', { key: 'exam.noPaper' });

  /** The part (as read, by any handle) and its paper; pass `tx` inside a transaction. */
  async function paperOf<P extends FixedPart>(part: P | undefined, tx?: Db): Promise<{ part: P; paper: LoadedPaper }> {
    if (!part) throw noPart();
    const paper = part.paperId === null ? undefined : await papers.get(part.paperId, tx);
    if (!paper) throw noPaper();
    return { part, paper };
  }
  const paperOfPart = async (sittingPartId: number) => paperOf(await parts.of(db, sittingPartId));
  const paperOfPartIn = async (tx: Db, sittingPartId: number) => paperOf(await parts.of(tx, sittingPartId), tx);

  const rulesOf = async (sittingId: number) => (await deps.examRules?.(sittingId)) ?? DEFAULT_RULES;

  /** `waiting`: whether anyone still waits for it; if not, nothing is built (a start storm's abandoned asks). */
  /** `wire`: the compact reply the page asked for (shared/session-view-wire.ts); without it, today's SessionView. */
  /** `created`: this call inserted the session: it has no answers nor screenshots yet, so none are read. */
  async function view(session: SessionRow, waiting?: StillWaiting, wire?: SessionViewWire, created = false): Promise<SessionViewReply> {
    const { part, paper } = await paperOfPart(session.sittingPartId);
    await optionIdsReady();
    const skills = part.part === 'skills' ? { screenshots: created ? [] : await deps.screenshots.screenshotsOf(session.id), limits: deps.screenshotLimits } : undefined;
    const answers = created ? [] : await dal.answersOf(session.id);
    const rules = await rulesOf(part.sittingId);
    if (waiting && !waiting()) throw nobodyWaiting();
    const build = wire ? buildCompactSessionView : buildSessionView;
    const built = build({ session, kind: part.part, paper, answers, now: clock.now(), optionIds: optionIds(paper.id, session.candidateId, optionIdsVersionOf(session)), rules, durationMinutes: part.durationMinutes, ...(skills ? { evidence: skills } : {}) });
    const messages = (await deps.pendingMessages?.(session.candidateId)) ?? [];
    const withMessages = messages.length > 0 ? { ...built, messages } : built;
    return session.status === 'in_progress' && deps.journalKey ? { ...withMessages, journalKey: await deps.journalKey(session.id) } : withMessages;
  }

  /**
   * Ends one running session and, for the theory part, scores it, inside the caller's transaction.
   * The row is locked first (FOR UPDATE on PostgreSQL), so a save holding it finishes before and a
   * save arriving after sees the end; the end itself is conditional on `in_progress`, so of two
   * finalisers (a timer here, a sweep on another node) exactly one ends and scores it.
   */
  async function endAndScore(tx: Db, sessionId: number, requested: EndRequest, now: number, act?: ProctorAct): Promise<Outcome> {
    const d = createExamDal(tx, owners);
    const session = await d.sessionLocked(sessionId);
    if (!session || session.status !== 'in_progress' || session.deadline === null) return null;
    const paused = session.pausedAt !== null;
    // A paused session's clock stands still: its deadline timer was disarmed and will be re-armed on resume.
    if (requested === 'deadline' && paused) return null;
    if (requested === 'deadline' && now < session.deadline) return { moved: session.deadline };
    // A submission that arrives after the deadline (before its timer ran) is the deadline's; a
    // violation stays a violation whenever it is recorded.
    const late = !paused && now >= session.deadline;
    const reason: EndReason = requested === 'violation' ? 'violation' : late ? 'deadline' : requested;
    const endedAt = reason === 'deadline' ? session.deadline : now;
    if (!(await d.endSession(sessionId, endedAt, reason))) return null;
    await d.audit({ at: now, actorUserId: act ? act.actorUserId : null, action: 'session.ended', entity: 'exam_session', entityId: sessionId, details: { reason, endedAt, ...(act ? { proctorReason: act.reason } : {}) } });
    const { part, paper } = await paperOf(await parts.of(tx, session.sittingPartId), tx);
    const ended: Ended = { ended: { sessionId, endedAt, endReason: reason }, candidateId: session.candidateId, userId: await d.userIdOfCandidate(session.candidateId) };
    // Skills answers and screenshots are graded by people against the rubric (grading feature): no machine score.
    if (part.part !== 'theory') return ended;
    const answered = new Map((await d.answersOf(sessionId)).map((a) => [a.paperItemId, { choices: choicesOf(parseStoredResponse(a.responseJson)), revision: a.revision }]));
    const scored = scorePart(paper.items, answered, paper.multiRule, part.passScore);
    // 违纪: the earned score is kept for the record, but the part is failed whatever it is.
    const result = reason === 'violation' ? { ...scored, passed: false } : scored;
    await d.insertScore({ sessionId, rawPoints: result.rawPoints, maxPoints: result.maxPoints, score: result.score, passed: result.passed, detailJson: JSON.stringify(result.items), scoredAt: now });
    await d.audit({
      at: now,
      actorUserId: null,
      action: 'session.scored',
      entity: 'exam_session',
      entityId: sessionId,
      details: { rawPoints: result.rawPoints, maxPoints: result.maxPoints, score: result.score, passed: result.passed, multiRule: paper.multiRule, ...(reason === 'violation' ? { failedForViolation: true } : {}) },
    });
    return ended;
  }

  /** After the commit: timers, and the events only the winner of an end sends. */
  function settle(ids: readonly number[], outcomes: readonly Outcome[]): SessionEnded[] {
    const ended: SessionEnded[] = [];
    outcomes.forEach((outcome, i) => {
      const id = ids[i]!;
      if (outcome && 'moved' in outcome) {
        scheduler.schedule(id, outcome.moved);
      } else if (outcome) {
        scheduler.cancel(id);
        if (outcome.userId !== undefined) deps.notifier.sessionEnded(outcome.userId, outcome.ended);
        deps.notifier.candidateChanged?.(outcome.candidateId);
        ended.push(outcome.ended);
      }
    });
    return ended;
  }

  /**
   * Ends and scores sessions inside `tx`: set by set (deadline-batch.ts), and should the set fail,
   * one by one, each in a savepoint, so one session that fails to score does not hold back the others.
   */
  async function endDueIn(tx: Db, ids: readonly number[], now: number): Promise<BatchResult[]> {
    try {
      return await tx.transaction((sp) => endAtDeadlineBatch(createExamDal(sp, owners), sp, ids, now, paperOfPartIn));
    } catch {
      const out: BatchResult[] = [];
      for (const id of ids) {
        try {
          out.push({ id, outcome: await tx.transaction((sp) => endAndScore(sp, id, 'deadline', now)) });
        } catch (error) {
          out.push({ id, outcome: null, error });
        }
      }
      return out;
    }
  }

  /**
   * Thousands of candidates share a deadline: this node's saves received before now commit first
   * (so the scores see them), then the due sessions end in transactions of DEADLINE_BATCH, one
   * commit each, the event loop free between them. Each set's candidates are told as soon as its
   * commit is durable, not after the whole deadline's last set. A set starts once the one before
   * it has run its statements (its commit follows in the same turn), not once that commit is on
   * disk: 80 sets of a 20,000 storm waited for 80 fsyncs one after another, the server idle.
   */
  async function finaliseAtDeadline(ids: readonly number[]): Promise<SessionEnded[]> {
    const now = clock.now();
    await writes.flush();
    const sets: Promise<SessionEnded[]>[] = [];
    for (let i = 0; i < ids.length; i += DEADLINE_BATCH) {
      const chunk = ids.slice(i, i + DEADLINE_BATCH);
      let ran = noop;
      const bodyRan = new Promise<void>((resolve) => (ran = resolve));
      const set = db
        .transaction(async (tx) => {
          try {
            return await endDueIn(tx, chunk, now);
          } finally {
            ran();
          }
        })
        .then((results) => settleBatch(results));
      sets.push(set);
      await Promise.race([bodyRan, set]);
    }
    // Every set settled before a failure is reported, so that idle() covers them all.
    const outcomes = await Promise.allSettled(sets);
    const failed = outcomes.find((o) => o.status === 'rejected');
    if (failed) throw failed.reason;
    return outcomes.flatMap((o) => (o.status === 'fulfilled' ? o.value : []));
  }

  /** After the commit: the sessions that could not be ended are reported, the others settled. */
  function settleBatch(results: readonly BatchResult[], failed: (id: number, error: unknown) => void = onFinaliseError): SessionEnded[] {
    for (const r of results) if (r.error !== undefined) failed(r.id, r.error);
    return settle(
      results.map((r) => r.id),
      results.map((r) => r.outcome),
    );
  }

  /**
   * Ends and scores sessions. At their deadline, in batches (above); otherwise (a submission, a
   * proctor's end) each is a write of its own through the group commit, keyed by its id: it commits
   * after the answers of that session received before it (same lane, in order), and one that fails
   * stays running and is reported, without holding the others back.
   */
  async function finaliseMany(ids: readonly number[], requested: EndRequest, act?: ProctorAct): Promise<SessionEnded[]> {
    if (requested === 'deadline') return finaliseAtDeadline(ids);
    const now = clock.now();
    const outcomes = await Promise.all(
      ids.map((id) =>
        writes.write((tx) => endAndScore(tx, id, requested, now, act), { key: id }).catch((err: unknown): Outcome => {
          onFinaliseError(id, err);
          return null;
        }),
      ),
    );
    return settle(ids, outcomes);
  }

  /** Finalisations and sweeps under way, so shutdown and tests can wait for them. */
  const inFlight = new Set<Promise<void>>();
  function track(work: Promise<unknown>): void {
    const settled = work.then(noop, noop);
    inFlight.add(settled);
    void settled.then(() => inFlight.delete(settled));
  }

  // Timers of a shared deadline fire one after another in the same turn: collect, then end them together.
  const due = new Set<number>();
  function onDeadline(sessionId: number) {
    if (due.size === 0) setImmediate(() => void finaliseDue());
    due.add(sessionId);
  }
  function finaliseDue(): Promise<SessionEnded[]> {
    const ids = [...due];
    due.clear();
    if (ids.length === 0) return Promise.resolve([]);
    const work = finaliseMany(ids, 'deadline').catch((err: unknown) => {
      for (const id of ids) onFinaliseError(id, err);
      return [];
    });
    track(work);
    return work;
  }

  // The sweep (docs/cluster.md §6): besides its own timers, every node ends whatever is due, so a
  // session whose node died (its timer with it) still ends within one interval.
  const sweepMs = deps.sweepMs ?? DEFAULT_SWEEP_MS;
  let sweepTimer: TimerHandle | null = null;
  let stopped = false;
  /** Sessions whose finalising failed here: reported once, left out of this process's sweeps (as a timer fires once). */
  const failing = new Set<number>();

  async function sweep(): Promise<SessionEnded[]> {
    const now = clock.now();
    // Not yet the sessions within the grace: their node's timer ends them after the saves it holds.
    const dueBy = now - graceMs;
    const skip = [...failing];
    if (!(await dal.anyDue(dueBy, skip))) return [];
    // This node's answers received before now commit first, so the scores see them.
    await writes.flush();
    const results = await db.transaction(async (tx) => endDueIn(tx, await createExamDal(tx, owners).lockDue(dueBy, SWEEP_BATCH, skip), now));
    return settleBatch(results, (id, error) => {
      failing.add(id);
      onFinaliseError(id, error);
    });
  }

  function armSweep(): void {
    if (stopped || sweepMs <= 0 || sweepTimer) return;
    // On the injected clock: a test's manual clock drives it, a rehearsal's shifted clock too.
    sweepTimer = clock.at(clock.now() + sweepMs, () => {
      sweepTimer = null;
      const work = sweep().then(noop, (err: unknown) => onFinaliseError(null, err));
      track(work);
      void work.then(armSweep);
    });
  }

  /** Resolves once fired deadlines and a sweep under way are done. */
  async function idle(): Promise<void> {
    for (;;) {
      if (due.size > 0) void finaliseDue();
      if (inFlight.size === 0) return;
      await Promise.all([...inFlight]);
    }
  }

  let onFinaliseError: (sessionId: number | null, err: unknown) => void = () => {};

  async function notifyPause(session: SessionRow, change: Pick<SessionPauseState, 'change' | 'minutes'>, act: ProctorAct) {
    const { pausedAt, deadline } = session;
    if (deadline === null) return;
    const userId = await dal.userIdOfCandidate(session.candidateId);
    if (userId !== undefined) {
      deps.notifier.sessionPaused?.(userId, { sessionId: session.id, pausedAt, deadline, serverNow: clock.now(), reason: act.reason, ...change, ...(act.auto ? { auto: act.auto } : {}) });
      if (pausedAt === null) deps.notifier.deadlineMoved?.(userId, { sessionId: session.id, deadline, serverNow: clock.now() });
    }
    deps.notifier.candidateChanged?.(session.candidateId);
  }

  /**
   * Changes a running session's pause and deadline inside the group commit, so it is ordered with
   * the answer saves around it; returns the new row, or null when the change does not apply. The
   * row is locked while read and changed: two proctors extending at once on two nodes add up.
   */
  async function retime(
    sessionId: number,
    action: string,
    act: ProctorAct,
    next: (s: SessionRow & { deadline: number }, now: number) => { pausedAt: number | null; deadline: number } | null,
    change: Pick<SessionPauseState, 'change' | 'minutes'>,
  ) {
    const changed = await writes.write(
      async (tx) => {
        const d = createExamDal(tx, owners);
        const s = await d.sessionLocked(sessionId);
        if (!s || s.status !== 'in_progress' || s.deadline === null) return null;
        const now = clock.now();
        const to = next({ ...s, deadline: s.deadline }, now);
        if (!to || !(await d.setPauseAndDeadline(sessionId, to.pausedAt, to.deadline))) return null;
        // Extra time given during the part is incident time: counted apart from the planned, and said so in the audit.
        const incident = change.change === 'extended' && change.minutes ? { extraTime: { kind: 'incident', minutes: change.minutes } } : {};
        if (change.change === 'extended' && change.minutes) await d.addIncidentExtra(sessionId, change.minutes);
        await d.audit({ at: now, actorUserId: act.actorUserId, action, entity: 'exam_session', entityId: sessionId, details: { reason: act.reason, from: { deadline: s.deadline, pausedAt: s.pausedAt }, to, ...(change.minutes ? { minutes: change.minutes } : {}), ...incident, ...(act.auto ? { auto: act.auto } : {}) } });
        return { ...s, ...to };
      },
      { key: sessionId },
    );
    if (!changed) return null;
    if (changed.pausedAt === null) scheduler.schedule(sessionId, changed.deadline);
    else scheduler.cancel(sessionId);
    await notifyPause(changed, change, act);
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
      async endFor(sessionId: number, reason: 'force_submitted' | 'violation', act: ProctorAct): Promise<SessionEnded | undefined> {
        return (await finaliseMany([sessionId], reason, act))[0];
      },
      /** 缺考: candidates who never started this part get an ended session; returns how many. */
      async markAbsent(candidateIds: readonly number[], sittingPartId: number, act: ProctorAct): Promise<number> {
        const now = clock.now();
        const marked = await db.transaction(async (tx) => {
          const d = createExamDal(tx, owners);
          const ids: number[] = [];
          for (const candidateId of candidateIds) {
            // The unique candidate/part index decides: a start on another node that came first keeps its session.
            const row = await d.insertAbsentSession(candidateId, sittingPartId, now);
            if (!row) continue;
            await d.audit({ at: now, actorUserId: act.actorUserId, action: 'session.absent', entity: 'exam_session', entityId: row.id, details: { candidateId, sittingPartId, reason: act.reason } });
            ids.push(candidateId);
          }
          return ids;
        });
        for (const id of marked) deps.notifier.candidateChanged?.(id);
        return marked.length;
      },
    };
  }

  // Repeated starts and resumes of one candidate share the one in flight (start-coalescing.ts).
  return coalescingStarts({
    /** Where a failed finalisation (a session id) or a failed sweep (null) is reported. */
    onFinaliseError(fn: (sessionId: number | null, err: unknown) => void) {
      onFinaliseError = fn;
    },

    /** Idempotent: pressing start twice, or on two computers (or two nodes), returns the one running session. */
    async start<W extends SessionViewWire | undefined = undefined>(user: SessionUser, sittingPartId: number, opts: StartOptions<W> = {}): Promise<SessionViewReplyFor<{ view: W }>> {
      const candidateId = candidateIdOf(user);
      const candidate = await startReads.candidateOfUser(user.userId);
      // Membership first: another sitting's part must look exactly like a missing one. A part this
      // node has seen a session of is fixed (fixed-parts.ts): then it is not read again.
      const own = parts.seen(sittingPartId) ?? (await dal.partWithStart(sittingPartId));
      if (!candidate || !own || own.sittingId !== candidate.sittingId) throw noPart();
      const { part } = await paperOf(own);
      if (!ONLINE_PARTS.includes(part.part)) throw new StateError('CONFLICT', `The ${part.part} part is not delivered online`, { key: 'exam.notOnline' });
      const startsAt = part.sittingStartsAt;
      const now = clock.now();
      if (now < startsAt) throw new StateError('SESSION_NOT_STARTED', `The sitting opens at ${new Date(startsAt).toISOString()}`, { key: 'exam.opensAt', params: { at: startsAt } });
      const existing = await startReads.sessionOf(candidateId, sittingPartId);
      if (existing?.endReason === 'violation') throw new StateError('SESSION_ENDED', 'This part was ended for a rule violation (违纪); there is no retake in this sitting', { key: 'exam.endedForViolation' });
      let session: SessionRow;
      let created = false;
      if (existing) session = existing;
      else {
        await deps.startGate?.(candidate, sittingPartId);
        // Read before the write: a transaction's body waits for nothing but its own statements.
        const oneAtATime = !(await rulesOf(part.sittingId)).parallelParts;
        // Planned extra time is part of the deadline from the start; the audit entry says it was planned.
        const planned = plannedExtraMinutes(part.durationMinutes, await deps.plannedExtraTime?.(candidateId, part.part));
        // Hundreds of candidates press start in the same second: their inserts share a commit, and
        // their audit entries a few multi-row inserts before it.
        const made = await writes.write(
          async (tx, audit) => {
            const d = createExamDal(tx, owners);
            // The lock papers' assignPaper takes FOR UPDATE: no paper is swapped under a start.
            const held = await d.sittingPartHeld(sittingPartId);
            if (!held || held.paperId === null) throw noPaper();
            // Two tabs (or two nodes) starting two parts at once take turns on the candidate's row.
            if (oneAtATime) await d.lockCandidate(candidateId);
            const found = await d.startCheck(candidateId, sittingPartId);
            if (found.session) return { row: found.session, created: false };
            const kind = oneAtATime ? found.otherRunning : undefined;
            if (kind) throw new StateError('CONFLICT', `The ${kind} part is in progress: submit it before starting another`, { key: `examStart.otherPartRunning.${kind}`, params: { part: kind } });
            const deadline = deadlineFor(now, part.durationMinutes, planned);
            const created = await d.insertRunningSession({ candidateId, sittingPartId, startedAt: now, deadline, plannedExtraMinutes: planned });
            // Another start of the same part came first (the unique candidate/part index): that session is the one.
            if (!created) return { row: await d.sessionFor(candidateId, sittingPartId), created: false };
            audit({
              at: now,
              actorUserId: user.userId,
              action: 'session.started',
              entity: 'exam_session',
              entityId: created.id,
              details: { sittingPartId, deadline, durationMinutes: part.durationMinutes, ...(planned > 0 ? { extraTime: { kind: 'planned', minutes: planned } } : {}), instructionsConfirmed: opts.instructionsConfirmed === true },
            });
            return { row: created, created: true };
          },
          { key: candidateId },
        );
        if (!made.row) throw new Error(`start of part ${sittingPartId}: no session inserted and none found`);
        session = made.row;
        // Only a session this start inserted is known to be empty: one found was maybe answered in already.
        created = made.created;
      }
      if (session.status === 'in_progress' && session.deadline !== null && session.pausedAt === null) scheduler.own(session.id, session.deadline);
      if (!existing) deps.notifier.candidateChanged?.(candidateId);
      return view(session, opts.waiting, opts.view, created) as Promise<SessionViewReplyFor<{ view: W }>>;
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
      add(await dal.answeredItems(sessionIds));
      add(await deps.screenshots.itemsWithScreenshots(sessionIds));
      return new Map([...answered].map(([id, items]) => [id, items.size]));
    },

    async resume<W extends SessionViewWire | undefined = undefined>(user: SessionUser, sessionId: number, waiting?: StillWaiting, wire?: W): Promise<SessionViewReplyFor<{ view: W }>> {
      const session = await access.ownSession(user, sessionId);
      // The candidate's page is here now (a reconnect may have brought it from another node).
      if (session.status === 'in_progress' && session.deadline !== null && session.pausedAt === null) scheduler.own(session.id, session.deadline);
      return view(session, waiting, wire) as Promise<SessionViewReplyFor<{ view: W }>>;
    },

    /** Resolves after the answer is committed to disk together with the others of its batch. */
    async saveAnswer(user: SessionUser, save: AnswerSave): Promise<AnswerSaved> {
      const receivedAt = clock.now();
      candidateIdOf(user);
      await optionIdsReady();
      const saved = await writes.write(
        async (tx, audit) => {
          const session = ownedBy(user, await answerWrites.sessionHeld(tx, save.sessionId));
          if (session.status === 'ended') throw new StateError('SESSION_ENDED', 'This part has been submitted; answers can no longer change', { key: 'exam.submittedNoChange' });
          if (session.status !== 'in_progress' || session.deadline === null) throw new StateError('SESSION_NOT_STARTED', 'This part has not started', { key: 'exam.notStarted' });
          // The row is read for every save anyway: the paused check costs no extra query.
          if (session.pausedAt !== null) throw new StateError('SESSION_PAUSED', 'The proctor has paused this exam; answers cannot change until it resumes', { key: 'exam.pausedNoChange' });
          if (!isBeforeDeadline(session.deadline, receivedAt)) throw new StateError('DEADLINE_PASSED', 'Time is up: the answer arrived after the deadline', { key: 'exam.answerLate' });
          const { paper } = await paperOf(await parts.of(tx, session.sittingPartId), tx);
          const item = paper.byId.get(save.itemId);
          if (!item) throw new NotFoundError('No such item in this paper', { key: 'exam.noItem' });
          const ids = optionIds(paper.id, session.candidateId, optionIdsVersionOf(session));
          // Stored, scored and audited in bank ids; the browser only ever sees its own.
          const response = normaliseResponse(item, toBankResponse(item, save.response, ids));
          const row = await answerWrites.upsertAnswer(tx, { sessionId: session.id, itemId: item.id, responseJson: response && JSON.stringify(response), flagged: save.flagged, receivedAt });
          // The answer history: every accepted revision, so a score can be traced to what was sent.
          audit({ at: receivedAt, actorUserId: user.userId, action: 'answer.saved', entity: 'exam_session', entityId: session.id, details: { itemId: item.id, revision: row.revision, response, flagged: save.flagged } });
          return { candidateId: session.candidateId, deadline: session.deadline, saved: { sessionId: session.id, itemId: item.id, response: toClientResponse(item, response, ids), flagged: row.flagged, revision: row.revision, receivedAt, changeId: save.changeId } };
        },
        { key: save.sessionId },
      );
      scheduler.own(saved.saved.sessionId, saved.deadline);
      deps.notifier.answerSaved(user.userId, saved.saved);
      deps.notifier.candidateChanged?.(saved.candidateId);
      return saved.saved;
    },

    async submit(user: SessionUser, sessionId: number): Promise<SubmitResult> {
      const session = await access.ownSession(user, sessionId);
      if (session.status === 'ended') throw new StateError('SESSION_ENDED', 'This part has already been submitted', { key: 'exam.submittedAlready' });
      if (session.pausedAt !== null) throw new StateError('SESSION_PAUSED', 'The proctor has paused this exam; it cannot be submitted until it resumes', { key: 'exam.pausedNoSubmit' });
      const ended = (await finaliseMany([sessionId], 'submitted'))[0];
      // Lost the race against the deadline (a timer, a sweep): the session is over either way.
      const after = await dal.session(sessionId);
      if (!ended && after?.status !== 'ended') throw new StateError('CONFLICT', 'The part could not be submitted', { key: 'exam.submitFailed' });
      const { paper } = await paperOfPart(session.sittingPartId);
      const answered = (await dal.answersOf(sessionId)).filter((a) => a.responseJson !== null).length;
      if (after?.endReason === 'deadline') throw new StateError('DEADLINE_PASSED', 'Time was up before the submission arrived; the part ended at the deadline', { key: 'exam.submitLate' });
      return { sessionId, endedAt: after?.endedAt ?? clock.now(), answered, total: paper.items.length };
    },

    /** On boot: finalise what ran out while the server was down, re-arm the rest, start sweeping. */
    async restoreDeadlines(): Promise<{ finalised: number; scheduled: number }> {
      const now = clock.now();
      // A paused session stays paused across a restart: its clock is stopped, so it is neither due nor armed.
      const running = (await dal.runningSessions()).filter((s): s is { id: number; deadline: number; pausedAt: null } => s.deadline !== null && s.pausedAt === null);
      // Within the grace another node may still hold saves: those wait for their (graced) timer.
      const overdue = running.filter((s) => s.deadline <= now - graceMs).map((s) => s.id);
      const upcoming = running.filter((s) => s.deadline > now - graceMs);
      for (const s of upcoming) scheduler.schedule(s.id, s.deadline);
      const finalised = (await finaliseMany(overdue, 'deadline')).length;
      armSweep();
      return { finalised, scheduled: upcoming.length };
    },

    ...proctorOps(),

    /** Ends, now, whatever deadlines have fired and wait in the current batch. */
    flushDeadlines: async (): Promise<SessionEnded[]> => finaliseDue(),

    /** The candidate's connection on this node closed: its sessions' timers here wait the grace from now on. */
    disown(sessionIds: Iterable<number>) {
      for (const id of sessionIds) scheduler.disown(id);
    },

    /** One sweep now (as the interval runs it): ends the due sessions no other node holds. */
    sweepDue: sweep,

    /** Resolves once fired deadlines and a sweep under way are done (tests move a manual clock, then look). */
    idle,

    /** On shutdown, once sockets are closed: no more timers or sweeps, and what was received is committed. */
    async stop() {
      stopped = true;
      sweepTimer?.cancel();
      sweepTimer = null;
      scheduler.cancelAll();
      await idle();
      await writes.flush();
    },

    papers,
    /** The port for features acting on a candidate's own session (evidence, task images, late sync). */
    access,
  });
}
export type SessionService = ReturnType<typeof createSessionService>;
