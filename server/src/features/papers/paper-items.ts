import { asc, inArray } from 'drizzle-orm';
import { tablesFor } from '../../core/db/owners.ts';
import type { Db } from '../../core/db/store.ts';

/**
 * Paper items as other features read them (grading's port, wired in app.ts). Each call takes the
 * caller's handle, so a caller inside a transaction reads through its `tx`.
 */
export const paperItemRows = {
  /** The items of these papers, by paper then position. */
  async ofPapers(db: Db, paperIds: readonly number[]) {
    if (paperIds.length === 0) return [];
    const { paperItems } = tablesFor(db, 'papers');
    return db
      .select()
      .from(paperItems)
      .where(inArray(paperItems.paperId, [...new Set(paperIds)]))
      .orderBy(asc(paperItems.paperId), asc(paperItems.position));
  },
  async byIds(db: Db, ids: readonly number[]) {
    if (ids.length === 0) return [];
    const { paperItems } = tablesFor(db, 'papers');
    return db
      .select()
      .from(paperItems)
      .where(inArray(paperItems.id, [...new Set(ids)]));
  },
};
