import { afterAll, beforeAll, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { defaultSebOptions } from '@shared/seb.ts';
import { ManualClock } from '../../../server/src/core/clock.ts';
import type { SessionUser } from '../../../server/src/core/session-user.ts';
import { tablesOf, type Db } from '../../../server/src/core/db/store.ts';
import { createSebService } from '../../../server/src/features/seb/seb-service.ts';
import { sebRoutes } from '../../../server/src/features/seb/routes.ts';
import { startFeatureServer, type FeatureServer } from '../../helpers/feature-server.ts';
import { describeStores, openTestStore, type TestStore } from '../../helpers/stores.ts';
import { addSitting, addStaff } from '../../helpers/store-seed.ts';

/**
 * A sitting's SEB settings (issue #16) on each store of the matrix, through the routes, and the
 * policy two nodes read of one database. (tests/integration/seb/seb-settings.test.ts runs the
 * same routes inside the whole app on SQLite.)
 */
await describeStores('SEB settings on the async data layer', (dialect) => {
  const clock = new ManualClock();
  let t: TestStore;
  let db: Db;
  let server: FeatureServer;
  let sittingId = 0;
  const users: Record<string, SessionUser> = {};
  const options = (quitUrl: string) => ({ ...defaultSebOptions('http://exam.local/'), quitUrl });
  const body = (quitUrl: string, required = true) => ({ required, options: options(quitUrl), browserExamKeys: ['AB'.repeat(32)] });
  const audits = async (action: string) => {
    const { auditLog } = tablesOf(db);
    return (await db.select().from(auditLog).where(eq(auditLog.action, action)).orderBy(auditLog.id)).map((r) => JSON.parse(r.detailsJson) as { configKey: { from?: string; to: string } });
  };

  beforeAll(async () => {
    t = await openTestStore(dialect);
    db = t.store.db;
    users.admin = await addStaff(db, 'admin', 'admin', clock.now());
    ({ sittingId } = await addSitting(db, { now: clock.now(), level: 3 }));
    const seb = createSebService({ db, clock, sittingExists: async (id) => id === sittingId });
    server = await startFeatureServer({ users, register: async (api) => api.register(sebRoutes, { prefix: '/admin', seb }) });
  });
  afterAll(async () => {
    await server?.close();
    await t?.close();
  });

  it('offers defaults, saves, audits the save and makes the file from what was saved', async () => {
    const admin = server.cookie('admin');
    const first = await server.http('GET', `/api/admin/sittings/${sittingId}/seb`, { cookie: admin });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ saved: false, required: false });
    const put = await server.http('PUT', `/api/admin/sittings/${sittingId}/seb`, { cookie: admin, body: { ...body('http://exam.local/quit-1'), quitPassword: 'proctor-quit-2026' } });
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({ saved: true, required: true, quitPasswordSet: true });
    expect((await audits('seb.settings_saved')).at(-1)?.configKey.to).toBe(put.json.configKey);
    const file = await server.http('POST', `/api/admin/sittings/${sittingId}/seb/file`, { cookie: admin, body: {} });
    expect(file.status).toBe(200);
    expect(file.headers.get('x-seb-config-key')).toBe(put.json.configKey);
    expect(await audits('seb.file_downloaded')).toHaveLength(1);
    expect((await server.http('GET', `/api/admin/sittings/${sittingId + 1000}/seb`, { cookie: admin })).json.error.key).toBe('seb.sittingNotFound');
  });

  it('takes saves arriving together in turn: each audit names the settings it replaced', async () => {
    const admin = server.cookie('admin');
    const n = 8;
    const replies = await Promise.all(
      Array.from({ length: n }, (_, i) => server.http('PUT', `/api/admin/sittings/${sittingId}/seb`, { cookie: admin, body: body(`http://exam.local/quit-together-${i}`) })),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(n).fill(200));
    const [before, ...saves] = (await audits('seb.settings_saved')).slice(-(n + 1));
    // A chain: every save replaced a different one (without the row lock on PostgreSQL, saves
    // that overlap read the same "before", and two audits name the same predecessor).
    const byFrom = new Map(saves.map((a) => [a.configKey.from, a]));
    expect(byFrom.size).toBe(n);
    let key = before!.configKey.to;
    for (let i = 0; i < n; i++) key = byFrom.get(key)!.configKey.to;
    expect(key).toBe((await server.http('GET', `/api/admin/sittings/${sittingId}/seb`, { cookie: admin })).json.configKey);
  });

  it('lets another node see a saved policy within its cache time, and this node at once', async () => {
    const nodeA = createSebService({ db, clock, sittingExists: () => true });
    let wall = 0;
    const nodeB = createSebService({ db, clock, sittingExists: () => true, policyTtlMs: 5_000, wallNow: () => wall });
    await nodeA.update(users.admin!.userId, sittingId, body('http://exam.local/quit-off', false));
    expect(await nodeA.policyOf(sittingId)).toBeNull();
    expect(await nodeB.policyOf(sittingId)).toBeNull();
    await nodeA.update(users.admin!.userId, sittingId, body('http://exam.local/quit-on'));
    expect(await nodeA.policyOf(sittingId)).toMatchObject({ quitUrl: 'http://exam.local/quit-on' });
    expect(await nodeB.policyOf(sittingId)).toBeNull();
    wall += 4_999;
    expect(await nodeB.policyOf(sittingId)).toBeNull();
    wall += 1;
    expect(await nodeB.policyOf(sittingId)).toMatchObject({ quitUrl: 'http://exam.local/quit-on' });
  });
});
