import type { Db, Tables } from '../../core/db/store.ts';
import type { MaybePromise } from '../../core/maybe-promise.ts';

/**
 * What the review panel reads and writes of the features that own the data (issue #16,
 * core/db/owners.ts), wired in server/src/app.ts. A method that takes part in a transaction takes
 * the caller's `tx` first.
 */
export type ReviewPorts = {
  users: ReviewUsers;
  planning: ReviewPlanning;
  candidates: ReviewCandidates;
  sessions: ReviewSessionsPort;
};

type Row<T extends keyof Tables> = Tables[T]['$inferSelect'];

export type ReviewUser = Pick<Row<'users'>, 'id' | 'login' | 'displayName' | 'role' | 'disabledAt'>;
/** Auth: the accounts named on panels. */
export type ReviewUsers = {
  byIds(ids: readonly number[]): MaybePromise<ReviewUser[]>;
  byLogin(login: string): MaybePromise<ReviewUser | undefined>;
};

/** Planning: the review part and its sitting (`label`: named with its plan). */
export type ReviewPlanning = {
  partWithSitting(id: number): MaybePromise<
    { part: Pick<Row<'sittingParts'>, 'id' | 'part' | 'durationMinutes' | 'passScore'>; sitting: Pick<Row<'sittings'>, 'id' | 'level'> & { label: string } } | undefined
  >;
};

export type ReviewCandidate = Pick<Row<'candidates'>, 'id' | 'sittingId' | 'ticketNo' | 'name'>;
/** Tickets: the sitting's candidates. */
export type ReviewCandidates = {
  /** By ticket number. */
  ofSitting(sittingId: number): MaybePromise<ReviewCandidate[]>;
  byIds(ids: readonly number[]): MaybePromise<ReviewCandidate[]>;
};

export type ReviewSession = Pick<Row<'examSessions'>, 'id' | 'candidateId' | 'status' | 'endReason' | 'startedAt'>;
/** Exam: the review part's sessions, run by the panel, and the part score. */
export type ReviewSessionsPort = {
  /** Each session of these parts with its score (null while unscored). */
  ofParts(db: Db, partIds: readonly number[]): MaybePromise<(Pick<Row<'examSessions'>, 'candidateId' | 'status' | 'startedAt'> & { sessionId: number; score: Pick<Row<'scores'>, 'score' | 'passed'> | null })[]>;
  sessionOf(candidateId: number, sittingPartId: number): MaybePromise<ReviewSession | undefined>;
  /** Locked until the transaction ends: members scoring at once (and the chair ending) take turns. */
  lock(tx: Db, sessionId: number): MaybePromise<ReviewSession | undefined>;
  /** undefined when the candidate has a session already (the unique candidate/part index decides). */
  start(tx: Db, candidateId: number, sittingPartId: number, now: number): MaybePromise<{ id: number } | undefined>;
  /** Ends a running session; false when it was not running (any more). */
  end(tx: Db, sessionId: number, now: number, endReason: 'submitted' | 'absent'): MaybePromise<boolean>;
  /** false when the part was scored already (scores.session_id is unique). */
  insertScore(tx: Db, values: Omit<Tables['scores']['$inferInsert'], 'id'>): MaybePromise<boolean>;
  hasScore(tx: Db, sessionId: number): MaybePromise<boolean>;
};
