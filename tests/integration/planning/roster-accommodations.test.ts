import { afterAll, beforeAll, expect, it } from 'vitest';
import { emit, TestExam, unwrap } from '../../helpers/test-exam.ts';
import { snapshot } from '../abuse/abuse-helpers.ts';
import { describeStores } from '../../helpers/stores.ts';

const MIN = 60_000;

/** #18: accommodations planned by the roster import's 考试便利 column, through to the deadline of an imported candidate. */
await describeStores('roster import: the 考试便利 column', (dialect) => {
  let t: TestExam;
  let admin: string;
  let planId: number;

  const ROSTER = Buffer.from(
    [
      '姓名,身份证号,等级,考试便利',
      '便利甲,11010519491231002X,四级,理论+20; 大字号',
      '便利乙,440524198801010011,四级,+10%；读屏',
      '便利丙,420106200309151236,四级,延时很久',
      '便利丁,110105194912310038,四级,',
    ].join('\n'),
    'utf8',
  );

  async function importRoster(dryRun: boolean) {
    const res = await fetch(`${t.baseUrl}/api/admin/plans/${planId}/roster?fileName=roster.csv&dryRun=${dryRun}`, {
      method: 'POST',
      headers: { cookie: admin, 'content-type': 'application/octet-stream' },
      body: new Uint8Array(ROSTER),
    });
    return { status: res.status, json: (await res.json()) as any };
  }
  const planned = async () => (await t.query("select entity_id, actor_user_id, details_json from audit_log where action = 'accommodation.set' order by id")) as { entity_id: string; actor_user_id: number; details_json: string }[];

  beforeAll(async () => {
    t = await TestExam.start({}, { store: dialect });
    admin = await t.loginStaff('admin');
    planId = ((await t.one('select plan_id from sittings where id = ?', [t.exam.sittingId])) as { plan_id: number }).plan_id;
    // The seeded sitting has no listed room: one with free seats for the roster.
    expect((await t.http('POST', `/api/admin/sittings/${t.exam.sittingId}/rooms`, { cookie: admin, body: { name: '第2考场', seats: 10 } })).status).toBe(200);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('checks the column row by row, with keyed errors, and writes nothing', async () => {
    const before = await snapshot(t);
    const res = await importRoster(true);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json).toMatchObject({ dryRun: true, ok: 3, errors: 1 });
    expect(res.json.rows.map((r: { accommodations: string; status: string }) => [r.accommodations, r.status])).toEqual([
      ['理论+20; 大字号', 'ok'],
      ['+10%；读屏', 'ok'],
      ['延时很久', 'error'],
      ['', 'ok'],
    ]);
    expect(res.json.rows[2].errors).toEqual([{ key: 'plan.rosterRow.accommodationsUnreadable', params: { entry: '延时很久' }, message: 'accommodations: "延时很久" is not understood' }]);
    expect(await snapshot(t)).toEqual(before);
    expect(await planned()).toEqual([]);
  });

  it('plans what the column says for the imported candidates, audited as set through the roster', async () => {
    const res = await importRoster(false);
    expect(res.json).toMatchObject({ dryRun: false, imported: 3, errors: 1 });
    const [jia, yi, , ding] = res.json.rows as { ticketNo: string; initialPassword: string }[];

    const view = async (ticketNo: string) => (await t.http('GET', `/api/admin/accommodations/${ticketNo}`, { cookie: admin })).json;
    expect(await view(jia!.ticketNo)).toMatchObject({ name: '便利甲', extraTime: { theory: { unit: 'minutes', value: 20 }, skills: null }, largePrint: true, screenReader: false });
    expect(await view(yi!.ticketNo)).toMatchObject({ extraTime: { theory: { unit: 'percent', value: 10 }, skills: { unit: 'percent', value: 10 } }, screenReader: true });
    expect(await view(ding!.ticketNo)).toMatchObject({ extraTime: { theory: null, skills: null }, largePrint: false, updatedAt: null });

    // One entry per candidate with something planned (none for an empty cell), by the admin who imported.
    const audit = (await planned());
    expect(audit).toHaveLength(2);
    const adminId = ((await t.one("select id from users where login = 'admin'")) as { id: number }).id;
    expect(audit.every((a) => a.actor_user_id === adminId && JSON.parse(a.details_json).source === 'roster')).toBe(true);
    expect(JSON.parse(audit[0]!.details_json).to).toMatchObject({ largePrint: true, extraTime: { theory: { unit: 'minutes', value: 20 } } });
    const imported = (await t.one("select details_json from audit_log where action = 'roster.imported'")) as { details_json: string };
    expect(JSON.parse(imported.details_json)).toMatchObject({ imported: 3, accommodations: 2 });

    // The exam applies it: the imported candidate's theory deadline carries the planned 20 minutes.
    const duration = ((await t.one('select duration_minutes as d from sitting_parts where id = ?', [t.exam.theoryPartId])) as { d: number }).d;
    const login = await t.http('POST', '/api/auth/candidate/login', { body: { ticketNo: jia!.ticketNo, password: jia!.initialPassword } });
    expect(login.status).toBe(200);
    const socket = await t.socket((login.headers.get('set-cookie') ?? '').split(';')[0]!);
    const session = unwrap(await emit(socket, 'session:start', { sittingPartId: t.exam.theoryPartId }));
    expect(session.deadline).toBe(t.clock.now() + (duration + 20) * MIN);
  });

  it('lets the seating list change what the roster planned, audited apart; a plan out of range is refused and changes nothing', async () => {
    const row = (await t.one("select ticket_no from candidates where name = '便利乙'")) as { ticket_no: string };
    const url = `/api/admin/accommodations/${row.ticket_no}`;
    const plan = { extraTime: { theory: null, skills: { unit: 'minutes', value: 15 } }, separateRoom: true, largePrint: false, screenReader: true, other: null };
    const tooLong = await t.http('PUT', url, { cookie: admin, body: { ...plan, extraTime: { theory: { unit: 'minutes', value: 300 }, skills: null }, source: 'seating' } });
    expect(tooLong.status).toBe(400);
    expect(JSON.stringify(tooLong.json.error)).toContain('accommodation.extraTimeTooLong');
    expect(await planned()).toHaveLength(2);
    const set = await t.http('PUT', url, { cookie: admin, body: { ...plan, source: 'seating' } });
    expect(set.status, JSON.stringify(set.json)).toBe(200);
    expect(set.json).toMatchObject({ extraTime: { theory: null, skills: { unit: 'minutes', value: 15 } }, separateRoom: true });
    const last = JSON.parse((await planned()).at(-1)!.details_json);
    expect(last).toMatchObject({ source: 'seating', from: { extraTime: { theory: { unit: 'percent', value: 10 } } }, to: { separateRoom: true } });
  });
});
