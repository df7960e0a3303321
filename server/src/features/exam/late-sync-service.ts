import { journalEntrySchema, type JournalEntry, type JournalFile, type LateSyncDecided, type LateSyncDecision, type LateSyncReceipt, type LateSyncRequest, type LateSyncSubmit, type OfflineSpan } from '@shared/latesync.ts';
import { z } from 'zod';
import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../core/db/connection.ts';
import { BadRequestError, NotFoundError, StateError } from '../../core/errors.ts';
import { serverSecret } from '../../core/secrets.ts';
import { createAuditWriterSync } from '../../core/audit.ts';
import type { SessionUser } from '../../core/session-user.ts';
import { createExamDal, type SessionRow } from './exam-dal.ts';
import { journalKeyFor, openJournalFile } from './journal-file.ts';
import { createLateSyncDal, type LateSyncRow } from './late-sync-dal.ts';
import { mergeEntries, offlineAtDeadline, selectLateEntries, type LateSelection } from './late-sync-rules.ts';
import { createOptionIds } from './option-ids.ts';
import type { PaperCache } from './paper-cache.ts';
import type { MaybePromise } from '../../core/maybe-promise.ts';
import { createSessionAccess } from './session-access.ts';
import { choicesOf, normaliseResponse, parseStoredResponse, toBankResponse } from './responses.ts';
import { scorePart } from './scoring.ts';

/** What the exam feature needs from the proctor console: the incident log's absences, and a nudge when a request changes. */
export type LateSyncPorts = {
  offlineSpans(candidateId: number): MaybePromise<OfflineSpan[]>;
  changed(candidateId: number, requestId: number): void;
};

/** A request as the exam feature knows it; the proctor console adds who and where. */
export type LateSyncCore = Omit<LateSyncRequest, 'seat' | 'name' | 'ticketNo'>;

const storedEntries = z.array(journalEntrySchema);

/**
 * Late sync (issue #17 part 3): answers the candidate's browser kept while offline when the deadline
 * passed are held, not dropped, and applied only when a proctor accepts them (late-sync-rules.ts says
 * which entries apply, and why client timestamps are trusted only that far).
 */
