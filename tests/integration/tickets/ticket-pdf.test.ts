import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPlan } from '../../../server/src/features/planning/plan-setup.ts';
import { pdfPageTexts } from '../../helpers/pdf-text.ts';
import { TestExam } from '../../helpers/test-exam.ts';
import { describeStores } from '../../helpers/stores.ts';

const DAY = 86_400_000;
const ROSTER = ['姓名,身份证号,等级', '张三,11010519491231002X,三级', '李四,440524198801010011,三级', '王五,420106200309151236,三级'].join('\r\n');

await describeStores('admission tickets as PDF', (dialect) => {
  let t: TestExam;
  let admin: string;
  let sittingId: number;
  let seated: { name: string; ticketNo: string; room: string; seat: string }[];

  async function pdf(url: string, cookie = admin) {
    const res = await fetch(`${t.baseUrl}${url}`, { headers: { cookie } });
    const bytes = new Uint8Array(await res.arrayBuffer());
    return { res, bytes, json: () => JSON.parse(Buffer.from(bytes).toString('utf8')) };
  }

  beforeAll(async () => {
    t = await TestExam.start({}, { store: dialect });
    admin = await t.loginStaff('admin');
    // 09:30 in Beijing on 1 March 2027, whatever the test machine's zone.
    const startsAt = Date.UTC(2027, 2, 1, 1, 30);
    const plan = await createPlan(t.store.db, t.clock, {
      title: '准考证打印计划',
      examDate: '2027-03-01',
      registrationDeadline: t.clock.now() + DAY,
      sittings: [{ level: 3, name: '三级 上午场', startsAt, rooms: [{ name: 'A101', seats: 2 }, { name: 'A102', seats: 2 }] }],
    });
    sittingId = plan.sittingIds[0]!;
    const res = await fetch(`${t.baseUrl}/api/admin/plans/${plan.planId}/roster?fileName=roster.csv&dryRun=false`, {
      method: 'POST',
      headers: { cookie: admin, 'content-type': 'application/octet-stream' },
      body: ROSTER,
    });
    seated = ((await res.json()) as { rows: { name: string; ticketNo: string; room: string; seat: string }[] }).rows;
    expect(seated.map((r) => `${r.room}/${r.seat}`)).toEqual(['A101/01', 'A101/02', 'A102/01']);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('prints a sitting as one page per candidate in seating order, in the exam centre time zone, and audits the print run', async () => {
    const { res, bytes } = await pdf(`/api/admin/tickets.pdf?sittingId=${sittingId}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('准考证-三级 上午场.pdf')}`);
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    const pages = await pdfPageTexts(bytes);
    expect(pages).toHaveLength(3);
    seated.forEach((candidate, i) => {
      expect(pages[i]).toContain('准 考 证');
      expect(pages[i]).toContain(candidate.ticketNo);
      expect(pages[i]).toContain(candidate.name);
      expect(pages[i]).toContain(`考场 ${candidate.room}`);
      expect(pages[i]).toContain(`座位号 ${candidate.seat}`);
      expect(pages[i]).toContain('2027年3月1日星期一 09:30');
      expect(pages[i]).toContain('三级/高级工');
      expect(pages[i]).toContain('理论知识考试 90 分钟');
      // The sitting named with its plan, as every list names it.
      expect(pages[i]).toContain('考试场次 准考证打印计划 · 三级 上午场');
    });
    expect(pages[0]).toContain('11010519491231002X');
    const audit = (await t.query("select entity, entity_id, details_json from audit_log where action = 'tickets.printed'")) as { entity: string; entity_id: string; details_json: string }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ entity: 'sitting', entity_id: String(sittingId) });
    expect(JSON.parse(audit[0]!.details_json)).toMatchObject({ sittingId, count: 3 });
  });

  it('prints one room, or one candidate by ticket number', async () => {
    const room = await pdfPageTexts((await pdf(`/api/admin/tickets.pdf?sittingId=${sittingId}&room=A102`)).bytes);
    expect(room).toHaveLength(1);
    expect(room[0]).toContain(seated[2]!.name);
    const one = await pdf(`/api/admin/tickets.pdf?ticketNo=${seated[1]!.ticketNo}`);
    expect(one.res.headers.get('content-disposition')).toContain(`${seated[1]!.ticketNo}.pdf`);
    const pages = await pdfPageTexts(one.bytes);
    expect(pages).toHaveLength(1);
    expect(pages[0]).toContain(seated[1]!.name);
  });

  it('answers a bad or empty selection with a typed error', async () => {
    const cases: [string, number][] = [
      ['', 400],
      [`?sittingId=${sittingId}&ticketNo=${seated[0]!.ticketNo}`, 400],
      ['?room=A101', 400],
      ['?ticketNo=abc', 400],
      ['?sittingId=-1', 400],
      ['?sittingId=999999', 404],
      ['?ticketNo=000000000000', 404],
      [`?sittingId=${sittingId}&room=A999`, 404],
    ];
    for (const [query, status] of cases) {
      const { res, json } = await pdf(`/api/admin/tickets.pdf${query}`);
      expect([query, res.status]).toEqual([query, status]);
      expect(json().error.code).toBe(status === 400 ? 'BAD_REQUEST' : 'NOT_FOUND');
    }
  });

  it('is for admins only', async () => {
    expect((await pdf(`/api/admin/tickets.pdf?sittingId=${sittingId}`, await t.loginStaff('proctor'))).res.status).toBe(403);
    expect((await pdf(`/api/admin/tickets.pdf?sittingId=${sittingId}`, await t.loginCandidate())).res.status).toBe(403);
    expect((await pdf(`/api/admin/tickets.pdf?sittingId=${sittingId}`, '')).res.status).toBe(401);
  });
});

await describeStores('admission tickets as PDF without a usable font', (dialect) => {
  let t: TestExam;
  afterAll(async () => {
    await t?.close();
  });

  it('says what to install, keeps serving, and audits nothing', async () => {
    t = await TestExam.start({ TICKET_FONT: path.join(process.cwd(), 'package.json') }, { store: dialect });
    expect(fs.existsSync(path.join(process.cwd(), 'package.json'))).toBe(true);
    const admin = await t.loginStaff('admin');
    const sittingId = ((await t.one('select sitting_id as id from candidates limit 1')) as { id: number }).id;
    const res = await t.http('GET', `/api/admin/tickets.pdf?sittingId=${sittingId}`, { cookie: admin });
    expect(res.status).toBe(503);
    expect(res.json.error.code).toBe('UNAVAILABLE');
    expect(res.json.error.message).toContain('TICKET_FONT');
    expect(((await t.one("select count(*) as n from audit_log where action = 'tickets.printed'")) as { n: number }).n).toBe(0);
    expect((await t.http('GET', '/api/health')).status).toBe(200);
  });
});
