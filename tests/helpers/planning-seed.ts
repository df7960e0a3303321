import { OCCUPATION_CODE } from '@shared/domain.ts';
import type { Clock } from '../../server/src/core/clock.ts';
import { tablesOf, type Db } from '../../server/src/core/db/store.ts';
import type { SessionUser } from '../../server/src/core/session-user.ts';

/** What a plan needs on a fresh store (the occupation it is of) and the admin who makes it; the admin's session user. */
export async function seedOffice(db: Db, clock: Clock): Promise<SessionUser> {
  const { occupations, users } = tablesOf(db);
  const [admin] = await db.insert(users).values({ role: 'admin', login: 'admin', displayName: '管理员', passwordHash: 'x', createdAt: clock.now() }).returning({ id: users.id });
  await db.insert(occupations).values({ code: OCCUPATION_CODE, nameZh: '网络与信息安全管理员', nameEn: 'Network and Information Security Administrator' });
  return { userId: admin!.id, role: 'admin', displayName: '管理员', ticketNo: null, candidateId: null };
}
