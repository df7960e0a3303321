import type { Db, Tables } from '../../core/db/store.ts';
import type { MaybePromise } from '../../core/maybe-promise.ts';

/**
 * What results reads (and, for a release or a regrade, writes) of the features that own the data:
 * results owns no table (issue #16, core/db/owners.ts). Wired in server/src/app.ts. A method that
 * takes part in a transaction takes the caller's `tx` first (`db` when it serves both).
 */
export type ResultsPorts = {
  planning: ResultsPlanning;
  candidates: ResultsCandidates;
  sessions: ResultsSessions;
  papers: ResultsPapers;
};

type Row<T extends keyof Tables> = Tables[T]['$inferSelect'];
export type ResultsPart = Pick<Row<'sittingParts'>, 'id' | 'sittingId' | 'part' | 'durationMinutes' | 'passScore' | 'paperId' | 'resultsReleasedAt'>;
/** `label`: the sitting named with its plan, as every list names it. */
export type ResultsSitting = Pick<Row<'sittings'>, 'id' | 'name' | 'level' | 'startsAt'> & { label: string };

/** Planning: sittings, their parts, and the release mark on a part. */
export type ResultsPlanning = {
  /** Every part with its sitting, by sitting then part. */
  partsWithSittings(): MaybePromise<{ part: ResultsPart; sitting: ResultsSitting }[]>;
  part(id: number): MaybePromise<ResultsPart | undefined>;
  sitting(id: number): MaybePromise<ResultsSitting | undefined>;
  /** By part id. */
  partsOfSitting(sittingId: number): MaybePromise<ResultsPart[]>;
  /** By part id. */
  partsUsingPaper(tx: Db, paperId: number): MaybePromise<ResultsPart[]>;
  /** Marks the part released unless it is already (two admins at once: one gets true). */
  releasePart(tx: Db, partId: number, at: number): MaybePromise<boolean>;
  /** Marks every part of the sitting not yet released; the ids it marked. */
  releaseSitting(tx: Db, sittingId: number, at: number): MaybePromise<number[]>;
};

export type ResultsCandidate = Pick<Row<'candidates'>, 'id' | 'ticketNo' | 'name' | 'idNumber'>;

/** Tickets: who sits a sitting. */
export type ResultsCandidates = {
  /** By ticket number. */
  ofSitting(sittingId: number): MaybePromise<ResultsCandidate[]>;
  /** Candidates seated per sitting (sittings without any are left out). */
  countsBySitting(sittingIds: readonly number[]): MaybePromise<Map<number, number>>;
};

export type ResultsScore = Pick<Row<'scores'>, 'score' | 'passed' | 'rawPoints' | 'detailJson'>;
export type ResultsSession = Pick<Row<'examSessions'>, 'candidateId' | 'sittingPartId' | 'status' | 'endReason' | 'lateSyncAt' | 'plannedExtraMinutes' | 'incidentExtraMinutes'> & {
  sessionId: number;
  score: ResultsScore | null;
};
export type ResultsAnswer = Pick<Row<'answers'>, 'paperItemId' | 'responseJson' | 'revision'>;
export type ScoreUpdate = Pick<Row<'scores'>, 'rawPoints' | 'maxPoints' | 'score' | 'passed' | 'detailJson' | 'scoredAt'>;

/** Exam: sessions of parts with their scores, the answers a regrade reads, the score it rewrites. */
export type ResultsSessions = {
  /** Sessions of these parts, each with its score (null while unscored), by session id. */
  ofParts(db: Db, partIds: readonly number[]): MaybePromise<ResultsSession[]>;
  /** Per part: sessions ended, and scores passed. */
  counts(partIds: readonly number[]): MaybePromise<Map<number, { ended: number; passed: number }>>;
  /** The answers of each of these sessions (a session without answers is left out). */
  answersOf(tx: Db, sessionIds: readonly number[]): MaybePromise<Map<number, ResultsAnswer[]>>;
  updateScore(tx: Db, sessionId: number, values: ScoreUpdate): MaybePromise<void>;
};

export type ResultsPaper = Pick<Row<'papers'>, 'id' | 'multiRule'>;
export type ResultsPaperItem = Pick<Row<'paperItems'>, 'id' | 'paperId' | 'position' | 'type' | 'points' | 'optionsJson' | 'answerKeyJson'>;

/** Papers: the paper and its items, and the answer key a correction rewrites. */
export type ResultsPapers = {
  paper(id: number): MaybePromise<ResultsPaper | undefined>;
  item(id: number): MaybePromise<ResultsPaperItem | undefined>;
  /** The item's row, locked until the transaction ends: two key corrections of one item take turns. */
  lockItem(tx: Db, id: number): MaybePromise<ResultsPaperItem | undefined>;
  /** By position. */
  itemsOf(db: Db, paperId: number): MaybePromise<ResultsPaperItem[]>;
  setKey(tx: Db, itemId: number, key: readonly string[]): MaybePromise<void>;
};
