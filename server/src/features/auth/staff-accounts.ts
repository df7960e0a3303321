import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { staffRoles } from '@shared/domain.ts';
import type { StaffAccount, StaffRole } from '@shared/staff.ts';
import { forUpdate } from '../../core/db/dialect.ts';
import { tablesFor } from '../../core/db/owners.ts';
import type { Db } from '../../core/db/store.ts';

/**
 * Staff accounts (proctor, grader, admin) as the staff feature manages them: the rows are users,
 * which auth owns, so the queries live here and staff calls them through its port (staff-service.ts);
 * staff keeps its rules (who may be disabled or demoted, audit, closing connections). Every call
 * takes the caller's handle: inside staff's transaction, its `tx`.
 */
export const staffAccounts = {
  /** Staff accounts by login; one role or all staff roles (never candidates or applicants). */
  async list(db: Db, role?: StaffRole): Promise<StaffAccount[]> {
    const { users } = tablesFor(db, 'auth');
    const rows = await db
      .select(accountColumns(db))
      .from(users)
      .where(inArray(users.role, role ? [role] : [...staffRoles]))
      .orderBy(asc(users.login));
    return rows as StaffAccount[];
  },
  /** A staff account by id; candidates and applicants are not found here. */
  async find(db: Db, id: number): Promise<StaffAccount | undefined> {
    const { users } = tablesFor(db, 'auth');
    const [row] = await db.select(accountColumns(db)).from(users).where(and(eq(users.id, id), isStaff(db)));
    return row as StaffAccount | undefined;
  },
  /**
   * Active admins, their rows locked (inside a transaction): two admins disabled at once on
   * PostgreSQL must not each see the other still active and leave nobody.
   */
  async activeAdmins(tx: Db): Promise<number> {
    const { users } = tablesFor(tx, 'auth');
    return (await forUpdate(tx, tx.select({ id: users.id }).from(users).where(and(eq(users.role, 'admin'), isNull(users.disabledAt))))).length;
  },
  async insert(tx: Db, values: { login: string; displayName: string; role: StaffRole; passwordHash: string; createdAt: number }): Promise<number> {
    const { users } = tablesFor(tx, 'auth');
    const [row] = await tx.insert(users).values(values).returning({ id: users.id });
    return row!.id;
  },
  async update(tx: Db, id: number, values: Partial<{ displayName: string; role: StaffRole; disabledAt: number | null; passwordHash: string }>): Promise<void> {
    const { users } = tablesFor(tx, 'auth');
    await tx.update(users).set(values).where(and(eq(users.id, id), isStaff(tx)));
  },
};
export type StaffAccounts = typeof staffAccounts;

function accountColumns(db: Db) {
  const { users } = tablesFor(db, 'auth');
  return { id: users.id, login: users.login, displayName: users.displayName, role: users.role, createdAt: users.createdAt, disabledAt: users.disabledAt };
}
const isStaff = (db: Db) => inArray(tablesFor(db, 'auth').users.role, [...staffRoles]);
