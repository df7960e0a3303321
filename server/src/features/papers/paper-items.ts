import { asc, eq, inArray } from 'drizzle-orm';
import { tablesFor } from '../../core/db/owners.ts';
import type { Db } from '../../core/db/store.ts';

/**
 * Paper items as other features read them (grading: the tasks it marks), wired in app.ts. Made from
 * any `Db`: inside a transaction, pass its `tx`.
 */
export function createPaperItems(db: Db) {
  const { paperItems } = tablesFor(db, 'papers');
  return {
    async item(id: number) {
      const [row] = await db.select().from(paperItems).where(eq(paperItems.id, id));
      return row;
    },
    /** The items of these papers, by paper then position. */
    async itemsOfPapers(paperIds: readonly number[]) {
      if (paperIds.length === 0) return [];
      return db
        .select()
        .from(paperItems)
        .where(inArray(paperItems.paperId, [...new Set(paperIds)]))
        .orderBy(asc(paperItems.paperId), asc(paperItems.position));
    },
  };
}
export type PaperItems = ReturnType<typeof createPaperItems>;
