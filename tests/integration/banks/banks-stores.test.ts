import { afterAll, beforeAll, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { ManualClock } from '../../../server/src/core/clock.ts';
import type { SessionUser } from '../../../server/src/core/session-user.ts';
import { tablesOf, type Db } from '../../../server/src/core/db/store.ts';
import { createBanksService } from '../../../server/src/features/banks/banks-service.ts';
import { createItemMedia } from '../../../server/src/features/banks/item-media.ts';
import { bankRoutes } from '../../../server/src/features/banks/routes.ts';
import type { PapersService } from '../../../server/src/features/papers/papers-service.ts';
import { startFeatureServer, type FeatureServer } from '../../helpers/feature-server.ts';
import { describeStores, openTestStore, type TestStore } from '../../helpers/stores.ts';

// One pixel of PNG, enough for the item-media port to hand back.
const PIXEL = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

const item = (id: string, levels: string, stem: string, extra = '') => `  - id: ${id}
    type: truefalse
    levels: [${levels}]
    area: network-basics
    difficulty: 1
    stem: "${stem}"
    answer: true
${extra}`;

// Keys chosen so that byte order and en_US collation disagree ('a-2' sorts after 'a10' in en_US).
const BANK = `bank:
  id: stores-bank
  title: 存储矩阵题库
  occupation: 4-04-04-02
  version: 1
items:
${item('a10', '4', '防火墙 Policy 默认拒绝')}
${item('a-2', '3', 'SSH 端口是 22', `    media:\n      - { name: dot.png, mimeType: image/png, base64: "${PIXEL}" }\n`)}
${item('B1', '4, 3', '100% 的补丁_都要测试')}
`;

/**
 * Bank imports and browsing (issue #16 step 2) on each store of the matrix, through the routes:
 * an import saves the bank, its items and its audit entry together; a refused import writes nothing.
 * (tests/integration/banks/bank-routes.test.ts runs them inside the whole app on SQLite.)
 */
await describeStores('banks on the async data layer', (dialect) => {
  const clock = new ManualClock();
  let t: TestStore;
  let db: Db;
  let server: FeatureServer;
  let bankId = 0;
  const users: Record<string, SessionUser> = {};

  beforeAll(async () => {
    t = await openTestStore(dialect);
    db = t.store.db;
    const tb = tablesOf(db);
    const [admin] = await db.insert(tb.users).values({ role: 'admin', login: 'admin', displayName: '管理员', passwordHash: 'x', createdAt: clock.now() }).returning({ id: tb.users.id });
    users.admin = { userId: admin!.id, role: 'admin', displayName: 'admin', ticketNo: null, candidateId: null };
    const banks = createBanksService({ db, clock, banksDir: '/nonexistent' });
    server = await startFeatureServer({
      users,
      register: async (api) => {
        await api.register(bankRoutes, { prefix: '/admin', banks, papers: {} as PapersService });
      },
    });
  });
  afterAll(async () => {
    await server?.close();
    await t?.close();
  });

  const get = async (url: string) => (await server.http('GET', `/api/admin${url}`, { cookie: server.cookie('admin') })).json;
  const upload = async (fileName: string, body: string, query = '') => {
    const res = await fetch(`${server.baseUrl}/api/admin/banks/import?fileName=${fileName}${query}`, {
      method: 'POST',
      headers: { cookie: server.cookie('admin'), 'content-type': 'application/octet-stream' },
      body,
    });
    return { status: res.status, json: (await res.json()) as any };
  };
  const rows = async () => {
    const tb = tablesOf(db);
    const [b] = await db.select({ n: count() }).from(tb.banks);
    const [i] = await db.select({ n: count() }).from(tb.bankItems);
    const [a] = await db.select({ n: count() }).from(tb.auditLog).where(eq(tb.auditLog.action, 'bank.imported'));
    return { banks: b!.n, items: i!.n, audits: a!.n };
  };

  it('imports a native bank: the bank, its items and the audit entry', async () => {
    const res = await upload('stores.yaml', BANK);
    expect(res.status).toBe(200);
    expect(res.json.format).toBe('native');
    expect(res.json.bank).toMatchObject({ bankKey: 'stores-bank', title: '存储矩阵题库', items: 3, sourceFormat: 'native', sourceName: 'stores.yaml' });
    bankId = res.json.bank.id;
    expect(await rows()).toEqual({ banks: 1, items: 3, audits: 1 });
    expect(await get('/banks')).toEqual([expect.objectContaining({ id: bankId, items: 3 })]);
  });

  it('pages items in byte order of their keys on both stores, and filters by text and level', async () => {
    const page = await get(`/banks/${bankId}/items?page=1&pageSize=2`);
    expect(page.total).toBe(3);
    expect(page.items.map((i: { itemKey: string }) => i.itemKey)).toEqual(['B1', 'a-2']);
    expect((await get(`/banks/${bankId}/items?page=2&pageSize=2`)).items.map((i: { itemKey: string }) => i.itemKey)).toEqual(['a10']);
    // Case-blind on both stores, and % and _ are literal.
    expect((await get(`/banks/${bankId}/items?q=policy`)).items.map((i: { itemKey: string }) => i.itemKey)).toEqual(['a10']);
    expect((await get(`/banks/${bankId}/items?q=${encodeURIComponent('100%')}`)).items.map((i: { itemKey: string }) => i.itemKey)).toEqual(['B1']);
    expect((await get(`/banks/${bankId}/items?q=${encodeURIComponent('%_')}`)).total).toBe(0);
    const level3 = await get(`/banks/${bankId}/items?level=3`);
    expect(level3.items.map((i: { itemKey: string; levels: number[] }) => [i.itemKey, i.levels])).toEqual([['B1', [4, 3]], ['a-2', [3]]]);
    expect((await get(`/banks/${bankId}/items?level=1`)).total).toBe(0);
  });

  it('shows one item with its preview, and 404s another bank\'s or a missing one', async () => {
    const { items } = await get(`/banks/${bankId}/items?q=ssh`);
    const detail = await server.http('GET', `/api/admin/banks/${bankId}/items/${items[0].id}`, { cookie: server.cookie('admin') });
    expect(detail.status).toBe(200);
    expect(detail.json.item).toMatchObject({ id: 'a-2', type: 'truefalse', answer: true });
    expect((await server.http('GET', `/api/admin/banks/${bankId + 1}/items/${items[0].id}`, { cookie: server.cookie('admin') })).json.error.key).toBe('bank.noItem');
    expect((await server.http('GET', `/api/admin/banks/${bankId + 1}/items`, { cookie: server.cookie('admin') })).json.error.key).toBe('bank.noBank');
    expect((await createItemMedia(db).mediaOfItem('a-2')).map((m) => m.name)).toEqual(['dot.png']);
    expect(await createItemMedia(db).mediaOfItem('a10')).toEqual([]);
  });

  it('a refused import writes nothing', async () => {
    const before = await rows();
    const invalid = await upload('broken.yaml', BANK.replace('answer: true', 'answer: maybe'));
    expect(invalid.status).toBe(400);
    expect(invalid.json.error.key).toBe('bank.invalidFile');
    const empty = await upload('codes.csv', '题目,类型,答案,选项A,选项B\n甲,0,A,x,y\n', '&idPrefix=TC');
    expect(empty.status).toBe(200);
    expect(empty.json.bank).toBeNull();
    expect(await rows()).toEqual(before);
  });
});
