import { journalEntrySchema, type JournalEntry, type JournalFile, type LateSyncDecided, type LateSyncDecision, type LateSyncReceipt, type LateSyncRequest, type LateSyncSubmit, type OfflineSpan } from '@shared/latesync.ts';
import { z } from 'zod';
import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../core/db/store.ts';
import { BadRequestError, NotFoundError, StateError } from '../../core/errors.ts';
import type { MaybePromise } from '../../core/maybe-promise.ts';
import { cachedServerSecret } from '../../core/secrets.ts';
import type { SessionUser } from '../../core/session-user.ts';
import { createExamDal, type ExamDal, type SessionRow } from './exam-dal.ts';
import { createFixedParts } from './fixed-parts.ts';
import type { ExamOwners } from './ports.ts';
import { journalKeyFor, openJournalFile } from './journal-file.ts';
import { createLateSyncDal, type LateSyncDal, type LateSyncRow } from './late-sync-dal.ts';
import { mergeEntries, offlineAtDeadline, selectLateEntries, type LateSelection } from './late-sync-rules.ts';
import { optionIdsOnSecret, optionIdsVersionOf } from './option-ids-ready.ts';
import type { PaperCache } from './paper-cache.ts';
import { createSessionAccess } from './session-access.ts';
import { choicesOf, normaliseResponse, parseStoredResponse, toBankResponse } from './responses.ts';
import { scorePart } from './scoring.ts';

/** What the exam feature needs from the proctor console: the incident log's absences, and a nudge when a request changes. */
export type LateSyncPorts = {
  offlineSpans(candidateId: number): MaybePromise<OfflineSpan[]>;
  changed(candidateId: number, requestId: number): MaybePromise<void>;
};

/** A request as the exam feature knows it; the proctor console adds who and where. */
export type LateSyncCore = Omit<LateSyncRequest, 'seat' | 'name' | 'ticketNo'>;

const storedEntries = z.array(journalEntrySchema);
type Timed = SessionRow & { startedAt: number; deadline: number };

/**
 * Late sync (issue #17 part 3): answers the candidate's browser kept while offline when the deadline
 * passed are held, not dropped, and applied only when a proctor accepts them (late-sync-rules.ts says
 * which entries apply, and why client timestamps are trusted only that far).
 */
