import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPlan } from '../../../server/src/features/planning/plan-setup.ts';
import { TestExam } from '../../helpers/test-exam.ts';
import { snapshot } from '../abuse/abuse-helpers.ts';
import { describeStores } from '../../helpers/stores.ts';

const DAY = 86_400_000;

await describeStores('roster import and rooms', (dialect) => {
  let t: TestExam;
  let admin: string;
  let planId: number;
  let sittingL3: number;

  async function importRoster(content: Buffer, fileName: string, dryRun: boolean) {
    const res = await fetch(`${t.baseUrl}/api/admin/plans/${planId}/roster?fileName=${encodeURIComponent(fileName)}&dryRun=${dryRun}`, {
      method: 'POST',
      headers: { cookie: admin, 'content-type': 'application/octet-stream' },
      body: new Uint8Array(content),
    });
    return { status: res.status, json: (await res.json()) as any };
  }

  const CSV = Buffer.from(
    [
      '姓名,身份证号,等级,联系方式',
      '张三,11010519491231002X,三级,13800000000',
      '李四,110105194912310021,三级,',
      '王五,440524198801010011,一级,',
      '赵六,420106200309151236,三级/高级工,zhao@example.com',
      '钱七,11010519491231002X,3,',
      '孙八,440524198801010011,三级,',
    ].join('\r\n'),
    'utf8',
  );

  beforeAll(async () => {
    t = await TestExam.start({}, { store: dialect });
    admin = await t.loginStaff('admin');
    const plan = await createPlan(t.store.db, t.clock, {
      title: '名单导入计划',
      examDate: '2027-03-01',
      registrationDeadline: t.clock.now() + DAY,
      sittings: [{ level: 3, name: '三级 第1场', startsAt: t.clock.now() + 5 * DAY, rooms: [{ name: 'A101', seats: 2 }] }],
    });
    planId = plan.planId;
    sittingL3 = plan.sittingIds[0]!;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('dry run reports every row and changes nothing', async () => {
    const before = await snapshot(t);
    const res = await importRoster(CSV, 'roster.csv', true);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json).toMatchObject({ dryRun: true, imported: 0, ok: 2, errors: 4 });
    expect(res.json.rows.map((r: { row: number; status: string }) => `${r.row}:${r.status}`)).toEqual(['2:ok', '3:error', '4:error', '5:ok', '6:error', '7:error']);
    expect(res.json.rows[2].errors).toEqual([{ key: 'plan.rosterRow.noSittingOfLevel', params: { level: 1 }, message: 'no sitting of level 1 in this plan' }]);
    expect(res.json.rows[4].errors.map((e: { message: string }) => e.message)).toEqual(['id number: same as row 2']);
    expect(res.json.rows.every((r: { initialPassword: string | null }) => r.initialPassword === null)).toBe(true);
    expect(await snapshot(t)).toEqual(before);
  });

  it('imports the good rows with seats, tickets and initial passwords that log in; a second import finds them already there', async () => {
    const res = await importRoster(CSV, 'roster.csv', false);
    expect(res.json).toMatchObject({ dryRun: false, imported: 2, errors: 4 });
    const zhang = res.json.rows[0];
    expect(zhang).toMatchObject({ status: 'imported', name: '张三', room: 'A101', seat: '01' });
    expect(zhang.initialPassword).toMatch(/^[a-z2-9]{8}$/);
    const login = await t.http('POST', '/api/auth/candidate/login', { body: { ticketNo: zhang.ticketNo, password: zhang.initialPassword } });
    expect(login.status).toBe(200);
    const again = await importRoster(CSV, 'roster.csv', true);
    expect(again.json.rows[0].errors).toEqual([{ key: 'plan.rosterRow.alreadyCandidate', params: { ticketNo: zhang.ticketNo }, message: `already a candidate in this plan (ticket ${zhang.ticketNo})` }]);
    const audit = (await t.query("select details_json from audit_log where action = 'roster.imported'")) as { details_json: string }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details_json).not.toContain(zhang.initialPassword);
  });

  it('reports a full sitting per row, and seats more once a room is added', async () => {
    const xlsx = new ExcelJS.Workbook();
    const ws = xlsx.addWorksheet('名单');
    ws.addRow(['name', 'ID number', 'level', 'phone']);
    ws.addRow(['周九', '440524198801010011', 3, '1']);
    const content = Buffer.from(await xlsx.xlsx.writeBuffer());
    const full = await importRoster(content, 'roster.xlsx', false);
    expect(full.json.rows[0].errors.map((e: { key: string }) => e.key)).toEqual(['plan.rosterRow.noFreeSeat']);
    const room = await t.http('POST', `/api/admin/sittings/${sittingL3}/rooms`, { cookie: admin, body: { name: 'A102', seats: 30 } });
    expect(room.status).toBe(200);
    expect((await t.http('POST', `/api/admin/sittings/${sittingL3}/rooms`, { cookie: admin, body: { name: 'A102', seats: 3 } })).status).toBe(409);
    const seated = await importRoster(content, 'roster.xlsx', false);
    expect(seated.json.rows[0]).toMatchObject({ status: 'imported', room: 'A102', seat: '01' });
    const plans = (await t.http('GET', '/api/admin/plans', { cookie: admin })).json;
    const sitting = plans.find((p: { id: number }) => p.id === planId).sittings[0];
    expect(sitting).toMatchObject({ candidates: 3, rooms: [{ name: 'A101', seats: 2 }, { name: 'A102', seats: 30 }] });
  });

  it('refuses a file without the header or that is not a table, and changes nothing', async () => {
    const before = await snapshot(t);
    const noHeader = await importRoster(Buffer.from('a,b\n1,2\n'), 'x.csv', false);
    expect(noHeader.status).toBe(400);
    expect(noHeader.json.error.message).toContain('姓名');
    expect((await importRoster(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'x.xlsx', false)).status).toBe(400);
    expect((await t.http('POST', `/api/admin/plans/${planId}/roster?fileName=x.csv`, { cookie: admin, body: {} })).status).toBe(400);
    expect((await t.http('POST', `/api/admin/plans/${planId}/roster?fileName=x.csv`, { cookie: await t.loginStaff('proctor'), body: {} })).status).toBe(403);
    expect(await snapshot(t)).toEqual(before);
  });
});
