import { eq, inArray } from 'drizzle-orm';
import { tablesFor } from '../../core/db/owners.ts';
import type { Db } from '../../core/db/store.ts';

/**
 * Accounts as the features that give staff duties read them (grading's port, wired in app.ts): who
 * they are, their role and whether disabled. Each call takes the caller's handle, so a check made
 * inside a transaction reads through its `tx`.
 */
export const accountRows = {
  async byIds(db: Db, ids: readonly number[]) {
    if (ids.length === 0) return [];
    const { users } = tablesFor(db, 'auth');
    return db
      .select({ id: users.id, login: users.login, role: users.role, disabledAt: users.disabledAt })
      .from(users)
      .where(inArray(users.id, [...new Set(ids)]));
  },
  /** The account with exactly this login. */
  async byLogin(db: Db, login: string) {
    const { users } = tablesFor(db, 'auth');
    const [row] = await db.select({ id: users.id, login: users.login, role: users.role, disabledAt: users.disabledAt }).from(users).where(eq(users.login, login));
    return row;
  },
};
