import type { SessionUser } from '../../server/src/core/session-user.ts';
import { tablesOf, type Db } from '../../server/src/core/db/store.ts';

/** [role, login, disabledAt] of an account a store-matrix test needs. */
export type StaffSeed = [SessionUser['role'], string, number | null];

/**
 * Inserts these accounts and returns them as the logged-in users `startFeatureServer` stubs, by
 * login (display name `<login>名`, no password anyone can use).
 */
export async function insertStaff(db: Db, now: number, people: StaffSeed[]): Promise<Record<string, SessionUser>> {
  const { users } = tablesOf(db);
  const rows = await db
    .insert(users)
    .values(people.map(([role, login, disabledAt]) => ({ role, login, displayName: `${login}名`, passwordHash: 'x', createdAt: now, disabledAt })))
    .returning({ id: users.id, login: users.login, role: users.role });
  return Object.fromEntries(rows.map((r) => [r.login, { userId: r.id, role: r.role, displayName: r.login, ticketNo: null, candidateId: null }]));
}
