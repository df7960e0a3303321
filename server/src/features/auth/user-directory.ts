import { eq, sql } from 'drizzle-orm';
import { tablesFor } from '../../core/db/owners.ts';
import type { Db } from '../../core/db/store.ts';
import { idIn } from '../../core/db/dialect.ts';

/**
 * Accounts as the features that name or choose people read them (the review panel, the audit log):
 * issue #16, auth owns the table, wired in app.ts. Never the password hash.
 */
export function createUserDirectory(db: Db) {
  const { users } = tablesFor(db, 'auth');
  const columns = { id: users.id, login: users.login, displayName: users.displayName, role: users.role, disabledAt: users.disabledAt };
  return {
    async byIds(ids: readonly number[]) {
      return ids.length === 0 ? [] : db.select(columns).from(users).where(idIn(db, users.id, [...new Set(ids)]));
    },
    /** The account of exactly this login. */
    async byLogin(login: string) {
      const [row] = await db.select(columns).from(users).where(eq(users.login, login));
      return row;
    },
    /** Logins are unique without regard to case (the users_login_nocase index serves this). */
    async idOfLoginAnyCase(login: string): Promise<number | undefined> {
      const [row] = await db.select({ id: users.id }).from(users).where(sql`lower(${users.login}) = ${login.toLowerCase()}`);
      return row?.id;
    },
  };
}
export type UserDirectory = ReturnType<typeof createUserDirectory>;
