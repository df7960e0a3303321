import { and, asc, eq, inArray, isNotNull, isNull, lte, notInArray, or, sql } from 'drizzle-orm';
import type { EndReason } from '@shared/domain.ts';
import { appendAuditPrepared, type AuditEntry } from '../../core/audit.ts';
import { forKeyShare, forUpdate, idIn, idList, inIdList } from '../../core/db/dialect.ts';
import { multiRowInsert } from '../../core/db/multi-row-insert.ts';
import { tablesFor } from '../../core/db/owners.ts';
import type { examSessions, scores } from '../../core/db/pg-schema.ts';
import { prepared } from '../../core/db/prepared.ts';
import type { Db } from '../../core/db/store.ts';
import type { ExamOwners, PartRow } from './ports.ts';
import { CURRENT_OPTION_IDS_VERSION } from './option-ids.ts';

export type SessionRow = typeof examSessions.$inferSelect;
/** What ending a session at its deadline reads of it. */
export type DueRow = Pick<SessionRow, 'id' | 'candidateId' | 'sittingPartId' | 'status' | 'deadline' | 'pausedAt'>;
export type { PaperItemRow } from './ports.ts';
export type ScoreValues = Omit<typeof scores.$inferInsert, 'id'>;

const p = sql.placeholder;

// Prepared once per connection handle (core/db/prepared.ts): these run for every answer saved, every
// session started and every session finalised.
const sessionById = prepared('exam.session', (db, name) => {
  const { examSessions } = tablesFor(db, 'exam');
  return db.select().from(examSessions).where(eq(examSessions.id, p('id'))).prepare(name);
});
/**
 * A save holds its session against a finaliser's FOR UPDATE: the answer is either scored or refused.
 * Only the columns a save checks: drizzle maps every column of every row it returns, per save.
 */
const sessionHeld = prepared('exam.session_held', (db, name) => {
  const { examSessions: e } = tablesFor(db, 'exam');
  const columns = { id: e.id, candidateId: e.candidateId, sittingPartId: e.sittingPartId, status: e.status, deadline: e.deadline, pausedAt: e.pausedAt, optionIdsVersion: e.optionIdsVersion };
  return forKeyShare(db, db.select(columns).from(e).where(eq(e.id, p('id')))).prepare(name);
});
const sessionLocked = prepared('exam.session_locked', (db, name) => {
  const { examSessions } = tablesFor(db, 'exam');
  return forUpdate(db, db.select().from(examSessions).where(eq(examSessions.id, p('id')))).prepare(name);
});
const sessionOfCandidate = prepared('exam.session_of_candidate', (db, name) => {
  const { examSessions } = tablesFor(db, 'exam');
  return db
    .select()
    .from(examSessions)
    .where(and(eq(examSessions.candidateId, p('candidateId')), eq(examSessions.sittingPartId, p('sittingPartId'))))
    .prepare(name);
});
/**
 * What a start checks once it holds the candidate's row, in one statement: the candidate's session
 * of this part (another start won) and any part of theirs running (one part at a time).
 */
const sessionsForStart = prepared('exam.sessions_for_start', (db, name) => {
  const { examSessions } = tablesFor(db, 'exam');
  return db
    .select()
    .from(examSessions)
    .where(and(eq(examSessions.candidateId, p('candidateId')), or(eq(examSessions.sittingPartId, p('sittingPartId')), eq(examSessions.status, 'in_progress'))))
    .prepare(name);
});
/** Nothing when the candidate already has a session of the part (another node's start won). */
const insertRunning = prepared('exam.insert_running', (db, name) => {
  const { examSessions } = tablesFor(db, 'exam');
  return db
    .insert(examSessions)
    .values({
      candidateId: p('candidateId'),
      sittingPartId: p('sittingPartId'),
      status: 'in_progress',
      startedAt: p('startedAt'),
      deadline: p('deadline'),
      plannedExtraMinutes: p('plannedExtraMinutes'),
      optionIdsVersion: CURRENT_OPTION_IDS_VERSION,
    })
    .onConflictDoNothing({ target: [examSessions.candidateId, examSessions.sittingPartId] })
    .returning()
    .prepare(name);
});
const answersBySession = prepared('exam.answers', (db, name) => {
  const { answers } = tablesFor(db, 'exam');
  return db.select().from(answers).where(eq(answers.sessionId, p('sessionId'))).orderBy(asc(answers.paperItemId)).prepare(name);
});
/** The exactly-once end (docs/cluster.md §6): whoever changes the row from in_progress wins. */
const endRunning = prepared('exam.end_running', (db, name) => {
  const { examSessions } = tablesFor(db, 'exam');
  return db
    .update(examSessions)
    .set({ status: 'ended', endedAt: sql`${p('endedAt')}`, endReason: sql`${p('endReason')}` })
    .where(and(eq(examSessions.id, p('id')), eq(examSessions.status, 'in_progress')))
    .returning({ id: examSessions.id })
    .prepare(name);
});
const insertScoreRows = multiRowInsert('exam.insert_scores', 'scores', ['sessionId', 'rawPoints', 'maxPoints', 'score', 'passed', 'detailJson', 'scoredAt']);
const insertScoreRow = prepared('exam.insert_score', (db, name) => {
  const { scores } = tablesFor(db, 'exam');
  return db
    .insert(scores)
    .values({ sessionId: p('sessionId'), rawPoints: p('rawPoints'), maxPoints: p('maxPoints'), score: p('score'), passed: p('passed'), detailJson: p('detailJson'), scoredAt: p('scoredAt') })
    .prepare(name);
});
const upsertAnswerRow = prepared('exam.upsert_answer', (db, name) => {
  const { answers } = tablesFor(db, 'exam');
  return db
    .insert(answers)
    .values({ sessionId: p('sessionId'), paperItemId: p('itemId'), responseJson: p('responseJson'), flagged: p('flagged'), revision: 1, receivedAt: p('receivedAt') })
    .onConflictDoUpdate({
      target: [answers.sessionId, answers.paperItemId],
      set: { responseJson: sql`excluded.response_json`, flagged: sql`excluded.flagged`, revision: sql`${answers.revision} + 1`, receivedAt: sql`excluded.received_at` },
    })
    .returning({ revision: answers.revision, flagged: answers.flagged })
    .prepare(name);
});

