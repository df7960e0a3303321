import type { EndReason } from '@shared/domain.ts';
import type { auditLog, rooms, sittingParts, users } from '../../core/db/pg-schema.ts';
import type { Db } from '../../core/db/store.ts';
import type { MaybePromise } from '../../core/maybe-promise.ts';

/** A candidate as the console knows them (tickets owns candidates). */
export type CandidateRef = { id: number; userId: number; sittingId: number; room: string; seat: string; name: string; ticketNo: string };

/** Tickets' candidates, as the console reads them (tickets/candidates.ts). */
export type ProctorCandidates = {
  refs(ids: readonly number[]): MaybePromise<CandidateRef[]>;
  inRoom(sittingId: number, room: string): MaybePromise<CandidateRef[]>;
  ofUser(userId: number): MaybePromise<{ id: number } | undefined>;
  userIdsOfSitting(sittingId: number): MaybePromise<number[]>;
  /** Inside a transaction: the candidate's row locked until it ends (their signals are counted in turn). */
  lock(id: number): MaybePromise<void>;
  seatedRooms(sittingIds: readonly number[] | null): MaybePromise<{ sittingId: number; room: string; candidates: number }[]>;
};

/** Planning's sittings, parts and rooms, as the console and staffing read them (planning/sitting-parts.ts, planning/plans.ts). */
export type ProctorPlanning = {
  partsOfSitting(sittingId: number): MaybePromise<(typeof sittingParts.$inferSelect)[]>;
  /** Sittings by id, `label` naming each with its plan. */
  sittings(ids: readonly number[]): MaybePromise<{ id: number; startsAt: number; label: string }[]>;
  sittingExists(id: number): MaybePromise<boolean>;
  roomsOf(sittingId: number): MaybePromise<(typeof rooms.$inferSelect)[]>;
};

/** Exam's sessions, as the grid and the signal policy read them (exam/session-reads.ts). */
export type ProctorSessionReads = {
  ofCandidates(
    candidateIds: readonly number[],
    sittingPartId: number,
  ): MaybePromise<
    {
      id: number;
      candidateId: number;
      status: 'not_started' | 'in_progress' | 'ended';
      deadline: number | null;
      pausedAt: number | null;
      endReason: EndReason | null;
      plannedExtraMinutes: number;
      incidentExtraMinutes: number;
    }[]
  >;
  runningOf(candidateId: number): MaybePromise<{ id: number; pausedAt: number | null; sittingPartId: number } | undefined>;
};

/** The audit log read back (audit/audit-entries.ts): the room's action history. */
export type ProctorAuditEntries = {
  ofSitting(actionPrefix: string, sittingId: number): MaybePromise<(typeof auditLog.$inferSelect)[]>;
};

/** Staff accounts by id (auth/user-directory.ts): who may be given a room. */
export type ProctorAccounts = {
  byIds(ids: readonly number[]): MaybePromise<Pick<typeof users.$inferSelect, 'id' | 'login' | 'role' | 'disabledAt'>[]>;
};

/**
 * The owners of the tables the console reads but does not own (core/db/owners.ts), made from any
 * `Db` so a read or lock inside a transaction goes through its `tx`. Wired in app.ts.
 */
export type ProctorOwners = {
  candidates(db: Db): ProctorCandidates;
  planning(db: Db): ProctorPlanning;
  sessions(db: Db): ProctorSessionReads;
  audit(db: Db): ProctorAuditEntries;
  accounts(db: Db): ProctorAccounts;
};
