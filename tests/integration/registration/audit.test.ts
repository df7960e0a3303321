import { afterAll, beforeAll, expect, it } from 'vitest';
import { appendAudit } from '../../../server/src/core/audit.ts';
import { TestExam } from '../../helpers/test-exam.ts';
import { describeStores } from '../../helpers/stores.ts';

await describeStores('audit log browser and export', (dialect) => {
  let t: TestExam;
  let admin: string;
  beforeAll(async () => {
    t = await TestExam.start({}, { store: dialect });
    admin = await t.loginStaff('admin');
    await appendAudit(t.store.db, { at: t.clock.now(), actorUserId: null, action: 'application.rejected', entity: 'application', entityId: 7, details: { reason: '=HYPERLINK("x"), "quoted"\n新行' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('filters by action prefix, entity and actor, newest first, paged', async () => {
    const res = await t.http('GET', '/api/admin/audit?action=application.&pageSize=10', { cookie: admin });
    expect(res.status).toBe(200);
    expect(res.json.total).toBe(1);
    expect(res.json.rows[0]).toMatchObject({ action: 'application.rejected', entity: 'application', entityId: '7', actorLogin: null });
    const logins = await t.http('GET', '/api/admin/audit?action=auth.login&actor=admin&pageSize=1', { cookie: admin });
    expect(logins.json.total).toBeGreaterThanOrEqual(1);
    expect(logins.json.rows).toHaveLength(1);
    expect(logins.json.rows[0].actorLogin).toBe('admin');
    const all = await t.http('GET', '/api/admin/audit?pageSize=200', { cookie: admin });
    const ids = all.json.rows.map((r: { id: number }) => r.id);
    expect(ids).toEqual([...ids].sort((a: number, b: number) => b - a));
    // LIKE wildcards in the filter are literal.
    expect((await t.http('GET', '/api/admin/audit?action=%25', { cookie: admin })).json.total).toBe(0);
  });

  it('exports CSV with a BOM, quoted fields, defused formulas, and logs the export itself', async () => {
    const res = await fetch(`${t.baseUrl}/api/admin/audit/export?entity=application`, { headers: { cookie: admin } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(true);
    const text = bytes.toString('utf8').slice(1);
    const [header, ...rest] = text.split('\r\n');
    expect(header).toBe('编号,时间,操作人,操作人登录名,记录,操作代码,对象类型,对象编号,详情（JSON）');
    expect(rest.join('\r\n')).toContain('"{""reason"":""=HYPERLINK(\\""x\\""), \\""quoted\\""\\n新行""}"');
    const exported = await t.http('GET', '/api/admin/audit?action=audit.exported', { cookie: admin });
    expect(exported.json.total).toBe(1);
  });

  it('is for admins only', async () => {
    expect((await t.http('GET', '/api/admin/audit', { cookie: await t.loginCandidate() })).status).toBe(403);
    expect((await t.http('GET', '/api/admin/audit/export', { cookie: await t.loginStaff('proctor') })).status).toBe(403);
  });
});
