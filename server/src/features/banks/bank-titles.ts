import { inArray } from 'drizzle-orm';
import { tablesFor } from '../../core/db/owners.ts';
import type { Db } from '../../core/db/store.ts';

/** Bank titles by id, for the audit log's names (issue #16: banks owns the table; wired in app.ts). */
export function createBankTitles(db: Db) {
  const { banks } = tablesFor(db, 'banks');
  return {
    async byIds(ids: readonly number[]) {
      return ids.length === 0 ? [] : db.select({ id: banks.id, title: banks.title }).from(banks).where(inArray(banks.id, [...new Set(ids)]));
    },
  };
}