export function createLateSyncService(deps: { db: Db; clock: Clock; owners: ExamOwners; papers: PaperCache; ports: () => LateSyncPorts }) {
  const { db, clock, papers } = deps;
  const exam = createExamDal(db, deps.owners);
  const access = createSessionAccess(exam, papers, createFixedParts(deps.owners), db);
  const dal = createLateSyncDal(db);
  const { optionIds, ready: optionIdsReady } = optionIdsOnSecret(cachedServerSecret(db, 'option-ids'));
  const journalSecret = cachedServerSecret(db, 'journal-files');
  const keyOf = async (sessionId: number) => journalKeyFor(await journalSecret(), sessionId);
  /** Part, paper and the candidate's option ids; `tx` inside a transaction. */
  async function contextOf(session: SessionRow, via: ExamDal = exam, tx?: Db) {
    const part = await via.sittingPart(session.sittingPartId);
    const paper = part?.paperId == null ? undefined : await papers.get(part.paperId, tx);
    if (!part || !paper) throw new NotFoundError('No paper for this session', { key: 'lateSync.noPaper' });
    if (!tx) await optionIdsReady();
    return { part, paper, ids: optionIds(paper.id, session.candidateId, optionIdsVersionOf(session)) };
  }
  type Context = Awaited<ReturnType<typeof contextOf>>;

  const notDeadline = () => new StateError('CONFLICT', 'Only a part that ended at its deadline takes answers made offline', { key: 'lateSync.notDeadline' });
  const alreadyDecided = () => new StateError('CONFLICT', 'A proctor has already decided on the answers made offline for this part', { key: 'lateSync.decided' });

  /** Ended at its deadline, not yet reviewed, results not released: the only sessions a late sync applies to. */
  async function eligible(session: SessionRow): Promise<Timed> {
    if (session.status !== 'ended' || session.endReason !== 'deadline' || session.startedAt === null || session.deadline === null) throw notDeadline();
    if ((await dal.ofSession(session.id)).some((r) => r.status !== 'pending')) throw alreadyDecided();
    if ((await exam.sittingPart(session.sittingPartId))?.resultsReleasedAt != null) throw new StateError('CONFLICT', 'The results of this part are released', { key: 'lateSync.released' });
    return { ...session, startedAt: session.startedAt, deadline: session.deadline };
  }

  /** Which entries apply, from what was read: the paper, the saved answers and the incident log's absences. */
  function select(ctx: Context, session: Timed, entries: readonly JournalEntry[], saved: readonly { paperItemId: number; receivedAt: number }[], offline: OfflineSpan[]): LateSelection & { offline: OfflineSpan[] } {
    const { paper, ids } = ctx;
    const valid = (e: JournalEntry) => {
      const item = paper.byId.get(e.itemId);
      try {
        return !!item && (normaliseResponse(item, toBankResponse(item, e.response, ids)), true);
      } catch {
        return false;
      }
    };
    const selection = selectLateEntries({ entries, startedAt: session.startedAt, deadline: session.deadline, itemIds: new Set(paper.byId.keys()), saved: saved.map((a) => ({ itemId: a.paperItemId, receivedAt: a.receivedAt })), valid });
    const flags = offlineAtDeadline(offline, session.deadline) ? selection.flags : [...selection.flags, 'not_offline_at_deadline' as const].sort();
    return { ...selection, flags, offline };
  }

  const entriesOf = (row: LateSyncRow) => storedEntries.parse(JSON.parse(row.entriesJson));

  async function toCore(row: LateSyncRow, session: SessionRow): Promise<LateSyncCore> {
    const entries = entriesOf(row);
    const timed = session.startedAt !== null && session.deadline !== null ? { ...session, startedAt: session.startedAt, deadline: session.deadline } : null;
    const s = timed ? select(await contextOf(timed), timed, entries, await exam.answersOf(session.id), await deps.ports().offlineSpans(session.candidateId)) : null;
    return {
      id: row.id,
      sessionId: row.sessionId,
      sittingPartId: session.sittingPartId,
      candidateId: session.candidateId,
      source: row.source,
      status: row.status,
      receivedAt: row.receivedAt,
      deadline: session.deadline ?? 0,
      entries: entries.length,
      applicable: row.status === 'pending' ? (s?.apply.length ?? 0) : (row.applied ?? 0),
      firstMadeAt: s?.firstMadeAt ?? null,
      lastMadeAt: s?.lastMadeAt ?? null,
      flags: s?.flags ?? [],
      offline: s?.offline ?? [],
      decidedAt: row.decidedAt,
      reason: row.reason,
      applied: row.applied,
    };
  }

  /** Holds entries for review: added to the session's pending request, or a new one. */
  async function hold(session: SessionRow, entries: readonly JournalEntry[], source: 'socket' | 'file', actorUserId: number): Promise<LateSyncReceipt> {
    const s = await eligible(session);
    if (entries.some((e) => e.sessionId !== s.id)) throw new BadRequestError('Every entry must belong to this session', { key: 'lateSync.otherSession' });
    if (!entries.some((e) => e.madeAt < s.deadline)) throw new StateError('DEADLINE_PASSED', 'None of these answers was made before the deadline', { key: 'lateSync.nothingBefore' });
    const now = clock.now();
    // Read before the transaction, whose body waits for nothing but its own statements.
    const offline = await deps.ports().offlineSpans(s.candidateId);
    await optionIdsReady();
    // Two uploads for one session (two proctors, two nodes) take turns: one pending request, entries merged.
    const result = await onSession(s.id, async (e, d, tx) => {
      const requests = await d.ofSession(s.id);
      if (requests.some((r) => r.status !== 'pending')) throw alreadyDecided();
      const pending = requests.find((r) => r.status === 'pending');
      const all = pending ? mergeEntries(entriesOf(pending), entries) : mergeEntries([], entries);
      const json = JSON.stringify(all);
      const requestId = pending && (await d.updatePending(pending.id, json, now)) ? pending.id : await d.insert({ sessionId: s.id, source, receivedAt: now, entriesJson: json });
      const selection = select(await contextOf(s, e, tx), s, all, await e.answersOf(s.id), offline);
      await e.audit({ at: now, actorUserId, action: 'late_sync.received', entity: 'exam_session', entityId: s.id, details: { requestId, source, received: entries.length, entries: all.length, applicable: selection.apply.length, firstMadeAt: selection.firstMadeAt, lastMadeAt: selection.lastMadeAt, flags: selection.flags } });
      return { requestId, status: 'pending' as const, entries: all.length, applicable: selection.apply.length };
    });
    await deps.ports().changed(s.candidateId, result.requestId);
    return result;
  }

  /** Applies the selected entries and re-scores a theory part, inside the caller's transaction. */
  async function apply(tx: Db, ctx: Context, session: Timed, selection: LateSelection, requestId: number, actorUserId: number, now: number) {
    const e = createExamDal(tx, deps.owners);
    const d = createLateSyncDal(tx);
    const { part, paper, ids } = ctx;
    for (const entry of selection.apply) {
      const item = paper.byId.get(entry.itemId)!;
      const response = normaliseResponse(item, toBankResponse(item, entry.response, ids));
      const row = await e.upsertAnswer({ sessionId: session.id, itemId: item.id, responseJson: response && JSON.stringify(response), flagged: entry.flagged, receivedAt: now });
      await e.audit({ at: now, actorUserId, action: 'answer.saved', entity: 'exam_session', entityId: session.id, details: { itemId: item.id, revision: row.revision, response, flagged: entry.flagged, lateSync: { requestId, madeAt: entry.madeAt, seq: entry.seq } } });
    }
    await d.markSessionSynced(session.id, now);
    if (part.part !== 'theory') return null;
    const answered = new Map((await e.answersOf(session.id)).map((a) => [a.paperItemId, { choices: choicesOf(parseStoredResponse(a.responseJson)), revision: a.revision }]));
    const result = scorePart(paper.items, answered, paper.multiRule, part.passScore);
    const before = await d.score(session.id);
    const values = { rawPoints: result.rawPoints, maxPoints: result.maxPoints, score: result.score, passed: result.passed, detailJson: JSON.stringify(result.items), scoredAt: now };
    if (before) await d.updateScore(session.id, values);
    else await e.insertScore({ sessionId: session.id, ...values });
    await e.audit({ at: now, actorUserId, action: 'session.rescored', entity: 'exam_session', entityId: session.id, details: { cause: 'late_sync', requestId, from: before ? { score: before.score, passed: before.passed } : null, to: { rawPoints: result.rawPoints, score: result.score, passed: result.passed } } });
    return result.score;
  }

  /** A transaction holding the session's row (FOR UPDATE on PostgreSQL): requests of one session are changed one at a time. */
  function onSession<T>(sessionId: number, body: (e: ExamDal, d: LateSyncDal, tx: Db) => Promise<T>): Promise<T> {
    return db.transaction(async (tx) => {
      const e = createExamDal(tx, deps.owners);
      await e.sessionLocked(sessionId);
      return body(e, createLateSyncDal(tx), tx);
    });
  }

  async function requestWithSession(requestId: number) {
    const row = await dal.request(requestId);
    const session = row && (await exam.session(row.sessionId));
    if (!row || !session) throw new NotFoundError('No such late sync request', { key: 'lateSync.noRequest' });
    return { row, session };
  }

  return {
    /** The session's journal-file key, given to its browser at start (running sessions only). */
    async journalKey(sessionId: number): Promise<string> {
      return (await keyOf(sessionId)).toString('base64');
    },

    /** From the candidate's page, back online after the part ended at its deadline. */
    async submit(user: SessionUser, p: LateSyncSubmit): Promise<LateSyncReceipt> {
      return hold(await access.ownSession(user, p.sessionId), p.entries, 'socket', user.userId);
    },

    /** A journal file the proctor uploads for a candidate of their room (`candidateIds`). */
    async importFile(file: JournalFile, candidateIds: ReadonlySet<number>, actorUserId: number): Promise<LateSyncReceipt> {
      const session = await exam.session(file.sessionId);
      if (!session || !candidateIds.has(session.candidateId)) throw new NotFoundError('This file belongs to no session of this room', { key: 'lateSync.notInRoom' });
      const opened = openJournalFile(file, await keyOf(session.id));
      return hold(session, opened.entries, 'file', actorUserId);
    },

    /** Requests of these candidates, newest first, each with what accepting it would apply. */
    async list(candidateIds: readonly number[]): Promise<LateSyncCore[]> {
      const out: LateSyncCore[] = [];
      for (const { request, session } of await dal.ofCandidates(candidateIds)) out.push(await toCore(request, session));
      return out;
    },

    async candidateOf(requestId: number): Promise<number> {
      return (await requestWithSession(requestId)).session.candidateId;
    },

    /** Accept (apply what was made before the deadline, re-score) or refuse, once, with a reason. */
    async decide(requestId: number, decision: LateSyncDecision, actorUserId: number): Promise<LateSyncDecided> {
      const { row, session } = await requestWithSession(requestId);
      const decided = () => new StateError('CONFLICT', 'This request has already been decided', { key: 'lateSync.decided' });
      if (row.status !== 'pending') throw decided();
      const now = clock.now();
      const s = decision.accept ? await eligible(session) : null;
      const offline = s ? await deps.ports().offlineSpans(s.candidateId) : [];
      await optionIdsReady();
      // Taken in turn with an upload adding entries: what is applied is what the request holds now.
      const outcome = await onSession(session.id, async (e, d, tx) => {
        const current = await d.request(row.id);
        if (!current || current.status !== 'pending') throw decided();
        const ctx = s ? await contextOf(s, e, tx) : null;
        const selection = s && ctx ? select(ctx, s, entriesOf(current), await e.answersOf(s.id), offline) : null;
        const applied = selection ? selection.apply.length : 0;
        if (!(await d.decide(row.id, { status: decision.accept ? 'accepted' : 'refused', decidedAt: now, decidedBy: actorUserId, reason: decision.reason, applied }))) throw decided();
        const score = s && ctx && selection ? await apply(tx, ctx, s, selection, row.id, actorUserId, now) : ((await d.score(session.id))?.score ?? null);
        await e.audit({ at: now, actorUserId, action: decision.accept ? 'late_sync.accepted' : 'late_sync.refused', entity: 'exam_session', entityId: session.id, details: { requestId: row.id, reason: decision.reason, applied, flags: selection?.flags ?? [], score } });
        return { status: decision.accept ? ('accepted' as const) : ('refused' as const), applied, score };
      });
      await deps.ports().changed(session.candidateId, row.id);
      return outcome;
    },
  };
}
export type LateSyncService = ReturnType<typeof createLateSyncService>;