/** What a save reads of its session (sessionHeld). */
export type HeldSession = Pick<SessionRow, 'id' | 'candidateId' | 'sittingPartId' | 'status' | 'deadline' | 'pausedAt' | 'optionIdsVersion'>;
export type AnswerValues = { sessionId: number; itemId: number; responseJson: string | null; flagged: boolean; receivedAt: number };

/**
 * The save's two statements, without a whole data layer made for each save (createExamDal makes
 * thirty closures; the saves are the most frequent write there is).
 */
export const answerWrites = {
  /** The session, held until the transaction ends against a finaliser (FOR KEY SHARE on PostgreSQL). */
  async sessionHeld(tx: Db, id: number): Promise<HeldSession | undefined> {
    const [row] = await sessionHeld(tx).execute({ id });
    return row;
  },
  /** The answer inserted or replaced; its revision counts the accepted saves of the item. */
  async upsertAnswer(tx: Db, v: AnswerValues): Promise<{ revision: number; flagged: boolean }> {
    const [row] = await upsertAnswerRow(tx).execute(v);
    if (!row) throw new Error('upsert returned no row');
    return row;
  },
};

// A deadline's sets of hundreds of sessions: each statement takes its list as one parameter
// (dialect.ts inIdList), prepared once per handle instead of built per set.
/** A set of sessions, locked for the transaction, in id order. */
const dueRowsLocked = prepared('exam.due_rows_locked', (db, name) => {
  const e = tablesFor(db, 'exam').examSessions;
  const columns = { id: e.id, candidateId: e.candidateId, sittingPartId: e.sittingPartId, status: e.status, deadline: e.deadline, pausedAt: e.pausedAt };
  return forUpdate(db, db.select(columns).from(e).where(inIdList(db, e.id, 'ids')).orderBy(asc(e.id))).prepare(name);
});
/** The exactly-once end of a set at their own deadlines: only rows still in_progress change. */
const endListAtDeadline = prepared('exam.end_list_at_deadline', (db, name) => {
  const e = tablesFor(db, 'exam').examSessions;
  return db
    .update(e)
    .set({ status: 'ended', endedAt: sql`${e.deadline}`, endReason: 'deadline' })
    .where(and(inIdList(db, e.id, 'ids'), eq(e.status, 'in_progress')))
    .returning({ id: e.id })
    .prepare(name);
});
const answersOfList = prepared('exam.answers_of_sessions', (db, name) => {
  const { answers } = tablesFor(db, 'exam');
  return db.select({ sessionId: answers.sessionId, paperItemId: answers.paperItemId, responseJson: answers.responseJson, revision: answers.revision }).from(answers).where(inIdList(db, answers.sessionId, 'ids')).prepare(name);
});

/** The session locked until `tx` ends (FOR UPDATE on PostgreSQL): what another feature's change of the session's evidence takes first. */
export async function lockedSession(tx: Db, id: number): Promise<SessionRow | undefined> {
  const [row] = await sessionLocked(tx).execute({ id });
  return row;
}

/** The candidate's session of the part, if any (a start reads it; so does the review panel). */
export async function sessionOfPart(db: Db, candidateId: number, sittingPartId: number): Promise<SessionRow | undefined> {
  const [row] = await sessionOfCandidate(db).execute({ candidateId, sittingPartId });
  return row;
}

