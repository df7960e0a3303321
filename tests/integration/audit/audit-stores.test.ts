import { afterAll, beforeAll, expect, it } from 'vitest';
import { appendAudit, type AuditEntry } from '../../../server/src/core/audit.ts';
import { ManualClock } from '../../../server/src/core/clock.ts';
import { tablesOf, type Db } from '../../../server/src/core/db/store.ts';
import { auditRoutes } from '../../../server/src/features/audit/routes.ts';
import { auditPorts } from '../../../server/src/reporting-ports.ts';
import { startFeatureServer, type FeatureServer } from '../../helpers/feature-server.ts';
import { describeStores, openTestStore, type TestStore } from '../../helpers/stores.ts';

/**
 * The pilot of issue #16: the audit log browser, its CSV export and the health check run on the
 * async data layer, and this file runs them against each store of the matrix (KAOCHANG_STORE).
 */
await describeStores('audit log and health on the async data layer', (dialect) => {
  const clock = new ManualClock();
  const BULK = 2_345; // more than two pages of the export's keyset paging
  let t: TestStore;
  let db: Db;
  let server: FeatureServer;
  let adminId: number;

  beforeAll(async () => {
    t = await openTestStore(dialect);
    db = t.store.db;
    const { users, auditLog } = tablesOf(db);
    const user = (role: 'admin' | 'candidate', login: string, displayName = login) => ({ role, login, displayName, passwordHash: 'x', createdAt: clock.now() });
    const inserted = await db.insert(users).values([user('admin', 'Admin', '王主任'), user('candidate', 'T0001')]).returning({ id: users.id });
    adminId = inserted[0]!.id;
    const bulk: AuditEntry[] = Array.from({ length: BULK }, (_, i) => ({ at: clock.now() + i, actorUserId: adminId, action: 'answer.saved', entity: 'session', entityId: i % 7 }));
    await db.transaction(async (tx) => {
      for (let i = 0; i < bulk.length; i += 500) await tx.insert(auditLog).values(bulk.slice(i, i + 500).map((e) => ({ ...e, entityId: String(e.entityId), detailsJson: '{}' })));
    });
    await appendAudit(db, { at: clock.now() + BULK, actorUserId: null, action: 'application.rejected', entity: 'application', entityId: 7, details: { reason: '=HYPERLINK("x"), "quoted"\n新行' } });
    await appendAudit(db, { at: clock.now() + BULK + 1, actorUserId: null, action: 'app_ication%', entity: 'wildcards' });
    server = await startFeatureServer({
      users: {
        admin: { userId: adminId, role: 'admin', displayName: 'Admin', ticketNo: null, candidateId: null },
        candidate: { userId: inserted[1]!.id, role: 'candidate', displayName: 'T0001', ticketNo: 'T0001', candidateId: 1 },
      },
      register: async (api) => {
        await api.register(auditRoutes, { prefix: '/admin', db, clock, ports: auditPorts(db), timeZone: 'Asia/Shanghai' });
      },
    });
  });
  afterAll(async () => {
    await server?.close();
    await t?.close();
  });

  const get = (url: string, who = 'admin') => server.http('GET', url, { cookie: server.cookie(who) });

  it('filters by action prefix (wildcards literal), entity, entity id, actor (any case) and time, newest first, paged', async () => {
    const rejected = await get('/api/admin/audit?action=application.&pageSize=10');
    expect(rejected.json.total).toBe(1);
    expect(rejected.json.rows[0]).toMatchObject({ action: 'application.rejected', entity: 'application', entityId: '7', actorLogin: null, actorUserId: null });
    expect((await get('/api/admin/audit?action=app_ication%25')).json.total).toBe(1);
    expect((await get('/api/admin/audit?action=%25')).json.total).toBe(0);

    const bySession = await get('/api/admin/audit?entity=session&entityId=3&actor=ADMIN&pageSize=200&page=2');
    expect(bySession.json.total).toBe(Math.ceil((BULK - 3) / 7));
    expect(bySession.json.rows).toHaveLength(Math.min(200, bySession.json.total - 200));
    expect(bySession.json.rows.every((r: { entityId: string; actorLogin: string }) => r.entityId === '3' && r.actorLogin === 'Admin')).toBe(true);
    const ids = bySession.json.rows.map((r: { id: number }) => r.id);
    expect(ids).toEqual([...ids].sort((a: number, b: number) => b - a));

    const window = await get(`/api/admin/audit?from=${clock.now() + 10}&to=${clock.now() + 19}`);
    expect(window.json.total).toBe(10);
    expect((await get('/api/admin/audit?actor=nobody')).json.total).toBe(0);
  });

  it('exports every matching row once, newest first, as CSV with a BOM, and audits the export', async () => {
    const res = await fetch(`${server.baseUrl}/api/admin/audit/export?entity=session`, { headers: { cookie: server.cookie('admin') } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(true);
    const [header, ...rows] = bytes.toString('utf8').slice(1).trimEnd().split('\r\n');
    expect(header).toBe('编号,时间,操作人,操作人登录名,记录,操作代码,对象类型,对象编号,详情（JSON）');
    const ids = rows.map((line) => Number(line.split(',')[0]));
    expect(ids).toHaveLength(BULK);
    expect(new Set(ids).size).toBe(BULK);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));

    const quoted = await fetch(`${server.baseUrl}/api/admin/audit/export?entity=application`, { headers: { cookie: server.cookie('admin') } }).then((r) => r.text());
    expect(quoted).toContain('"{""reason"":""=HYPERLINK(\\""x\\""), \\""quoted\\""\\n新行""}"');

    const exported = await get('/api/admin/audit?action=audit.exported');
    expect(exported.json.total).toBe(2);
    expect(exported.json.rows[0]).toMatchObject({ actorUserId: adminId, actorLogin: 'Admin', entity: 'audit_log' });
  });

  it('reads as sentences with names, in the page and in the export (zh-CN or English), times in the exam\'s zone', async () => {
    await appendAudit(db, { at: Date.UTC(2026, 4, 16, 1, 0, 0), actorUserId: adminId, action: 'staff.disabled', entity: 'user', entityId: adminId, details: { login: 'Admin' } });
    const page = await get('/api/admin/audit?action=staff.');
    expect(page.json.rows[0]).toMatchObject({ actorName: '王主任', subject: { entity: 'user', name: '王主任' } });
    const zh = await fetch(`${server.baseUrl}/api/admin/audit/export?action=staff.`, { headers: { cookie: server.cookie('admin') } }).then((r) => r.text());
    expect(zh).toContain('2026-05-16 09:00:00,王主任,Admin,王主任 停用了工作人员 王主任 的账号,staff.disabled');
    const en = await fetch(`${server.baseUrl}/api/admin/audit/export?action=staff.&lang=en`, { headers: { cookie: server.cookie('admin') } }).then((r) => r.text());
    expect(en.split('\r\n')[0]).toBe('No.,Time,Actor,Actor login,Entry,Action code,Entity,Entity id,Details (JSON)');
    expect(en).toContain('王主任 disabled the account of 王主任');
  });

  it('writes an audit entry with the transaction it belongs to, or not at all', async () => {
    await expect(
      db.transaction(async (tx) => {
        await appendAudit(tx, { at: clock.now(), actorUserId: null, action: 'never.happened', entity: 'test' });
        throw new Error('the audited change was refused');
      }),
    ).rejects.toThrow('refused');
    await db.transaction((tx) => appendAudit(tx, { at: clock.now(), actorUserId: null, action: 'did.happen', entity: 'test' }));
    expect((await get('/api/admin/audit?entity=test')).json.rows.map((r: { action: string }) => r.action)).toEqual(['did.happen']);
  });

  it('is for admins only', async () => {
    expect((await get('/api/admin/audit', 'candidate')).status).toBe(403);
    expect((await get('/api/admin/audit/export', 'candidate')).status).toBe(403);
    expect((await server.http('GET', '/api/admin/audit')).status).toBe(401);
  });
});
