import { OCCUPATION_CODE } from '@shared/domain.ts';
import type { Clock } from '../../server/src/core/clock.ts';
import { tablesOf, type Db } from '../../server/src/core/db/store.ts';
import type { SessionUser } from '../../server/src/core/session-user.ts';
import { addStaff } from './store-seed.ts';

/** What `createPlan` needs on a fresh store (the occupation plans are of) and the admin who makes them; the admin's session user. */
export async function seedOffice(db: Db, clock: Clock): Promise<SessionUser> {
  const { occupations } = tablesOf(db);
  await db.insert(occupations).values({ code: OCCUPATION_CODE, nameZh: '网络与信息安全管理员', nameEn: 'Network and Information Security Administrator' });
  return addStaff(db, 'admin', 'admin', clock.now());
}
