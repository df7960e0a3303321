import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { staffRoles } from '@shared/domain.ts';
import type { StaffAccount, StaffRole } from '@shared/staff.ts';
import { forUpdate } from '../../core/db/dialect.ts';
import { tablesOf, type Db } from '../../core/db/store.ts';

/** Made from any `Db`: the root, or a transaction's `tx` (docs/cluster.md §1 rule 4). */
export function createStaffDal(db: Db) {
  const { users } = tablesOf(db);
  const accountColumns = {
    id: users.id,
    login: users.login,
    displayName: users.displayName,
    role: users.role,
    createdAt: users.createdAt,
    disabledAt: users.disabledAt,
  };
  const isStaff = inArray(users.role, [...staffRoles]);
  return {
    /** Staff accounts by login; one role or all staff roles (never candidates or applicants). */
    async list(role?: StaffRole): Promise<StaffAccount[]> {
      const rows = await db
        .select(accountColumns)
        .from(users)
        .where(inArray(users.role, role ? [role] : [...staffRoles]))
        .orderBy(asc(users.login));
      return rows as StaffAccount[];
    },
    /** A staff account by id; candidates and applicants are not found here. */
    async find(id: number): Promise<StaffAccount | undefined> {
      const [row] = await db.select(accountColumns).from(users).where(and(eq(users.id, id), isStaff));
      return row as StaffAccount | undefined;
    },
    /**
     * Active admins, their rows locked (inside a transaction): two admins disabled at once on
     * PostgreSQL must not each see the other still active and leave nobody.
     */
    async activeAdmins(): Promise<number> {
      return (await forUpdate(db, db.select({ id: users.id }).from(users).where(and(eq(users.role, 'admin'), isNull(users.disabledAt))))).length;
    },
    async insert(values: { login: string; displayName: string; role: StaffRole; passwordHash: string; createdAt: number }): Promise<number> {
      const [row] = await db.insert(users).values(values).returning({ id: users.id });
      return row!.id;
    },
    async update(id: number, values: Partial<{ displayName: string; role: StaffRole; disabledAt: number | null; passwordHash: string }>): Promise<void> {
      await db.update(users).set(values).where(and(eq(users.id, id), isStaff));
    },
  };
}
export type StaffDal = ReturnType<typeof createStaffDal>;
