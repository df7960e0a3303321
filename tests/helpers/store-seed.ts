import type { Level, Role } from '@shared/domain.ts';
import type { SessionUser } from '../../server/src/core/session-user.ts';
import { tablesOf, type Db } from '../../server/src/core/db/store.ts';

/** Rows the store-matrix tests start from, written straight into either store (no feature involved). */

export async function addStaff(db: Db, role: Exclude<Role, 'candidate' | 'applicant'>, login: string, now: number): Promise<SessionUser> {
  const { users } = tablesOf(db);
  const [row] = await db.insert(users).values({ role, login, displayName: login, passwordHash: 'x', createdAt: now }).returning({ id: users.id });
  return { userId: row!.id, role, displayName: login, ticketNo: null, candidateId: null };
}

/** [role, login, disabledAt] of an account a store-matrix test needs. */
export type StaffSeed = [Exclude<Role, 'candidate' | 'applicant'>, string, number | null];

/** Several accounts at once (display name `<login>名`), as the logged-in users `startFeatureServer` stubs, by login. */
export async function insertStaff(db: Db, now: number, people: StaffSeed[]): Promise<Record<string, SessionUser>> {
  const { users } = tablesOf(db);
  const rows = await db
    .insert(users)
    .values(people.map(([role, login, disabledAt]) => ({ role, login, displayName: `${login}名`, passwordHash: 'x', createdAt: now, disabledAt })))
    .returning({ id: users.id, login: users.login, role: users.role });
  return Object.fromEntries(rows.map((r) => [r.login, { userId: r.id, role: r.role, displayName: r.login, ticketNo: null, candidateId: null }]));
}

/** An occupation, a plan and one sitting of it (no parts, no rooms). */
export async function addSitting(db: Db, opts: { now: number; level?: Level; title?: string }): Promise<{ planId: number; sittingId: number }> {
  const tb = tablesOf(db);
  const [occ] = await db.insert(tb.occupations).values({ code: `X-${opts.now % 100_000}-${Math.random().toString(36).slice(2, 6)}`, nameZh: '测试', nameEn: 'Test' }).returning({ id: tb.occupations.id });
  const [plan] = await db
    .insert(tb.examPlans)
    .values({ occupationId: occ!.id, title: opts.title ?? '测试计划', examDate: '2027-03-01', registrationDeadline: opts.now, createdAt: opts.now })
    .returning({ id: tb.examPlans.id });
  const level = opts.level ?? 4;
  const [sitting] = await db.insert(tb.sittings).values({ planId: plan!.id, level, name: `${level}级`, startsAt: opts.now }).returning({ id: tb.sittings.id });
  return { planId: plan!.id, sittingId: sitting!.id };
}
