import { asc, count, eq, inArray } from 'drizzle-orm';
import { forUpdate } from '../../core/db/dialect.ts';
import { tablesFor } from '../../core/db/owners.ts';
import type { Db } from '../../core/db/store.ts';

/**
 * A paper and its items as results reads them (item analysis, key correction), exam keeps them per
 * node (its paper cache) and the audit log names them, and the answer key a correction rewrites: issue #16, papers owns the tables, wired in app.ts.
 * A method taking `tx` (or `db`) runs on the handle it is given.
 */
export function createPaperItems(db: Db) {
  const { papers, paperItems } = tablesFor(db, 'papers');
  return {
    async paper(id: number) {
      const [row] = await db.select().from(papers).where(eq(papers.id, id));
      return row;
    },
    async item(id: number) {
      const [row] = await db.select().from(paperItems).where(eq(paperItems.id, id));
      return row;
    },
    /** The items of these papers, by paper then position (grading: every sitting's skills tasks). */
    async itemsOfPapers(paperIds: readonly number[]) {
      if (paperIds.length === 0) return [];
      return db
        .select()
        .from(paperItems)
        .where(inArray(paperItems.paperId, [...new Set(paperIds)]))
        .orderBy(asc(paperItems.paperId), asc(paperItems.position));
    },
    /** The item's row, locked until the transaction ends: two key corrections of one item take turns. */
    async lockItem(tx: Db, id: number) {
      const { paperItems } = tablesFor(tx, 'papers');
      const [row] = await forUpdate(tx, tx.select().from(paperItems).where(eq(paperItems.id, id)));
      return row;
    },
    /** By position. */
    async itemsOf(on: Db, paperId: number) {
      const { paperItems } = tablesFor(on, 'papers');
      return on.select().from(paperItems).where(eq(paperItems.paperId, paperId)).orderBy(asc(paperItems.position));
    },
    async setKey(tx: Db, itemId: number, key: readonly string[]): Promise<void> {
      const { paperItems } = tablesFor(tx, 'papers');
      await tx.update(paperItems).set({ answerKeyJson: JSON.stringify(key) }).where(eq(paperItems.id, itemId));
    },
    /** Items per paper, for these papers (exam's overview of a sitting). */
    async itemCounts(paperIds: readonly number[]): Promise<Map<number, number>> {
      if (paperIds.length === 0) return new Map();
      const rows = await db.select({ paperId: paperItems.paperId, n: count() }).from(paperItems).where(inArray(paperItems.paperId, [...new Set(paperIds)])).groupBy(paperItems.paperId);
      return new Map(rows.map((r) => [r.paperId, r.n]));
    },
    /** Item positions on their papers, for the audit log's names. */
    async positions(ids: readonly number[]) {
      return ids.length === 0 ? [] : db.select({ id: paperItems.id, position: paperItems.position }).from(paperItems).where(inArray(paperItems.id, [...new Set(ids)]));
    },
  };
}
export type PaperItems = ReturnType<typeof createPaperItems>;
