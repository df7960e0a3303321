import { inArray } from 'drizzle-orm';
import { tablesFor } from '../../core/db/owners.ts';
import type { Db } from '../../core/db/store.ts';

/** Whose application is which, for the audit log's names (issue #16: registration owns the table; wired in app.ts). */
export function createApplicationOwners(db: Db) {
  const { applications } = tablesFor(db, 'registration');
  return {
    async byIds(ids: readonly number[]) {
      return ids.length === 0 ? [] : db.select({ id: applications.id, userId: applications.userId }).from(applications).where(inArray(applications.id, [...new Set(ids)]));
    },
  };
}
