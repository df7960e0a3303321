import { asc, count, eq, inArray } from 'drizzle-orm';
import { tablesFor } from '../../core/db/owners.ts';
import type { Db } from '../../core/db/store.ts';

/**
 * What the exam feature reads of papers: a paper and its items (kept per node by exam's paper cache),
 * and item counts. Made from any `Db`: inside a transaction, pass its `tx`.
 */
export function createPaperContents(db: Db) {
  const { paperItems, papers } = tablesFor(db, 'papers');
  return {
    async paper(id: number) {
      const [row] = await db.select().from(papers).where(eq(papers.id, id));
      return row;
    },
    async items(paperId: number) {
      return db.select().from(paperItems).where(eq(paperItems.paperId, paperId)).orderBy(asc(paperItems.position));
    },
    async itemCounts(paperIds: readonly number[]): Promise<Map<number, number>> {
      if (paperIds.length === 0) return new Map();
      const rows = await db.select({ paperId: paperItems.paperId, n: count() }).from(paperItems).where(inArray(paperItems.paperId, [...paperIds])).groupBy(paperItems.paperId);
      return new Map(rows.map((r) => [r.paperId, r.n]));
    },
  };
}
export type PaperContents = ReturnType<typeof createPaperContents>;
