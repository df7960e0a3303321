import { eq, inArray } from 'drizzle-orm';
import { tablesFor } from '../../core/db/owners.ts';
import type { Db } from '../../core/db/store.ts';

/** What registration reads of applicants' accounts (auth's users rows). */
export const applicantAccounts = {
  /** Display names as the applicants gave them, by user id. */
  async displayNames(db: Db, userIds: readonly number[]): Promise<Map<number, string>> {
    if (userIds.length === 0) return new Map();
    const { users } = tablesFor(db, 'auth');
    const rows = await db.select({ id: users.id, displayName: users.displayName }).from(users).where(inArray(users.id, [...new Set(userIds)]));
    return new Map(rows.map((r) => [r.id, r.displayName]));
  },
  /** The applicant's password hash, which their exam-day login takes over on approval; undefined when the account is gone. */
  async passwordHash(db: Db, userId: number): Promise<string | undefined> {
    const { users } = tablesFor(db, 'auth');
    const [row] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId));
    return row?.passwordHash;
  },
};
export type ApplicantAccounts = typeof applicantAccounts;
