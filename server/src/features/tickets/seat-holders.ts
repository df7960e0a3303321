import { and, asc, eq, inArray } from 'drizzle-orm';
import { byteOrder } from '../../core/db/dialect.ts';
import { tablesFor } from '../../core/db/owners.ts';
import type { Db } from '../../core/db/store.ts';
import { candidateLocks } from './candidate-locks.ts';

/**
 * The seats candidates hold, as planning reads and changes them (rooms, seating list, roster
 * import, accommodations; names and counts are candidate-directory.ts): tickets owns the candidates' rows, planning the sittings and rooms they
 * are seated in. Every call takes the caller's handle, so reads and moves made inside planning's
 * transaction (behind the sitting's row lock) happen inside it.
 */
export const seatHolders = {
  /** The seats given out in a sitting. */
  async taken(db: Db, sittingId: number) {
    const { candidates } = tablesFor(db, 'tickets');
    return db.select({ id: candidates.id, room: candidates.room, seat: candidates.seat }).from(candidates).where(eq(candidates.sittingId, sittingId));
  },
  /** A sitting's candidates in seating order (room, then seat, in byte order on both stores). */
  async seated(db: Db, sittingId: number) {
    const { candidates } = tablesFor(db, 'tickets');
    return db
      .select({ id: candidates.id, ticketNo: candidates.ticketNo, name: candidates.name, room: candidates.room, seat: candidates.seat })
      .from(candidates)
      .where(eq(candidates.sittingId, sittingId))
      .orderBy(asc(byteOrder(db, candidates.room)), asc(byteOrder(db, candidates.seat)));
  },
  /** The candidates of these sittings (a plan's), by id. */
  async ofSittings(db: Db, sittingIds: readonly number[]) {
    if (sittingIds.length === 0) return [];
    const { candidates } = tablesFor(db, 'tickets');
    return db
      .select({ id: candidates.id, name: candidates.name, idNumber: candidates.idNumber, ticketNo: candidates.ticketNo })
      .from(candidates)
      .where(inArray(candidates.sittingId, [...sittingIds]))
      .orderBy(asc(candidates.id));
  },
  async candidate(db: Db, id: number) {
    const { candidates } = tablesFor(db, 'tickets');
    const [row] = await db.select(holderColumns(db)).from(candidates).where(eq(candidates.id, id));
    return row;
  },
  /** The candidate's row, locked until the caller's transaction ends; whether there is one. */
  lock: candidateLocks.lock,
  /** Candidates seated in a renamed room follow its new name; how many. */
  async renameRoom(tx: Db, sittingId: number, from: string, to: string): Promise<number> {
    const { candidates } = tablesFor(tx, 'tickets');
    return (await tx.update(candidates).set({ room: to }).where(and(eq(candidates.sittingId, sittingId), eq(candidates.room, from)))).rowCount ?? 0;
  },
  async move(tx: Db, id: number, room: string, seat: string): Promise<void> {
    const { candidates } = tablesFor(tx, 'tickets');
    await tx.update(candidates).set({ room, seat }).where(eq(candidates.id, id));
  },
};
export type SeatHolders = typeof seatHolders;

function holderColumns(db: Db) {
  const { candidates } = tablesFor(db, 'tickets');
  return { id: candidates.id, sittingId: candidates.sittingId, ticketNo: candidates.ticketNo, name: candidates.name, room: candidates.room, seat: candidates.seat };
}
