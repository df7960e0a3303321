import { asc, count, eq, inArray } from 'drizzle-orm';
import { tablesFor } from '../../core/db/owners.ts';
import type { Db } from '../../core/db/store.ts';

/**
 * Who sits which sitting, for the features that list candidates but own none of their rows (results,
 * the review panel, the audit log's names): issue #16, wired in app.ts. Bulk reads take lists of ids.
 */
export function createCandidateDirectory(db: Db) {
  const { candidates } = tablesFor(db, 'tickets');
  const columns = { id: candidates.id, sittingId: candidates.sittingId, ticketNo: candidates.ticketNo, name: candidates.name, idNumber: candidates.idNumber };
  return {
    /** By ticket number. */
    async ofSitting(sittingId: number) {
      return db.select(columns).from(candidates).where(eq(candidates.sittingId, sittingId)).orderBy(asc(candidates.ticketNo));
    },
    async byIds(ids: readonly number[]) {
      return ids.length === 0 ? [] : db.select(columns).from(candidates).where(inArray(candidates.id, [...new Set(ids)]));
    },
    async byTicketNos(ticketNos: readonly string[]) {
      return ticketNos.length === 0 ? [] : db.select(columns).from(candidates).where(inArray(candidates.ticketNo, [...new Set(ticketNos)]));
    },
    /** Candidates seated per sitting (sittings without any are left out). */
    async countsBySitting(sittingIds: readonly number[]): Promise<Map<number, number>> {
      if (sittingIds.length === 0) return new Map();
      const rows = await db.select({ sittingId: candidates.sittingId, n: count() }).from(candidates).where(inArray(candidates.sittingId, [...sittingIds])).groupBy(candidates.sittingId);
      return new Map(rows.map((r) => [r.sittingId, r.n]));
    },
  };
}
export type CandidateDirectory = ReturnType<typeof createCandidateDirectory>;
