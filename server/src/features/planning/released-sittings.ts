import { sql } from 'drizzle-orm';
import { tablesFor } from '../../core/db/owners.ts';
import type { Db } from '../../core/db/store.ts';

/** Sittings whose every part has released results, with the last release (registration's retention of identity documents counts from it). */
export async function releasedSittings(db: Db): Promise<{ sittingId: number; releasedAt: number }[]> {
  const { sittingParts } = tablesFor(db, 'planning');
  const rows = await db
    .select({
      sittingId: sittingParts.sittingId,
      releasedAt: sql<number | null>`max(${sittingParts.resultsReleasedAt})`.mapWith((v) => (v === null ? null : Number(v))),
      open: sql<number>`sum(case when ${sittingParts.resultsReleasedAt} is null then 1 else 0 end)`.mapWith(Number),
    })
    .from(sittingParts)
    .groupBy(sittingParts.sittingId);
  return rows.flatMap(({ sittingId, releasedAt, open }) => (open === 0 && releasedAt !== null ? [{ sittingId, releasedAt }] : []));
}