/**
 * The part rows each transaction holds (by its handle): a group commit's batch of starts of one part
 * takes the part's lock once, and it is held until that transaction ends. A write run in a savepoint
 * of its own (a replayed batch, SQLite) has a handle of its own, so it takes the lock itself.
 */
const partsHeld = new WeakMap<Db, Map<number, PartRow | undefined>>();

/** Sessions a sweep may end, oldest deadline first (served by the index exam_sessions_status_deadline). */
const dueQuery = (db: Db, now: number, limit: number, skip: readonly number[]) => {
  const { examSessions } = tablesFor(db, 'exam');
  return db
    .select({ id: examSessions.id })
    .from(examSessions)
    .where(and(eq(examSessions.status, 'in_progress'), isNull(examSessions.pausedAt), lte(examSessions.deadline, now), skip.length > 0 ? notInArray(examSessions.id, [...skip]) : undefined))
    .orderBy(asc(examSessions.deadline), asc(examSessions.id))
    .limit(limit);
};

/**
 * All SQL of the exam feature (but late sync's own table), and what it reads of other features'
 * tables through their owners' ports (`owners`, ports.ts); the service above it speaks only in rows
 * and values. Make one from the `tx` of a transaction to run inside it (docs/cluster.md §1): the
 * owners' reads and locks then run in that transaction too.
 */