export function createLateSyncService(deps: { db: Db; clock: Clock; papers: PaperCache; ports: () => LateSyncPorts }) {
  const { db, clock, papers } = deps;
  const exam = createExamDal(db);
  const access = createSessionAccess(exam, papers);
  const dal = createLateSyncDal(db);
  const audit = createAuditWriterSync(db);
  const optionIds = createOptionIds(() => serverSecret(db, 'option-ids'));
  let secret: Buffer | null = null;
  const keyOf = (sessionId: number) => journalKeyFor((secret ??= serverSecret(db, 'journal-files')), sessionId);

  function contextOf(session: SessionRow) {
    const part = exam.sittingPart(session.sittingPartId);
    const paper = part?.paperId == null ? undefined : papers.get(part.paperId);
    if (!part || !paper) throw new NotFoundError('No paper for this session', { key: 'lateSync.noPaper' });
    return { part, paper, ids: optionIds(paper.id, session.candidateId) };
  }

  /** Ended at its deadline, not yet reviewed, results not released: the only sessions a late sync applies to. */
  function eligible(session: SessionRow): SessionRow & { startedAt: number; deadline: number } {
    if (session.status !== 'ended' || session.endReason !== 'deadline' || session.startedAt === null || session.deadline === null) {
      throw new StateError('CONFLICT', 'Only a part that ended at its deadline takes answers made offline', { key: 'lateSync.notDeadline' });
    }
    if (dal.ofSession(session.id).some((r) => r.status !== 'pending')) throw new StateError('CONFLICT', 'A proctor has already decided on the answers made offline for this part', { key: 'lateSync.decided' });
    if (exam.sittingPart(session.sittingPartId)?.resultsReleasedAt != null) throw new StateError('CONFLICT', 'The results of this part are released', { key: 'lateSync.released' });
    return { ...session, startedAt: session.startedAt, deadline: session.deadline };
  }

  /** `offline`: the candidate's absences (the proctor console's port), read before any transaction. */
  function select(session: SessionRow & { startedAt: number; deadline: number }, entries: readonly JournalEntry[], offline: OfflineSpan[]): LateSelection & { offline: OfflineSpan[] } {
    const { paper, ids } = contextOf(session);
    const valid = (e: JournalEntry) => {
      const item = paper.byId.get(e.itemId);
      try {
        return !!item && (normaliseResponse(item, toBankResponse(item, e.response, ids)), true);
      } catch {
        return false;
      }
    };
    const selection = selectLateEntries({ entries, startedAt: session.startedAt, deadline: session.deadline, itemIds: new Set(paper.byId.keys()), saved: exam.answersOf(session.id).map((a) => ({ itemId: a.paperItemId, receivedAt: a.receivedAt })), valid });
    const flags = offlineAtDeadline(offline, session.deadline) ? selection.flags : [...selection.flags, 'not_offline_at_deadline' as const].sort();
    return { ...selection, flags, offline };
  }

  const entriesOf = (row: LateSyncRow) => storedEntries.parse(JSON.parse(row.entriesJson));

  function toCore(row: LateSyncRow, session: SessionRow, offline: OfflineSpan[]): LateSyncCore {
    const entries = entriesOf(row);
    const s = session.startedAt !== null && session.deadline !== null ? select({ ...session, startedAt: session.startedAt, deadline: session.deadline }, entries, offline) : null;
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
    const s = eligible(session);
    if (entries.some((e) => e.sessionId !== s.id)) throw new BadRequestError('Every entry must belong to this session', { key: 'lateSync.otherSession' });
    if (!entries.some((e) => e.madeAt < s.deadline)) throw new StateError('DEADLINE_PASSED', 'None of these answers was made before the deadline', { key: 'lateSync.nothingBefore' });
    const offline = await deps.ports().offlineSpans(s.candidateId);
    const now = clock.now();
    const result = db.$client.transaction(() => {
      const pending = dal.ofSession(s.id).find((r) => r.status === 'pending');
      const all = pending ? mergeEntries(entriesOf(pending), entries) : mergeEntries([], entries);
      const json = JSON.stringify(all);
      const requestId = pending && dal.updatePending(pending.id, json, now) ? pending.id : dal.insert({ sessionId: s.id, source, receivedAt: now, entriesJson: json });
      const selection = select(s, all, offline);
      audit({ at: now, actorUserId, action: 'late_sync.received', entity: 'exam_session', entityId: s.id, details: { requestId, source, received: entries.length, entries: all.length, applicable: selection.apply.length, firstMadeAt: selection.firstMadeAt, lastMadeAt: selection.lastMadeAt, flags: selection.flags } });
      return { requestId, status: 'pending' as const, entries: all.length, applicable: selection.apply.length };
    })();
    deps.ports().changed(s.candidateId, result.requestId);
    return result;
  }

  /** Applies the selected entries and re-scores a theory part, inside the caller's transaction. */
  function apply(session: SessionRow & { startedAt: number; deadline: number }, selection: LateSelection, requestId: number, actorUserId: number, now: number) {
    const { part, paper, ids } = contextOf(session);
    for (const e of selection.apply) {
      const item = paper.byId.get(e.itemId)!;
      const response = normaliseResponse(item, toBankResponse(item, e.response, ids));
      const row = exam.upsertAnswer({ sessionId: session.id, itemId: item.id, responseJson: response && JSON.stringify(response), flagged: e.flagged, receivedAt: now });
      audit({ at: now, actorUserId, action: 'answer.saved', entity: 'exam_session', entityId: session.id, details: { itemId: item.id, revision: row.revision, response, flagged: e.flagged, lateSync: { requestId, madeAt: e.madeAt, seq: e.seq } } });
    }
    dal.markSessionSynced(session.id, now);
    if (part.part !== 'theory') return null;
    const answered = new Map(exam.answersOf(session.id).map((a) => [a.paperItemId, { choices: choicesOf(parseStoredResponse(a.responseJson)), revision: a.revision }]));
    const result = scorePart(paper.items, answered, paper.multiRule, part.passScore);
    const before = dal.score(session.id);
    const values = { rawPoints: result.rawPoints, maxPoints: result.maxPoints, score: result.score, passed: result.passed, detailJson: JSON.stringify(result.items), scoredAt: now };
    if (before) dal.updateScore(session.id, values);
    else exam.insertScore({ sessionId: session.id, ...values });
    audit({ at: now, actorUserId, action: 'session.rescored', entity: 'exam_session', entityId: session.id, details: { cause: 'late_sync', requestId, from: before ? { score: before.score, passed: before.passed } : null, to: { rawPoints: result.rawPoints, score: result.score, passed: result.passed } } });
    return result.score;
  }

  function requestWithSession(requestId: number) {
    const row = dal.request(requestId);
    const session = row && exam.session(row.sessionId);
    if (!row || !session) throw new NotFoundError('No such late sync request', { key: 'lateSync.noRequest' });
    return { row, session };
  }

  return {
    /** The session's journal-file key, given to its browser at start (running sessions only). */
    journalKey(sessionId: number): string {
      return keyOf(sessionId).toString('base64');
    },

    /** From the candidate's page, back online after the part ended at its deadline. */
    submit(user: SessionUser, p: LateSyncSubmit): Promise<LateSyncReceipt> {
      return hold(access.ownSession(user, p.sessionId), p.entries, 'socket', user.userId);
    },

    /** A journal file the proctor uploads for a candidate of their room (`candidateIds`). */
    importFile(file: JournalFile, candidateIds: ReadonlySet<number>, actorUserId: number): Promise<LateSyncReceipt> {
      const session = exam.session(file.sessionId);
      if (!session || !candidateIds.has(session.candidateId)) throw new NotFoundError('This file belongs to no session of this room', { key: 'lateSync.notInRoom' });
      const opened = openJournalFile(file, keyOf(session.id));
      return hold(session, opened.entries, 'file', actorUserId);
    },

    /** Requests of these candidates, newest first, each with what accepting it would apply. */
    async list(candidateIds: readonly number[]): Promise<LateSyncCore[]> {
      const found = dal.ofCandidates(candidateIds);
      const ids = [...new Set(found.map((f) => f.session.candidateId))];
      const offline = new Map(await Promise.all(ids.map(async (id) => [id, await deps.ports().offlineSpans(id)] as const)));
      return found.map(({ request, session }) => toCore(request, session, offline.get(session.candidateId) ?? []));
    },

    candidateOf(requestId: number): number {
      return requestWithSession(requestId).session.candidateId;
    },

    /** Accept (apply what was made before the deadline, re-score) or refuse, once, with a reason. */
    async decide(requestId: number, decision: LateSyncDecision, actorUserId: number): Promise<LateSyncDecided> {
      const { row, session } = requestWithSession(requestId);
      if (row.status !== 'pending') throw new StateError('CONFLICT', 'This request has already been decided', { key: 'lateSync.decided' });
      // Read before the transaction (a port of the proctor console); the decision itself stays conditional on pending.
      const offline = decision.accept ? await deps.ports().offlineSpans(session.candidateId) : [];
      const now = clock.now();
      const s = decision.accept ? eligible(session) : null;
      const selection = s ? select(s, entriesOf(row), offline) : null;
      const outcome = db.$client.transaction(() => {
        const applied = s && selection ? selection.apply.length : 0;
        if (!dal.decide(row.id, { status: decision.accept ? 'accepted' : 'refused', decidedAt: now, decidedBy: actorUserId, reason: decision.reason, applied })) {
          throw new StateError('CONFLICT', 'This request has already been decided', { key: 'lateSync.decided' });
        }
        const score = s && selection ? apply(s, selection, row.id, actorUserId, now) : (dal.score(session.id)?.score ?? null);
        audit({ at: now, actorUserId, action: decision.accept ? 'late_sync.accepted' : 'late_sync.refused', entity: 'exam_session', entityId: session.id, details: { requestId: row.id, reason: decision.reason, applied, flags: selection?.flags ?? [], score } });
        return { status: decision.accept ? ('accepted' as const) : ('refused' as const), applied, score };
      })();
      deps.ports().changed(session.candidateId, row.id);
      return outcome;
    },
  };
}
export type LateSyncService = ReturnType<typeof createLateSyncService>;
