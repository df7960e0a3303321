import type { EndReason, PartKind } from '@shared/domain.ts';
import type { Db, Tables } from '../../core/db/store.ts';
import type { MaybePromise } from '../../core/maybe-promise.ts';

export type PaperItemRow = Tables['paperItems']['$inferSelect'];
export type SittingPartRow = Pick<Tables['sittingParts']['$inferSelect'], 'id' | 'sittingId' | 'paperId' | 'passScore'>;
export type ScriptSession = Pick<Tables['examSessions']['$inferSelect'], 'id' | 'sittingPartId' | 'status' | 'endReason'>;
export type ScriptScreenshot = Pick<Tables['screenshots']['$inferSelect'], 'id' | 'sessionId' | 'paperItemId' | 'width' | 'height' | 'caption' | 'removedAt' | 'sha256' | 'mimeType' | 'bytes'>;
export type Account = Pick<Tables['users']['$inferSelect'], 'id' | 'login' | 'role' | 'disabledAt'>;

/**
 * What grading reads and writes of other features' tables (issue #16: each table has one owner),
 * handed in at wiring (app.ts). A method taking `db` is called with grading's handle, or inside a
 * transaction with its `tx`, so reads and the part score's writes stay under grading's task and
 * script locks in that transaction.
 */
export type GradingPorts = {
  /** papers: the tasks are paper items. */
  papers: {
    ofPapers(db: Db, paperIds: readonly number[]): MaybePromise<PaperItemRow[]>;
    byIds(db: Db, ids: readonly number[]): MaybePromise<PaperItemRow[]>;
  };
  /** planning: the skills parts whose papers hold the tasks, and the sittings' names. */
  parts: {
    byIds(db: Db, ids: readonly number[]): MaybePromise<SittingPartRow[]>;
    ofKind(db: Db, part: PartKind, of?: { paperIds?: readonly number[]; sittingIds?: readonly number[] }): MaybePromise<SittingPartRow[]>;
    sittingLabels(db: Db, sittingIds: readonly number[]): MaybePromise<Map<number, string>>;
    sittingExists(sittingId: number): MaybePromise<boolean>;
  };
  /** exam: the ended sessions are the scripts; their answers; the part's score once every task is resolved. */
  sessions: {
    endedOfPart(db: Db, sittingPartId: number, endReasons: readonly EndReason[]): MaybePromise<number[]>;
    byIds(db: Db, ids: readonly number[]): MaybePromise<ScriptSession[]>;
    answer(db: Db, sessionId: number, paperItemId: number): MaybePromise<{ responseJson: string | null } | undefined>;
  };
  scores: {
    has(tx: Db, sessionId: number): MaybePromise<boolean>;
    /** Deletes the session's score, returning what it was. */
    take(tx: Db, sessionId: number): MaybePromise<{ score: number; passed: boolean } | undefined>;
    /** false when the part was scored already. */
    insert(tx: Db, values: Omit<Tables['scores']['$inferInsert'], 'id'>): MaybePromise<boolean>;
  };
  /** evidence: a script's screenshots. */
  evidence: {
    ofScript(sessionId: number, paperItemId: number): MaybePromise<ScriptScreenshot[]>;
    screenshot(id: number): MaybePromise<ScriptScreenshot | undefined>;
  };
  /** auth: the graders and arbitrators named on tasks. */
  accounts: {
    byIds(db: Db, ids: readonly number[]): MaybePromise<Account[]>;
    byLogin(db: Db, login: string): MaybePromise<Account | undefined>;
  };
};
