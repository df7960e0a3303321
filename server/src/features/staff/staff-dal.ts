import { asc, inArray } from 'drizzle-orm';
import { staffRoles } from '@shared/domain.ts';
import type { StaffAccount, StaffRole } from '@shared/staff.ts';
import type { Db } from '../../core/db/connection.ts';
import { users } from '../../core/db/schema.ts';

export function createStaffDal(db: Db) {
  return {
    /** Staff accounts by login; one role or all staff roles (never candidates or applicants). */
    list(role?: StaffRole): StaffAccount[] {
      return db
        .select({ id: users.id, login: users.login, displayName: users.displayName, role: users.role, createdAt: users.createdAt })
        .from(users)
        .where(inArray(users.role, role ? [role] : [...staffRoles]))
        .orderBy(asc(users.login))
        .all() as StaffAccount[];
    },
  };
}
export type StaffDal = ReturnType<typeof createStaffDal>;
