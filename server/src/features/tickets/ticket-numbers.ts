import { inArray } from 'drizzle-orm';
import { tablesFor } from '../../core/db/owners.ts';
import type { Db } from '../../core/db/store.ts';

/** The admission ticket numbers of these candidates (registration's review queue names them). */
export async function ticketNumbers(db: Db, candidateIds: readonly number[]): Promise<Map<number, string>> {
  if (candidateIds.length === 0) return new Map();
  const { candidates } = tablesFor(db, 'tickets');
  const rows = await db.select({ id: candidates.id, ticketNo: candidates.ticketNo }).from(candidates).where(inArray(candidates.id, [...new Set(candidateIds)]));
  return new Map(rows.map((r) => [r.id, r.ticketNo]));
}
