import { inArray } from 'drizzle-orm';
import { tablesFor } from '../../core/db/owners.ts';
import type { Db } from '../../core/db/store.ts';

/** What another feature reads of accounts by id (staffing: who may be given a duty). */
export function createAccounts(db: Db) {
  const { users } = tablesFor(db, 'auth');
  return {
    async byIds(ids: readonly number[]) {
      return ids.length === 0 ? [] : db.select({ id: users.id, login: users.login, role: users.role, disabledAt: users.disabledAt }).from(users).where(inArray(users.id, [...ids]));
    },
  };
}
export type Accounts = ReturnType<typeof createAccounts>;