export function createExamDal(db: Db, owners: ExamOwners) {
  const t = tablesFor(db, 'exam');
  const planning = () => owners.planning(db);
  const candidates = () => owners.candidates(db);
  const papers = () => owners.papers(db);
  return {
    candidateByUser: async (userId: number) => candidates().ofUser(userId),
    /** Locks the candidate's row: two starts of different parts on two nodes take turns. */
    lockCandidate: async (candidateId: number): Promise<void> => candidates().lock(candidateId),
    userIdOfCandidate: async (candidateId: number): Promise<number | undefined> => candidates().userIdOf(candidateId),
    /** The part, with when its sitting opens. */
    partWithStart: async (id: number) => planning().partWithStart(id),
    async sittingPart(id: number) {
      const [row] = await planning().parts([id]);
      return row;
    },
    /** The part's row, held against papers' assignPaper until the transaction ends (once per transaction). */
    async sittingPartHeld(id: number) {
      let held = partsHeld.get(db);
      if (!held) partsHeld.set(db, (held = new Map()));
      if (!held.has(id)) held.set(id, await planning().partHeld(id));
      return held.get(id);
    },
    sittingWithOccupation: async (sittingId: number) => planning().sittingWithOccupation(sittingId),
    partsOfSitting: async (sittingId: number) => planning().partsOfSitting(sittingId),
    itemCounts: async (paperIds: readonly number[]) => papers().itemCounts(paperIds),
    sessionFor: async (candidateId: number, sittingPartId: number) => sessionOfPart(db, candidateId, sittingPartId),
    /** The sessions of these candidates of these parts, in one query (the starts arriving together). */
    async sessionsOfCandidates(candidateIds: readonly number[], sittingPartIds: readonly number[]) {
      if (candidateIds.length === 0 || sittingPartIds.length === 0) return [];
      return db
        .select()
        .from(t.examSessions)
        .where(and(idIn(db, t.examSessions.candidateId, candidateIds), idIn(db, t.examSessions.sittingPartId, sittingPartIds)));
    },
    async session(id: number) {
      const [row] = await sessionById(db).execute({ id });
      return row;
    },
    /** The session, locked until the transaction ends (FOR UPDATE on PostgreSQL): finalising and retiming. */
    async sessionLocked(id: number) {
      const [row] = await sessionLocked(db).execute({ id });
      return row;
    },
    /** The new session, or undefined when the candidate already has one for the part. */
    async insertRunningSession(values: { candidateId: number; sittingPartId: number; startedAt: number; deadline: number; plannedExtraMinutes: number }) {
      const [row] = await insertRunning(db).execute(values);
      return row;
    },
    async answersOf(sessionId: number) {
      return answersBySession(db).execute({ sessionId });
    },
    upsertAnswer: async (v: AnswerValues) => answerWrites.upsertAnswer(db, v),
    /** Ends the session only if it is still running; returns whether this call ended it. */
    async endSession(id: number, endedAt: number, endReason: EndReason): Promise<boolean> {
      return (await endRunning(db).execute({ id, endedAt, endReason })).length === 1;
    },
    async insertScore(values: ScoreValues): Promise<void> {
      await insertScoreRow(db).execute(values);
    },
    async scoreOf(sessionId: number) {
      const [row] = await db.select().from(t.scores).where(eq(t.scores.sessionId, sessionId));
      return row;
    },
    /** Many sessions, locked until the transaction ends, in id order (two finalisers of overlapping sets wait, never deadlock). */
    async sessionsLocked(ids: readonly number[]): Promise<DueRow[]> {
      if (ids.length === 0) return [];
      return dueRowsLocked(db).execute({ ids: idList(db, ids) });
    },
    /** Ends, at their own deadlines, those of `ids` still running; returns the ids this call ended. */
    async endAtDeadline(ids: readonly number[]): Promise<number[]> {
      if (ids.length === 0) return [];
      const rows = await endListAtDeadline(db).execute({ ids: idList(db, ids) });
      return rows.map((r) => r.id);
    },
    /** The answers of many sessions, as scoring needs them. */
    async answersOfSessions(ids: readonly number[]) {
      if (ids.length === 0) return [];
      return answersOfList(db).execute({ ids: idList(db, ids) });
    },
    async insertScores(rows: readonly ScoreValues[]): Promise<void> {
      await insertScoreRows(db, rows);
    },
    /** One read through tickets' port for the whole set (on PostgreSQL one round trip, not one per candidate). */
    async userIdsOfCandidates(ids: readonly number[]): Promise<Map<number, number>> {
      return candidates().userIdsOf(ids);
    },
    async answeredItems(sessionIds: readonly number[]): Promise<{ sessionId: number; itemId: number }[]> {
      if (sessionIds.length === 0) return [];
      return db
        .select({ sessionId: t.answers.sessionId, itemId: t.answers.paperItemId })
        .from(t.answers)
        .where(and(inArray(t.answers.sessionId, [...sessionIds]), isNotNull(t.answers.responseJson)));
    },
    async runningSessions() {
      return db
        .select({ id: t.examSessions.id, deadline: t.examSessions.deadline, pausedAt: t.examSessions.pausedAt })
        .from(t.examSessions)
        .where(eq(t.examSessions.status, 'in_progress'))
        .orderBy(asc(t.examSessions.id));
    },
    /** Whether any running, unpaused session is past its deadline: the sweep's cheap look before it locks. */
    async anyDue(now: number, skip: readonly number[] = []): Promise<boolean> {
      return (await dueQuery(db, now, 1, skip)).length > 0;
    },
    /**
     * Due sessions, locked for this transaction; rows another node's sweep or finaliser holds are
     * skipped (SKIP LOCKED), so sweeping nodes take disjoint sessions. Only inside a transaction.
     */
    async lockDue(now: number, limit: number, skip: readonly number[] = []): Promise<number[]> {
      return (await forUpdate(db, dueQuery(db, now, limit, skip), { skipLocked: true })).map((r) => r.id);
    },
    /** Pause (pausedAt set) or resume (pausedAt null, deadline moved) a running session. */
    async setPauseAndDeadline(id: number, pausedAt: number | null, deadline: number): Promise<boolean> {
      const rows = await db
        .update(t.examSessions)
        .set({ pausedAt, deadline })
        .where(and(eq(t.examSessions.id, id), eq(t.examSessions.status, 'in_progress')))
        .returning({ id: t.examSessions.id });
      return rows.length === 1;
    },
    /** A proctor's extra time, counted apart from the planned (the results export shows both). */
    async addIncidentExtra(id: number, minutes: number): Promise<void> {
      await db
        .update(t.examSessions)
        .set({ incidentExtraMinutes: sql`${t.examSessions.incidentExtraMinutes} + ${minutes}` })
        .where(eq(t.examSessions.id, id));
    },
    /** A no-show (缺考): an ended session that never started, so the part has a recorded outcome. */
    async insertAbsentSession(candidateId: number, sittingPartId: number, endedAt: number) {
      const [row] = await db
        .insert(t.examSessions)
        .values({ candidateId, sittingPartId, status: 'ended', endedAt, endReason: 'absent' })
        .onConflictDoNothing()
        .returning({ id: t.examSessions.id });
      return row;
    },
    /**
     * Once the start holds the candidate's row: their session of this part, if any, and the kind of
     * another part of theirs running (read from planning only then: a refusal).
     */
    async startCheck(candidateId: number, sittingPartId: number): Promise<{ session: SessionRow | undefined; otherRunning: PartRow['part'] | undefined }> {
      const rows = await sessionsForStart(db).execute({ candidateId, sittingPartId });
      const session = rows.find((r) => r.sittingPartId === sittingPartId);
      const other = rows.find((r) => r.sittingPartId !== sittingPartId);
      return { session, otherRunning: other && (await planning().parts([other.sittingPartId]))[0]?.part };
    },
    /** Pass the transaction of the change audited, so the entry commits with it or not at all. */
    audit: (entry: AuditEntry): Promise<void> => appendAuditPrepared(db, entry),
  };
}
export type ExamDal = ReturnType<typeof createExamDal>;
