import { eq } from 'drizzle-orm';
import { tablesFor } from '../../core/db/owners.ts';
import type { Db } from '../../core/db/store.ts';

/**
 * The applicant's password hash, which their exam-day login takes over when registration approves
 * them (auth owns users; user-directory.ts never hands out a hash); undefined when the account is gone.
 */
export async function applicantPasswordHash(db: Db, userId: number): Promise<string | undefined> {
  const { users } = tablesFor(db, 'auth');
  const [row] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId));
  return row?.passwordHash;
}
