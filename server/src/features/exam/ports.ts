import type { candidates, occupations, paperItems, papers, sittingParts, sittings } from '../../core/db/pg-schema.ts';
import type { Db } from '../../core/db/store.ts';
import type { MaybePromise } from '../../core/maybe-promise.ts';

export type PartRow = typeof sittingParts.$inferSelect;
export type PaperItemRow = typeof paperItems.$inferSelect;

/** Planning's sittings and parts, as exam reads them (planning/sitting-parts.ts). */
export type ExamPlanning = {
  /** A start reads the part and when its sitting opens together. */
  partWithStart(id: number): MaybePromise<(PartRow & { sittingStartsAt: number }) | undefined>;
  parts(ids: readonly number[]): MaybePromise<PartRow[]>;
  partsOfSitting(sittingId: number): MaybePromise<PartRow[]>;
  /** Inside a transaction: the part held (FOR KEY SHARE) against papers' assignPaper until it ends. */
  partHeld(id: number): MaybePromise<PartRow | undefined>;
  /** Inside a transaction: the part locked (FOR UPDATE) while its paper is assigned. */
  lockPart(id: number): MaybePromise<boolean>;
  setPaper(id: number, paperId: number): MaybePromise<boolean>;
  partForPaper(id: number): MaybePromise<{ part: PartRow['part']; level: number; sittingName: string } | undefined>;
  sittingWithOccupation(sittingId: number): MaybePromise<{ sitting: typeof sittings.$inferSelect; occupation: typeof occupations.$inferSelect } | undefined>;
};

/** Tickets' candidates, as exam reads them (tickets/candidates.ts). */
export type ExamCandidates = {
  ofUser(userId: number): MaybePromise<typeof candidates.$inferSelect | undefined>;
  ofUsers(userIds: readonly number[]): MaybePromise<(typeof candidates.$inferSelect)[]>;
  /** Inside a transaction: two starts of different parts on two nodes take turns on the candidate's row. */
  lock(id: number): MaybePromise<void>;
  userIdOf(id: number): MaybePromise<number | undefined>;
  /** Logins of many candidates in one read (a deadline tells thousands); those without one are left out. */
  userIdsOf(ids: readonly number[]): MaybePromise<Map<number, number>>;
};

/** Papers' papers and items (papers/paper-items.ts): exam keeps each paper per node once read. */
export type ExamPapers = {
  paper(id: number): MaybePromise<typeof papers.$inferSelect | undefined>;
  /** By position. */
  itemsOf(on: Db, paperId: number): MaybePromise<PaperItemRow[]>;
  itemCounts(paperIds: readonly number[]): MaybePromise<Map<number, number>>;
};

/**
 * The owners of the tables exam reads but does not own (core/db/owners.ts), made from any `Db` so a
 * read inside a transaction goes through its `tx` (and its locks hold until the transaction ends).
 * app.ts hands in planning's `createSittingParts`, tickets' `createCandidates`, papers' `createPaperItems`.
 */
export type ExamOwners = {
  planning(db: Db): ExamPlanning;
  candidates(db: Db): ExamCandidates;
  papers(db: Db): ExamPapers;
};
