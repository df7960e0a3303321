import type { Db } from '../../core/db/store.ts';
import type { MaybePromise } from '../../core/maybe-promise.ts';

/**
 * What planning needs of other features' rows (issue #16: no feature reads another's tables), handed
 * in at wiring (server/src/app.ts). Each call takes planning's handle first: inside a transaction
 * that is its `tx`, so reads and writes happen behind the sitting's (or part's) row lock it holds.
 */

type Holder = { id: number; sittingId: number; ticketNo: string; name: string; room: string; seat: string };

/** The tickets feature's candidates: who sits where. */
export type Seats = {
  taken(db: Db, sittingId: number): MaybePromise<{ id: number; room: string; seat: string }[]>;
  /** In seating order (room, then seat, byte order). */
  seated(db: Db, sittingId: number): MaybePromise<{ id: number; ticketNo: string; name: string; room: string; seat: string }[]>;
  ofSittings(db: Db, sittingIds: readonly number[]): MaybePromise<{ id: number; name: string; idNumber: string | null; ticketNo: string }[]>;
  candidate(db: Db, id: number): MaybePromise<Holder | undefined>;
  /** The candidate's row locked until `tx` ends; whether there is one. */
  lock(tx: Db, id: number): MaybePromise<boolean>;
  renameRoom(tx: Db, sittingId: number, from: string, to: string): MaybePromise<number>;
  move(tx: Db, id: number, room: string, seat: string): MaybePromise<void>;
};

/** The tickets feature's candidate directory (tickets/candidate-directory.ts), on the root handle. */
export type CandidateDirectory = {
  countsBySitting(sittingIds: readonly number[]): MaybePromise<Map<number, number>>;
  byTicketNos(ticketNos: readonly string[]): MaybePromise<{ id: number; ticketNo: string; name: string }[]>;
};

/** The exam feature's sessions: a part or candidate that has begun. */
export type StartedParts = {
  countByPart(db: Db, partIds: readonly number[]): MaybePromise<Map<number, number>>;
  candidatesStarted(db: Db, candidateIds: readonly number[]): MaybePromise<Set<number>>;
};

/** The proctor feature's assignments (keyed by room name) and admissions. */
export type RoomProctors = {
  rooms(db: Db, sittingId: number): MaybePromise<string[]>;
  proctorsOf(db: Db, sittingId: number, room: string): MaybePromise<number[]>;
  renameRoom(tx: Db, sittingId: number, from: string, to: string): MaybePromise<number>;
  removeRoom(tx: Db, sittingId: number, room: string): MaybePromise<void>;
  admitted(db: Db, candidateIds: readonly number[]): MaybePromise<Set<number>>;
};
