import type { EndReason } from '@shared/domain.ts';
import type { Db, Tables } from '../../core/db/store.ts';
import type { MaybePromise } from '../../core/maybe-promise.ts';

export type PaperItemRow = Tables['paperItems']['$inferSelect'];
export type SittingPartRow = Pick<Tables['sittingParts']['$inferSelect'], 'id' | 'sittingId' | 'part' | 'paperId' | 'passScore'>;
export type ScriptSession = Pick<Tables['examSessions']['$inferSelect'], 'id' | 'sittingPartId' | 'status' | 'endReason'>;
export type ScriptScreenshot = Pick<Tables['screenshots']['$inferSelect'], 'id' | 'sessionId' | 'paperItemId' | 'width' | 'height' | 'caption' | 'removedAt' | 'sha256' | 'mimeType' | 'bytes'>;
export type Account = Pick<Tables['users']['$inferSelect'], 'id' | 'login' | 'role' | 'disabledAt'>;

/** Papers' items (papers/paper-items.ts): the tasks are skills papers' items. */
export type GradingPapers = {
  item(id: number): MaybePromise<PaperItemRow | undefined>;
  /** By paper, then position. */
  itemsOfPapers(paperIds: readonly number[]): MaybePromise<PaperItemRow[]>;
};

/** Planning's parts and sittings (planning/sitting-parts.ts): the skills parts the tasks are sat in. */
export type GradingPlanning = {
  /** Every part with its sitting (`label`: named with its plan). */
  partsWithSittings(): MaybePromise<{ part: SittingPartRow; sitting: { id: number; label: string } }[]>;
  part(id: number): MaybePromise<SittingPartRow | undefined>;
  partsOfSitting(sittingId: number): MaybePromise<SittingPartRow[]>;
  /** By id; `on` is the handle it reads through (the one the port was made from). */
  partsUsingPaper(on: Db, paperId: number): MaybePromise<SittingPartRow[]>;
  sitting(id: number): MaybePromise<object | undefined>;
};

/** Exam's sessions and answers (exam/part-sessions.ts): a gradable session is a candidate's script. */
export type GradingSessions = {
  /** In id order. */
  endedOfPart(sittingPartId: number, endReasons: readonly EndReason[]): MaybePromise<number[]>;
  byIds(ids: readonly number[]): MaybePromise<ScriptSession[]>;
  /** Each session's answers; `on` is the handle it reads through (the one the port was made from). */
  answersOf(on: Db, sessionIds: readonly number[]): MaybePromise<Map<number, { paperItemId: number; responseJson: string | null }[]>>;
};

/** Exam's part scores (exam/part-scores.ts): grading writes the skills part's score once every task is resolved. */
export type GradingScores = {
  has(sessionId: number): MaybePromise<boolean>;
  /** Deletes the session's score, returning what it was. */
  take(sessionId: number): MaybePromise<{ score: number; passed: boolean } | undefined>;
  /** false when the part was scored already. */
  insert(values: Omit<Tables['scores']['$inferInsert'], 'id'>): MaybePromise<boolean>;
};

/** Evidence's screenshots (evidence/script-evidence.ts). */
export type GradingEvidence = {
  ofScript(sessionId: number, paperItemId: number): MaybePromise<ScriptScreenshot[]>;
  screenshot(id: number): MaybePromise<ScriptScreenshot | undefined>;
};

/** Auth's accounts (auth/user-directory.ts): graders and arbitrators named on tasks. */
export type GradingUsers = {
  byIds(ids: readonly number[]): MaybePromise<Account[]>;
  /** Exactly this login. */
  byLogin(login: string): MaybePromise<Account | undefined>;
};

/**
 * The owners of the tables grading reads or writes but does not own (core/db/owners.ts), each made
 * from any `Db`: grading makes them from its transaction's `tx`, so those reads and the part score's
 * writes are in that transaction, under its task and script locks. Wired in app.ts.
 */
export type GradingOwners = {
  papers(db: Db): GradingPapers;
  planning(db: Db): GradingPlanning;
  sessions(db: Db): GradingSessions;
  scores(tx: Db): GradingScores;
  evidence(db: Db): GradingEvidence;
  users(db: Db): GradingUsers;
};
