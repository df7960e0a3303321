import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPlan } from '../../../server/src/features/planning/plan-setup.ts';
import { roomChannel } from '../../../server/src/features/proctor/proctor-service.ts';
import { emit, nextEvent, seedOtherSitting, TestExam, unwrap, type ClientSocket } from '../../helpers/test-exam.ts';
import { snapshot } from '../abuse/abuse-helpers.ts';
import { describeStores } from '../../helpers/stores.ts';

const DAY = 86_400_000;
const OTHER_ROOM = '第2考场';

await describeStores('proctors assigned to rooms by the exam office', (dialect) => {
  let t: TestExam;
  let admin: string;
  let proctorCookie: string;
  let proctor: ClientSocket;
  let other: { sittingId: number; theoryPartId: number };
  let userId: (login: string) => Promise<number>;

  const get = (sittingId: number) => t.http('GET', `/api/admin/sittings/${sittingId}/proctors`, { cookie: admin });
  const put = (sittingId: number, rooms: { room: string; userIds: number[] }[], cookie = admin) => t.http('PUT', `/api/admin/sittings/${sittingId}/proctors`, { cookie, body: { rooms } });
  const auditOf = async (action: string) =>
    ((await t.query('select actor_user_id as actor, entity_id as "entityId", details_json as details from audit_log where action = ? order by id', [action])) as { actor: number; entityId: string; details: string }[]).map((r) => ({
      ...r,
      details: JSON.parse(r.details) as Record<string, unknown>,
    }));
  const rooms = async () => unwrap(await emit(proctor, 'proctor:rooms', {})).map((r) => `${r.sittingId}:${r.room}`);
  const watch = () => emit(proctor, 'proctor:watch', { sittingId: other.sittingId, room: OTHER_ROOM, sittingPartId: other.theoryPartId });

  beforeAll(async () => {
    t = await TestExam.start({}, { store: dialect });
    admin = await t.loginStaff('admin');
    proctorCookie = await t.loginStaff('proctor');
    proctor = await t.socket(proctorCookie);
    // A second sitting with a candidate in a room nobody proctors yet.
    const seeded = await seedOtherSitting(t, OTHER_ROOM);
    other = seeded;
    (await t.query("insert into rooms (sitting_id, name, seats) values (?, 'B站空考场', 30)", [other.sittingId]));
    userId = async (login) => ((await t.one('select id from users where login = ?', [login])) as { id: number }).id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists the rooms of a sitting (room list and rooms holding candidates) with their proctors', async () => {
    const res = await get(other.sittingId);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      sittingId: other.sittingId,
      rooms: [
        { room: OTHER_ROOM, seats: null, candidates: 1, proctorUserIds: [] },
        { room: 'B站空考场', seats: 30, candidates: 0, proctorUserIds: [] },
      ],
    });
    const own = await get(t.exam.sittingId);
    expect(own.json.rooms).toEqual([{ room: '测试考场', seats: null, candidates: 2, proctorUserIds: [(await userId('proctor'))] }]);
    expect((await get(999_999)).status).toBe(404);
  });

  it('a proctor assigned to a room sees it and can watch it; taken off it, they are refused and stop receiving it', async () => {
    expect(await rooms()).not.toContain(`${other.sittingId}:${OTHER_ROOM}`);
    const refused = await watch();
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe('FORBIDDEN');

    const toldAssigned = nextEvent(proctor, 'proctor:rooms_changed');
    const assigned = await put(other.sittingId, [{ room: OTHER_ROOM, userIds: [(await userId('proctor'))] }]);
    expect(assigned.status, JSON.stringify(assigned.json)).toBe(200);
    // The open console is told, so its room list follows without a reload.
    expect(await toldAssigned).toEqual({ sittingId: other.sittingId, room: OTHER_ROOM, assigned: true });
    expect(assigned.json).toEqual({ added: 1, removed: 0 });
    expect(await rooms()).toContain(`${other.sittingId}:${OTHER_ROOM}`);
    const snap = unwrap(await watch());
    expect(snap.rows.map((r) => r.name)).toEqual(['考生丙']);
    expect(t.app.io.sockets.adapter.rooms.get(roomChannel(other.sittingId, OTHER_ROOM))?.size).toBe(1);
    expect((await auditOf('assignment.proctor_added')).at(-1)).toMatchObject({ actor: (await userId('admin')), entityId: String(other.sittingId), details: { sittingId: other.sittingId, room: OTHER_ROOM, userId: (await userId('proctor')), login: 'proctor' } });

    const toldRemoved = nextEvent(proctor, 'proctor:rooms_changed');
    const removed = await put(other.sittingId, [{ room: OTHER_ROOM, userIds: [] }]);
    expect(await toldRemoved).toEqual({ sittingId: other.sittingId, room: OTHER_ROOM, assigned: false });
    expect(removed.json).toEqual({ added: 0, removed: 1 });
    expect(t.app.io.sockets.adapter.rooms.get(roomChannel(other.sittingId, OTHER_ROOM))?.size ?? 0).toBe(0);
    expect(await rooms()).not.toContain(`${other.sittingId}:${OTHER_ROOM}`);
    const again = await watch();
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error.code).toBe('FORBIDDEN');
    const csv = await t.http('GET', `/api/proctor/export.csv?sittingId=${other.sittingId}&room=${encodeURIComponent(OTHER_ROOM)}&what=incidents`, { cookie: proctorCookie });
    expect(csv.status).toBe(403);
    expect((await auditOf('assignment.proctor_removed')).at(-1)).toMatchObject({ actor: (await userId('admin')), details: { sittingId: other.sittingId, room: OTHER_ROOM, userId: (await userId('proctor')) } });
    // Their own room is untouched.
    expect(await rooms()).toContain(`${t.exam.sittingId}:测试考场`);
  });

  it('saving the same list again changes and audits nothing', async () => {
    await put(other.sittingId, [{ room: 'B站空考场', userIds: [(await userId('proctor'))] }]);
    const before = await snapshot(t);
    const res = await put(other.sittingId, [{ room: 'B站空考场', userIds: [(await userId('proctor')), (await userId('proctor'))] }]);
    expect(res.json).toEqual({ added: 0, removed: 0 });
    expect(await snapshot(t)).toEqual(before);
  });

  it('refuses a grader, an admin, a disabled proctor, an unknown user, an unknown room, a room listed twice, an unknown sitting; nothing changes', async () => {
    const disabled = ((await t.one("insert into users (role, login, display_name, password_hash, created_at, disabled_at) values ('proctor', 'gone.proctor', '停用', 'x', 0, 1) returning id")) as { id: number }).id;
    const before = await snapshot(t);
    const cases: [number, { room: string; userIds: number[] }[], number, RegExp][] = [
      [other.sittingId, [{ room: OTHER_ROOM, userIds: [(await userId('grader'))] }], 400, /Not active proctors: grader/],
      [other.sittingId, [{ room: OTHER_ROOM, userIds: [(await userId('admin'))] }], 400, /Not active proctors: admin/],
      [other.sittingId, [{ room: OTHER_ROOM, userIds: [(await userId('T0001'))] }], 400, /Not active proctors: T0001/],
      [other.sittingId, [{ room: OTHER_ROOM, userIds: [disabled] }], 400, /Not active proctors: gone.proctor/],
      [other.sittingId, [{ room: OTHER_ROOM, userIds: [(await userId('proctor')), 987_654] }], 400, /No such users: 987654/],
      [other.sittingId, [{ room: '不存在的考场', userIds: [(await userId('proctor'))] }], 404, /No room/],
      // A room of another sitting is not a room of this one.
      [other.sittingId, [{ room: '测试考场', userIds: [(await userId('proctor'))] }], 404, /No room/],
      [other.sittingId, [{ room: OTHER_ROOM, userIds: [] }, { room: OTHER_ROOM, userIds: [(await userId('proctor'))] }], 400, /twice/],
      [999_999, [{ room: OTHER_ROOM, userIds: [(await userId('proctor'))] }], 404, /No such sitting/],
    ];
    for (const [sittingId, body, status, message] of cases) {
      const res = await put(sittingId, body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.json.error.message).toMatch(message);
    }
    expect((await t.http('PUT', `/api/admin/sittings/${other.sittingId}/proctors`, { cookie: admin, body: { rooms: [] } })).status).toBe(400);
    expect((await put(other.sittingId, [{ room: OTHER_ROOM, userIds: [(await userId('proctor'))] }], proctorCookie)).status).toBe(403);
    expect(await snapshot(t)).toEqual(before);
  });

  it('a room that left the sitting can still be cleared of its proctors, not given new ones', async () => {
    const plan = await createPlan(t.store.db, t.clock, { title: '清理计划', examDate: '2027-03-01', registrationDeadline: t.clock.now() + DAY, sittings: [{ level: 3, name: '三级', startsAt: t.clock.now() + 5 * DAY, rooms: [{ name: 'C1', seats: 5 }] }] });
    const sittingId = plan.sittingIds[0]!;
    (await t.query("insert into proctor_assignments (user_id, sitting_id, room) values (?, ?, 'GONE')", [(await userId('proctor')), sittingId]));
    const listed = await get(sittingId);
    expect(listed.json.rooms).toEqual([
      { room: 'C1', seats: 5, candidates: 0, proctorUserIds: [] },
      { room: 'GONE', seats: null, candidates: 0, proctorUserIds: [(await userId('proctor'))] },
    ]);
    expect((await put(sittingId, [{ room: 'GONE', userIds: [(await userId('proctor'))] }])).status).toBe(404);
    expect((await put(sittingId, [{ room: 'GONE', userIds: [] }])).json).toEqual({ added: 0, removed: 1 });
    expect((await get(sittingId)).json.rooms.map((r: { room: string }) => r.room)).toEqual(['C1']);
  });

  it('keeps a proctor disabled after assignment listed until removed: the room can still be saved', async () => {
    const later = ((await t.one("insert into users (role, login, display_name, password_hash, created_at) values ('proctor', 'later.gone', '将停用', 'x', 0) returning id")) as { id: number }).id;
    expect((await put(other.sittingId, [{ room: 'B站空考场', userIds: [later] }])).status).toBe(200);
    (await t.query('update users set disabled_at = 1 where id = ?', [later]));
    const again = await put(other.sittingId, [{ room: 'B站空考场', userIds: [later, (await userId('proctor'))] }]);
    expect([again.status, again.json]).toEqual([200, { added: 1, removed: 0 }]);
    expect((await put(other.sittingId, [{ room: 'B站空考场', userIds: [(await userId('proctor'))] }])).json).toEqual({ added: 0, removed: 1 });
  });
});
