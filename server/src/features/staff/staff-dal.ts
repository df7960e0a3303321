import { and, asc, count, eq, inArray, isNull } from 'drizzle-orm';
import { staffRoles } from '@shared/domain.ts';
import type { StaffAccount, StaffRole } from '@shared/staff.ts';
import type { Db } from '../../core/db/connection.ts';
import { users } from '../../core/db/schema.ts';

export type Tx = Pick<Db, 'select' | 'insert' | 'update' | 'delete'>;

const accountColumns = {
  id: users.id,
  login: users.login,
  displayName: users.displayName,
  role: users.role,
  createdAt: users.createdAt,
  disabledAt: users.disabledAt,
};
const isStaff = inArray(users.role, [...staffRoles]);

export function createStaffDal(db: Db) {
  return {
    /** Staff accounts by login; one role or all staff roles (never candidates or applicants). */
    list(role?: StaffRole): StaffAccount[] {
      return db
        .select(accountColumns)
        .from(users)
        .where(inArray(users.role, role ? [role] : [...staffRoles]))
        .orderBy(asc(users.login))
        .all() as StaffAccount[];
    },
    /** A staff account by id; candidates and applicants are not found here. */
    find(tx: Tx, id: number): StaffAccount | undefined {
      return tx.select(accountColumns).from(users).where(and(eq(users.id, id), isStaff)).get() as StaffAccount | undefined;
    },
    activeAdmins(tx: Tx): number {
      return tx.select({ n: count() }).from(users).where(and(eq(users.role, 'admin'), isNull(users.disabledAt))).get()?.n ?? 0;
    },
    insert(tx: Tx, values: { login: string; displayName: string; role: StaffRole; passwordHash: string; createdAt: number }): number {
      return tx.insert(users).values(values).returning({ id: users.id }).get().id;
    },
    update(tx: Tx, id: number, values: Partial<{ displayName: string; role: StaffRole; disabledAt: number | null; passwordHash: string }>): void {
      tx.update(users).set(values).where(and(eq(users.id, id), isStaff)).run();
    },
  };
}
export type StaffDal = ReturnType<typeof createStaffDal>;
