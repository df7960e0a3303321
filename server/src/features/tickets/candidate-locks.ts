import { asc, eq } from 'drizzle-orm';
import { forKeyShare, forUpdate } from '../../core/db/dialect.ts';
import { tablesFor } from '../../core/db/owners.ts';
import type { Db } from '../../core/db/store.ts';

/**
 * A candidate's row as the lock that orders what other features keep about them (planned
 * accommodations, identity photos): taken in the caller's transaction and held until it ends
 * (PostgreSQL; SQLite holds its only write lock already). Each answers whether the candidate exists.
 */
export const candidateLocks = {
  async exists(db: Db, id: number): Promise<boolean> {
    const { candidates } = tablesFor(db, 'tickets');
    return (await db.select({ id: candidates.id }).from(candidates).where(eq(candidates.id, id))).length > 0;
  },
  /** For update: changes about the candidate take turns. */
  async lock(tx: Db, id: number): Promise<boolean> {
    const { candidates } = tablesFor(tx, 'tickets');
    return (await forUpdate(tx, tx.select({ id: candidates.id }).from(candidates).where(eq(candidates.id, id)))).length > 0;
  },
  /** Shared: a reader waits for a change (a purge) in progress, and readers do not wait on each other. */
  async share(tx: Db, id: number): Promise<boolean> {
    const { candidates } = tablesFor(tx, 'tickets');
    return (await forKeyShare(tx, tx.select({ id: candidates.id }).from(candidates).where(eq(candidates.id, id)))).length > 0;
  },
  /** Every candidate of a sitting, locked for update in id order; their ids. */
  async lockSitting(tx: Db, sittingId: number): Promise<number[]> {
    const { candidates } = tablesFor(tx, 'tickets');
    return (await forUpdate(tx, tx.select({ id: candidates.id }).from(candidates).where(eq(candidates.sittingId, sittingId)).orderBy(asc(candidates.id)))).map((r) => r.id);
  },
};
export type CandidateLocks = typeof candidateLocks;
