import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTicketsDal } from '../../../server/src/features/tickets/tickets-dal.ts';
import { emit, nextEvent, TestExam, unwrap } from '../../helpers/test-exam.ts';
import { snapshot } from '../abuse/abuse-helpers.ts';
import { describeStores } from '../../helpers/stores.ts';

const DAY = 86_400_000;

type Seat = { id: number; ticketNo: string; room: string; seat: string; started: boolean };

await describeStores('plans, rooms and seats edited by the exam office', (dialect) => {
  let t: TestExam;
  let admin: string;
  let planId: number;
  let sittingId: number;
  let startsAt: number;
  let rooms: Record<string, number>;
  let seated: { ticketNo: string; initialPassword: string }[];

  const audit = async (action: string) => (await t.query('select entity_id as "entityId", details_json as details from audit_log where action = ? order by id', [action])) as { entityId: string; details: string }[];
  const seating = async (id = sittingId) => (await t.http('GET', `/api/admin/sittings/${id}/seating`, { cookie: admin })).json as { rooms: { id: number; name: string; seats: number }[]; candidates: Seat[] };

  beforeAll(async () => {
    t = await TestExam.start({}, { store: dialect });
    admin = await t.loginStaff('admin');
    startsAt = t.clock.now() + 5 * DAY;
    const created = await t.http('POST', '/api/admin/plans', {
      cookie: admin,
      body: {
        title: '考场编辑计划',
        examDate: '2027-04-01',
        registrationDeadline: t.clock.now() + DAY,
        sittings: [{ level: 3, name: '三级 第1场', startsAt, rooms: [{ name: 'A101', seats: 3 }, { name: 'A102', seats: 2 }] }],
      },
    });
    expect(created.status, JSON.stringify(created.json)).toBe(200);
    planId = created.json.planId;
    sittingId = created.json.sittingIds[0];
    const csv = ['姓名,身份证号,等级', '张三,11010519491231002X,三级', '赵六,420106200309151236,三级'].join('\r\n');
    const imported = await fetch(`${t.baseUrl}/api/admin/plans/${planId}/roster?fileName=r.csv&dryRun=false`, {
      method: 'POST',
      headers: { cookie: admin, 'content-type': 'application/octet-stream' },
      body: csv,
    });
    const report = (await imported.json()) as any;
    expect(report.imported, JSON.stringify(report)).toBe(2);
    seated = report.rows;
    rooms = Object.fromEntries((await seating()).rooms.map((r) => [r.name, r.id]));
    // The proctor watches A101; an incident was recorded there before the exam (a second login).
    const proctorId = ((await t.one("select id from users where login = 'proctor'")) as { id: number }).id;
    (await t.query('insert into proctor_assignments (user_id, sitting_id, room) values (?, ?, ?)', [proctorId, sittingId, 'A101']));
    const firstId = (await seating()).candidates[0]!.id;
    (await t.query("insert into incidents (sitting_id, room, candidate_id, at, kind) values (?, 'A101', ?, ?, 'second_login')", [sittingId, firstId, t.clock.now()]));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses malformed plans with 400 and changes nothing', async () => {
    const now = t.clock.now();
    const good = { title: 'x', examDate: '2027-06-01', registrationDeadline: now + DAY, sittings: [{ level: 4, name: 's', startsAt: now + 2 * DAY, rooms: [{ name: 'R1', seats: 10 }] }] };
    const bad = [
      { ...good, title: '   ' },
      { ...good, examDate: '2027/06/01' },
      { ...good, sittings: [] },
      { ...good, sittings: [{ ...good.sittings[0], level: 5 }] },
      { ...good, sittings: [{ ...good.sittings[0], rooms: [{ name: 'R1', seats: 0 }] }] },
      // The same room twice (after trimming) would break the sitting's unique room names.
      { ...good, sittings: [{ ...good.sittings[0], rooms: [{ name: 'R1', seats: 10 }, { name: ' R1 ', seats: 5 }] }] },
      { ...good, sittings: [{ ...good.sittings[0], parts: { theory: { durationMinutes: 2, passScore: 60 } } }] },
      { ...good, registrationDeadline: now + 3 * DAY },
      { ...good, extra: true },
    ];
    const before = await snapshot(t);
    for (const body of bad) {
      const res = await t.http('POST', '/api/admin/plans', { cookie: admin, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error.code).toBe('BAD_REQUEST');
    }
    expect(await snapshot(t)).toEqual(before);
  });

  it('adds a sitting to an existing plan, after its registration deadline only', async () => {
    const plan = (await t.http('GET', '/api/admin/plans', { cookie: admin })).json.find((p: { id: number }) => p.id === planId);
    const before = await snapshot(t);
    const early = await t.http('POST', `/api/admin/plans/${planId}/sittings`, { cookie: admin, body: { level: 2, name: '二级', startsAt: plan.registrationDeadline } });
    expect(early.status).toBe(400);
    expect((await t.http('POST', '/api/admin/plans/99999/sittings', { cookie: admin, body: { level: 2, name: '二级', startsAt } })).status).toBe(404);
    const twice = await t.http('POST', `/api/admin/plans/${planId}/sittings`, { cookie: admin, body: { level: 2, name: '二级', startsAt, rooms: [{ name: 'C301', seats: 20 }, { name: 'C301', seats: 5 }] } });
    expect(twice.status).toBe(400);
    expect(twice.json.error.issues).toContainEqual(expect.objectContaining({ path: 'rooms', message: 'Two rooms of a sitting cannot share a name' }));
    expect(await snapshot(t)).toEqual(before);
    const added = await t.http('POST', `/api/admin/plans/${planId}/sittings`, { cookie: admin, body: { level: 2, name: '二级 第1场', startsAt, rooms: [{ name: 'C301', seats: 20 }] } });
    expect(added.status, JSON.stringify(added.json)).toBe(200);
    const after = (await t.http('GET', '/api/admin/plans', { cookie: admin })).json.find((p: { id: number }) => p.id === planId);
    const l2 = after.sittings.find((s: { id: number }) => s.id === added.json.id);
    expect(l2.parts.map((p: { kind: string }) => p.kind)).toEqual(['theory', 'skills', 'review']);
    expect(l2.rooms.map((r: { name: string }) => r.name)).toEqual(['C301']);
    expect((await audit('sitting.created')).at(-1)).toMatchObject({ entityId: String(added.json.id) });
  });

  it('edits a part until a candidate starts it, with an audit entry', async () => {
    const plan = (await t.http('GET', '/api/admin/plans', { cookie: admin })).json.find((p: { id: number }) => p.id === planId);
    const theory = plan.sittings.find((s: { id: number }) => s.id === sittingId).parts[0];
    expect(theory).toMatchObject({ kind: 'theory', durationMinutes: 90, started: false });
    const put = await t.http('PUT', `/api/admin/sitting-parts/${theory.id}/settings`, { cookie: admin, body: { durationMinutes: 100, passScore: 70 } });
    expect(put.json).toEqual({ id: theory.id, durationMinutes: 100, passScore: 70 });
    expect(JSON.parse((await audit('sitting_part.updated')).at(-1)!.details)).toEqual({ before: { durationMinutes: 90, passScore: 60 }, after: { durationMinutes: 100, passScore: 70 } });

    const socket = await t.socket(await t.loginCandidate(0));
    unwrap(await emit(socket, 'session:start', { sittingPartId: t.exam.theoryPartId }));
    const before = await snapshot(t);
    const refused = await t.http('PUT', `/api/admin/sitting-parts/${t.exam.theoryPartId}/settings`, { cookie: admin, body: { durationMinutes: 120, passScore: 60 } });
    expect(refused.status).toBe(409);
    expect(await snapshot(t)).toEqual(before);
    const seeded = (await t.http('GET', '/api/admin/plans', { cookie: admin })).json.flatMap((p: { sittings: unknown[] }) => p.sittings).find((s: { id: number }) => s.id === t.exam.sittingId);
    expect(seeded.parts.map((p: { started: boolean }) => p.started)).toEqual([true, false]);
    expect(seeded.started).toBe(true);
  });

  it('renames a room in one step: candidates and proctor follow, the incident keeps the name it happened under', async () => {
    const res = await t.http('PUT', `/api/admin/rooms/${rooms.A101}`, { cookie: admin, body: { name: 'B101', seats: 3 } });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json).toEqual({ id: rooms.A101, name: 'B101', seats: 3 });
    expect((await seating()).candidates.map((c) => `${c.room}-${c.seat}`)).toEqual(['B101-01', 'B101-02']);
    expect(await t.query('select room from proctor_assignments where sitting_id = ?', [sittingId])).toEqual([{ room: 'B101' }]);
    expect(await t.query('select room from incidents where sitting_id = ?', [sittingId])).toEqual([{ room: 'A101' }]);
    const proctor = await t.socket(await t.loginStaff('proctor'));
    expect(unwrap(await emit(proctor, 'proctor:rooms', {})).filter((r) => r.sittingId === sittingId).map((r) => r.room)).toEqual(['B101']);
    const entry = (await audit('room.updated')).at(-1)!;
    expect(entry.entityId).toBe(String(rooms.A101));
    expect(JSON.parse(entry.details)).toMatchObject({ sittingId, before: { name: 'A101', seats: 3 }, after: { name: 'B101', seats: 3 }, renamed: { candidates: 2, proctorAssignments: 1 } });
  });

  it('refuses a name another room has, a shrink below the seated, and removing a room with candidates', async () => {
    const before = await snapshot(t);
    expect((await t.http('PUT', `/api/admin/rooms/${rooms.A101}`, { cookie: admin, body: { name: 'A102', seats: 3 } })).status).toBe(409);
    const shrink = await t.http('PUT', `/api/admin/rooms/${rooms.A101}`, { cookie: admin, body: { name: 'B101', seats: 1 } });
    expect(shrink.status).toBe(409);
    expect(shrink.json.error.message).toMatch(/at least 2/);
    expect((await t.http('DELETE', `/api/admin/rooms/${rooms.A101}`, { cookie: admin })).status).toBe(409);
    expect((await t.http('PUT', `/api/admin/rooms/${rooms.A101}`, { cookie: admin, body: { name: '', seats: 3 } })).status).toBe(400);
    expect((await t.http('PUT', '/api/admin/rooms/99999', { cookie: admin, body: { name: 'x', seats: 3 } })).status).toBe(404);
    expect(await snapshot(t)).toEqual(before);
  });

  it('moves a candidate to a free seat of the sitting, and the admission ticket follows', async () => {
    const second = (await seating()).candidates.find((c) => c.seat === '02')!;
    const before = await snapshot(t);
    const occupied = await t.http('PUT', `/api/admin/candidates/${second.id}/seat`, { cookie: admin, body: { roomId: rooms.A101, seat: 1 } });
    expect(occupied.status).toBe(409);
    expect((await t.http('PUT', `/api/admin/candidates/${second.id}/seat`, { cookie: admin, body: { roomId: rooms.A102, seat: 3 } })).status).toBe(400);
    const otherSitting = (await seating(t.exam.sittingId)).rooms;
    expect(otherSitting).toEqual([]);
    const c301 = (await t.one("select id from rooms where name = 'C301'")) as { id: number };
    expect((await t.http('PUT', `/api/admin/candidates/${second.id}/seat`, { cookie: admin, body: { roomId: c301.id, seat: 1 } })).status).toBe(400);
    expect(await snapshot(t)).toEqual(before);

    const moved = await t.http('PUT', `/api/admin/candidates/${second.id}/seat`, { cookie: admin, body: { roomId: rooms.A102, seat: 2 } });
    expect(moved.json).toEqual({ id: second.id, room: 'A102', seat: '02' });
    expect(await createTicketsDal(t.store.db).ticket(second.id)).toMatchObject({ room: 'A102', seat: '02' });
    const login = seated.find((s) => s.ticketNo === second.ticketNo)!;
    const res = await t.http('POST', '/api/auth/candidate/login', { body: { ticketNo: login.ticketNo, password: login.initialPassword } });
    const overview = await t.http('GET', '/api/candidate/overview', { cookie: res.headers.get('set-cookie')!.split(';')[0]! });
    expect(overview.json.candidate).toMatchObject({ room: 'A102', seat: '02' });
    expect(JSON.parse((await audit('candidate.seat_moved')).at(-1)!.details)).toMatchObject({ ticketNo: second.ticketNo, before: { room: 'B101', seat: '02' }, after: { room: 'A102', seat: '02' } });

    // Seat 02 of B101 is free now: the room shrinks to 1 seat; the emptied A102 cannot be removed, an empty room can.
    expect((await t.http('PUT', `/api/admin/rooms/${rooms.A101}`, { cookie: admin, body: { name: 'B101', seats: 1 } })).status).toBe(200);
    expect((await t.http('DELETE', `/api/admin/rooms/${rooms.A102}`, { cookie: admin })).status).toBe(409);
    const extra = await t.http('POST', `/api/admin/sittings/${sittingId}/rooms`, { cookie: admin, body: { name: 'D401', seats: 5 } });
    expect((await t.http('DELETE', `/api/admin/rooms/${extra.json.id}`, { cookie: admin })).status).toBe(200);
    expect((await seating()).rooms.map((r) => r.name)).toEqual(['B101', 'A102']);
    expect(JSON.parse((await audit('room.removed')).at(-1)!.details)).toMatchObject({ sittingId, before: { name: 'D401', seats: 5 } });
  });

  it('leaves a candidate who has started a part to the proctor, and fixes room names once the sitting starts', async () => {
    // The seeded sitting: candidate 0 started theory above, candidate 1 has not.
    const room = await t.http('POST', `/api/admin/sittings/${t.exam.sittingId}/rooms`, { cookie: admin, body: { name: '测试考场', seats: 30 } });
    expect(room.status).toBe(200);
    const [started, waiting] = (await seating(t.exam.sittingId)).candidates;
    expect([started!.started, waiting!.started]).toEqual([true, false]);
    const before = await snapshot(t);
    const refused = await t.http('PUT', `/api/admin/candidates/${started!.id}/seat`, { cookie: admin, body: { roomId: room.json.id, seat: 10 } });
    expect(refused.status).toBe(409);
    expect((await t.http('PUT', `/api/admin/rooms/${room.json.id}`, { cookie: admin, body: { name: '新考场', seats: 30 } })).status).toBe(409);
    expect(await snapshot(t)).toEqual(before);
    expect((await t.http('PUT', `/api/admin/candidates/${waiting!.id}/seat`, { cookie: admin, body: { roomId: room.json.id, seat: 10 } })).status).toBe(200);
    // Resizing stays possible after the start; renaming our own sitting stops at its start time.
    expect((await t.http('PUT', `/api/admin/rooms/${room.json.id}`, { cookie: admin, body: { name: '测试考场', seats: 40 } })).status).toBe(200);
    // A proctor admits someone at check-in before the start time: exam day is under way for that sitting.
    const first = (await seating()).candidates.find((c) => c.seat === '01')!;
    const proctorId = ((await t.one("select id from users where login = 'proctor'")) as { id: number }).id;
    expect((await t.http('PUT', `/api/admin/rooms/${rooms.A101}`, { cookie: admin, body: { name: 'B102', seats: 1 } })).status).toBe(200);
    (await t.query('insert into admissions (candidate_id, admitted_at, admitted_by) values (?, ?, ?)', [first.id, t.clock.now(), proctorId]));
    const beforeAdmitted = await snapshot(t);
    expect((await t.http('PUT', `/api/admin/rooms/${rooms.A101}`, { cookie: admin, body: { name: 'B101', seats: 1 } })).status).toBe(409);
    expect((await t.http('PUT', `/api/admin/candidates/${first.id}/seat`, { cookie: admin, body: { roomId: rooms.A102, seat: 1 } })).status).toBe(409);
    expect((await seating()).candidates.find((c) => c.id === first.id)!.started).toBe(true);
    expect(await snapshot(t)).toEqual(beforeAdmitted);
    (await t.query('delete from admissions where candidate_id = ?', [first.id]));

    await t.advance(startsAt - t.clock.now());
    // Days pass: the admin's login has expired meanwhile.
    admin = await t.loginStaff('admin');
    expect((await t.http('PUT', `/api/admin/rooms/${rooms.A101}`, { cookie: admin, body: { name: 'Z999', seats: 1 } })).status).toBe(409);
  });

  it('a move of a connected candidate reaches the proctor side at once: their next incident is under the new room', async () => {
    const room = await t.http('POST', `/api/admin/sittings/${t.exam.sittingId}/rooms`, { cookie: admin, body: { name: 'E501', seats: 5 } });
    expect(room.status).toBe(200);
    const waiting = (await seating(t.exam.sittingId)).candidates.find((c) => !c.started)!;
    const ticket = (await t.one('select ticket_no as "ticketNo" from candidates where id = ?', [waiting.id])) as { ticketNo: string };
    const index = ['T0001', 'T0002'].indexOf(ticket.ticketNo);
    const socket = await t.socket(await t.loginCandidate(index));
    // Connected: the proctor side knows where this candidate sits.
    unwrap(await emit(socket, 'candidate:signal', { kind: 'page_hidden' }));
    expect((await t.http('PUT', `/api/admin/candidates/${waiting.id}/seat`, { cookie: admin, body: { roomId: room.json.id, seat: 3 } })).status).toBe(200);
    unwrap(await emit(socket, 'candidate:signal', { kind: 'focus_lost' }));
    const rooms = (await t.query('select kind, room from incidents where candidate_id = ? order by id', [waiting.id])) as { kind: string; room: string }[];
    expect(rooms.filter((r) => r.kind !== 'reconnected' && r.kind !== 'disconnected').map((r) => [r.kind, r.room])).toEqual([
      ['page_hidden', waiting.room],
      ['focus_lost', 'E501'],
    ]);
  });

  it('removing an empty room that had a proctor tells their open console', async () => {
    const room = await t.http('POST', `/api/admin/sittings/${t.exam.sittingId}/rooms`, { cookie: admin, body: { name: 'F601', seats: 5 } });
    const proctorId = ((await t.one("select id from users where login = 'proctor'")) as { id: number }).id;
    const proctor = await t.socket(await t.loginStaff('proctor'));
    const assigned = nextEvent(proctor, 'proctor:rooms_changed');
    expect((await t.http('PUT', `/api/admin/sittings/${t.exam.sittingId}/proctors`, { cookie: admin, body: { rooms: [{ room: 'F601', userIds: [proctorId] }] } })).status).toBe(200);
    expect(await assigned).toMatchObject({ room: 'F601', assigned: true });
    const withdrawn = nextEvent(proctor, 'proctor:rooms_changed');
    expect((await t.http('DELETE', `/api/admin/rooms/${room.json.id}`, { cookie: admin })).status).toBe(200);
    expect(await withdrawn).toEqual({ sittingId: t.exam.sittingId, room: 'F601', assigned: false });
  });
});
