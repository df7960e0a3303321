import { afterAll, beforeAll, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { idNumberCheckChar } from '@shared/id-number.ts';
import { ManualClock } from '../../../server/src/core/clock.ts';
import { tablesOf, type Db } from '../../../server/src/core/db/store.ts';
import type { SessionUser } from '../../../server/src/core/session-user.ts';
import { asyncLogins } from '../../../server/src/features/auth/logins.ts';
import { accommodationsRoutes } from '../../../server/src/features/planning/accommodations-routes.ts';
import { createAccommodationsService } from '../../../server/src/features/planning/accommodations-service.ts';
import { planningRoutes } from '../../../server/src/features/planning/planning-routes.ts';
import { createPlans } from '../../../server/src/features/planning/plans.ts';
import { createRoomsService } from '../../../server/src/features/planning/rooms-service.ts';
import { createRosterPhotos, type PhotoKeeper } from '../../../server/src/features/planning/roster-photos.ts';
import { createRosterService } from '../../../server/src/features/planning/roster-service.ts';
import { createTicketing } from '../../../server/src/features/tickets/ticketing.ts';
import { seatHolders } from '../../../server/src/features/tickets/seat-holders.ts';
import { createCandidateDirectory } from '../../../server/src/features/tickets/candidate-directory.ts';
import { startedSessions } from '../../../server/src/features/exam/started-sessions.ts';
import { roomAssignments } from '../../../server/src/features/proctor/room-assignments.ts';
import { seedOffice } from '../../helpers/planning-seed.ts';
import { startFeatureServer, type FeatureServer } from '../../helpers/feature-server.ts';
import { describeStores, openTestStore, type TestStore } from '../../helpers/stores.ts';

const DAY = 86_400_000;
/** A valid 公民身份号码 for person n (born 1990-01-01, sequence n). */
const idNumber = (n: number) => {
  const first17 = `11010519900101${String(n).padStart(3, '0')}`;
  return first17 + idNumberCheckChar(first17);
};
const rosterCsv = (people: readonly { name: string; n: number; level?: number; accommodations?: string }[]) =>
  Buffer.from(['姓名,身份证号,等级,考试便利', ...people.map((p) => `${p.name},${idNumber(p.n)},${p.level ?? 3},${p.accommodations ?? ''}`)].join('\r\n'), 'utf8');

/**
 * Exam plans, rooms, seating, the roster import and accommodations (issue #16) on each store of
 * the matrix, through the routes; the races PostgreSQL opens (two imports into one plan, rooms
 * edited while candidates are seated, two moves into one seat) each against their guard.
 * (tests/integration/planning/*.test.ts run the same routes in the whole app on SQLite.)
 */
await describeStores('planning on the async data layer', (dialect) => {
  const clock = new ManualClock();
  let t: TestStore;
  let db: Db;
  let server: FeatureServer;
  const users: Record<string, SessionUser> = {};
  const seatingChanged: number[] = [];
  const tickets = () => createTicketing({ db, plansOf: (on) => createPlans(on, seatHolders), logins: asyncLogins });
  const accommodations = () => createAccommodationsService({ db, clock, seats: seatHolders, candidates: createCandidateDirectory(db) });
  const examDayPorts = { seats: seatHolders, started: startedSessions, proctors: roomAssignments };

  const post = (url: string, body: unknown) => server.http('POST', url, { cookie: server.cookie('admin'), body });
  const put = (url: string, body: unknown) => server.http('PUT', url, { cookie: server.cookie('admin'), body });
  async function importRoster(planId: number, content: Buffer, dryRun = false) {
    const res = await fetch(`${server.baseUrl}/api/admin/plans/${planId}/roster?fileName=roster.csv&dryRun=${dryRun}`, {
      method: 'POST',
      headers: { cookie: server.cookie('admin'), 'content-type': 'application/octet-stream' },
      body: new Uint8Array(content),
    });
    return { status: res.status, json: (await res.json()) as any };
  }
  async function newPlan(title: string, rooms: { name: string; seats: number }[]) {
    const res = await post('/api/admin/plans', {
      title,
      examDate: '2027-03-01',
      registrationDeadline: clock.now() + DAY,
      sittings: [{ level: 3, name: `${title} 三级`, startsAt: clock.now() + 5 * DAY, rooms }],
    });
    expect(res.status).toBe(200);
    return { planId: res.json.planId as number, sittingId: res.json.sittingIds[0] as number };
  }
  async function seated(sittingId: number) {
    const { candidates } = tablesOf(db);
    return db.select({ id: candidates.id, room: candidates.room, seat: candidates.seat, idNumber: candidates.idNumber }).from(candidates).where(eq(candidates.sittingId, sittingId));
  }
  async function roomsOf(sittingId: number) {
    return createPlans(db, seatHolders).roomsOf(sittingId);
  }

  beforeAll(async () => {
    t = await openTestStore(dialect);
    db = t.store.db;
    users.admin = await seedOffice(db, clock);
    const photos = { maxPhotoBytes: 1, receivePhoto: async () => Promise.reject(new Error('no photos here')), discardPhoto: () => {}, keepPhoto: () => {} } as unknown as PhotoKeeper;
    const acc = accommodations();
    server = await startFeatureServer({
      users,
      register: async (api) => {
        await api.register(planningRoutes, {
          prefix: '/admin',
          roster: createRosterService({ db, clock, planAccommodations: acc.setImported, tickets: tickets(), candidates: createCandidateDirectory(db), ...examDayPorts }),
          rooms: createRoomsService({ db, clock, ...examDayPorts, onSeatingChanged: (id) => seatingChanged.push(id), withPhoto: async (ids) => new Set(ids.slice(0, 1)) }),
          photos: createRosterPhotos({ db, clock, identity: photos, seats: seatHolders }),
        });
        await api.register(accommodationsRoutes, { prefix: '/admin', accommodations: acc });
      },
    });
  });
  afterAll(async () => {
    await server?.close();
    await t?.close();
  });

  it('creates a plan, adds a sitting and a room, edits a part, and lists them', async () => {
    const { planId, sittingId } = await newPlan('计划一', [{ name: 'A101', seats: 2 }]);
    expect((await post(`/api/admin/plans/${planId}/sittings`, { level: 2, name: '二级', startsAt: clock.now(), rooms: [] })).json.error.key).toBe('plan.sittingBeforeDeadline');
    const added = await post(`/api/admin/plans/${planId}/sittings`, { level: 2, name: '二级', startsAt: clock.now() + 6 * DAY, rooms: [{ name: 'B201', seats: 3 }] });
    expect(added.status).toBe(200);
    expect((await post(`/api/admin/sittings/${sittingId}/rooms`, { name: 'A101', seats: 5 })).json.error.key).toBe('plan.roomNameTaken');
    expect((await post(`/api/admin/sittings/${sittingId}/rooms`, { name: 'A102', seats: 5 })).json).toMatchObject({ name: 'A102', seats: 5 });
    const list = await server.http('GET', '/api/admin/plans', { cookie: server.cookie('admin') });
    const plan = list.json.find((p: { id: number }) => p.id === planId);
    expect(plan.sittings.map((s: { level: number; rooms: { name: string }[]; candidates: number; started: boolean }) => [s.level, s.rooms.map((r) => r.name), s.candidates, s.started])).toEqual([
      [3, ['A101', 'A102'], 0, false],
      [2, ['B201'], 0, false],
    ]);
    const part = plan.sittings[0].parts[0];
    expect((await put(`/api/admin/sitting-parts/${part.id}/settings`, { durationMinutes: 100, passScore: 61 })).json).toEqual({ id: part.id, durationMinutes: 100, passScore: 61 });
    const { auditLog } = tablesOf(db);
    const audits = await db.select({ action: auditLog.action }).from(auditLog).orderBy(auditLog.id);
    expect(audits.map((a) => a.action)).toEqual(['plan.created', 'sitting.created', 'room.created', 'sitting_part.updated']);
  });

  it('imports a roster (a check first writes nothing) with accommodations; a second import finds them there', async () => {
    const { planId, sittingId } = await newPlan('名单计划', [{ name: 'A101', seats: 2 }, { name: 'A102', seats: 2 }]);
    const csv = rosterCsv([{ name: '张三', n: 1, accommodations: '理论+20分钟' }, { name: '李四', n: 2 }, { name: '王五', n: 3, level: 1 }]);
    const check = await importRoster(planId, csv, true);
    expect(check.json).toMatchObject({ dryRun: true, ok: 2, errors: 1, imported: 0 });
    expect(await seated(sittingId)).toEqual([]);
    const done = await importRoster(planId, csv);
    expect(done.json).toMatchObject({ imported: 2, errors: 1 });
    expect(done.json.rows.map((r: { status: string; room: string | null; seat: string | null }) => [r.status, r.room, r.seat])).toEqual([
      ['imported', 'A101', '01'],
      ['imported', 'A101', '02'],
      ['error', null, null],
    ]);
    const first = done.json.rows[0];
    const view = await server.http('GET', `/api/admin/accommodations/${first.ticketNo}`, { cookie: server.cookie('admin') });
    expect(view.json.extraTime.theory).toEqual({ unit: 'minutes', value: 20 });
    const again = await importRoster(planId, csv);
    expect(again.json.rows.map((r: { errors: { key: string }[] }) => r.errors[0]?.key)).toEqual(['plan.rosterRow.alreadyCandidate', 'plan.rosterRow.alreadyCandidate', 'plan.rosterRow.noSittingOfLevel']);
  });

  it('takes two imports of one roster into a plan in turn: each person is seated once', async () => {
    const { planId, sittingId } = await newPlan('并发导入', [{ name: 'A101', seats: 30 }]);
    const people = Array.from({ length: 8 }, (_, i) => ({ name: `考生${i + 1}`, n: 100 + i }));
    // Without the plan's row lock on PostgreSQL both read "nobody imported yet" and seat everyone twice.
    const [a, b] = await Promise.all([importRoster(planId, rosterCsv(people)), importRoster(planId, rosterCsv(people))]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect([a.json.imported, b.json.imported].sort()).toEqual([0, 8]);
    const rows = await seated(sittingId);
    expect(rows).toHaveLength(8);
    expect(new Set(rows.map((r) => r.idNumber)).size).toBe(8);
    expect(new Set(rows.map((r) => r.seat)).size).toBe(8);
  });

  it('never leaves a candidate outside a room shrunk while candidates are being seated into it', async () => {
    // Rounds, since a race is a matter of timing. Each seats two in A101 (6 seats), then shrinks it
    // to 2 seats while three more are issued tickets (each in its own transaction, as approvals are;
    // four in all, so each has a connection of the pool at once). Without the sitting's row lock in
    // the room edit on PostgreSQL, the shrink reads two seated and the issues read six seats: someone
    // ends up in seat 03 of a 2-seat room. With it, the shrink is refused or the issues go to A102.
    const rooms = createRoomsService({ db, clock, ...examDayPorts, withPhoto: () => new Set() });
    for (let round = 0; round < 5; round++) {
      const { sittingId } = await newPlan(`缩小考场 ${round}`, [{ name: 'A101', seats: 6 }, { name: 'A102', seats: 20 }]);
      const a101 = (await roomsOf(sittingId)).find((r) => r.name === 'A101')!;
      const issue = (i: number) =>
        db.transaction((tx) =>
          tickets().issue(tx, { examDate: '2027-03-01', planTitle: '缩小考场', sitting: { id: sittingId, level: 3, name: '三级' }, name: `考生${i}`, idNumber: idNumber(200 + i), passwordHash: 'x', now: clock.now() }),
        );
      await issue(0);
      await issue(1);
      const [shrink] = await Promise.allSettled([rooms.updateRoom(users.admin!.userId, a101.id, { name: 'A101', seats: 2 }), issue(2), issue(3), issue(4)]);
      if (shrink.status === 'rejected') expect(shrink.reason).toMatchObject({ detail: { key: 'plan.roomTooSmall' } });
      const size = (await roomsOf(sittingId)).find((r) => r.name === 'A101')!.seats;
      const inA101 = (await seated(sittingId)).filter((c) => c.room === 'A101').map((c) => Number(c.seat));
      expect({ size, inA101: inA101.filter((seat) => seat > size) }).toEqual({ size, inA101: [] });
      expect(await seated(sittingId)).toHaveLength(5);
    }
  });

  it('moves candidates between seats: two moves into one free seat at once give one 200 and one 409', async () => {
    const { planId, sittingId } = await newPlan('换座', [{ name: 'A101', seats: 3 }, { name: 'A102', seats: 3 }]);
    await importRoster(planId, rosterCsv([{ name: '甲', n: 301 }, { name: '乙', n: 302 }]));
    const [c1, c2] = (await seated(sittingId)).sort((x, y) => x.id - y.id);
    const a102 = (await roomsOf(sittingId)).find((r) => r.name === 'A102')!;
    seatingChanged.length = 0;
    // Without the sitting's row lock on PostgreSQL both see the seat free: the unique seat index then refuses one with a 500.
    const moves = await Promise.all([put(`/api/admin/candidates/${c1!.id}/seat`, { roomId: a102.id, seat: 2 }), put(`/api/admin/candidates/${c2!.id}/seat`, { roomId: a102.id, seat: 2 })]);
    expect(moves.map((m) => m.status).sort()).toEqual([200, 409]);
    expect(moves.find((m) => m.status === 409)!.json.error.key).toBe('plan.seatTaken');
    expect(seatingChanged).toEqual([sittingId]);
    const seating = await server.http('GET', `/api/admin/sittings/${sittingId}/seating`, { cookie: server.cookie('admin') });
    expect(seating.json.candidates.map((c: { room: string; seat: string; started: boolean; hasPhoto: boolean }) => [c.room, c.seat, c.started, c.hasPhoto])).toEqual([
      ['A101', moves[0]!.status === 200 ? '02' : '01', false, expect.any(Boolean)],
      ['A102', '02', false, expect.any(Boolean)],
    ]);
    expect((await put(`/api/admin/candidates/${c1!.id}/seat`, { roomId: a102.id, seat: 9 })).json.error.key).toBe('plan.noSuchSeat');
  });

  it('renames and removes rooms: candidates follow a rename; a room with candidates stays', async () => {
    const { planId, sittingId } = await newPlan('改名', [{ name: 'A101', seats: 2 }, { name: 'A102', seats: 2 }]);
    await importRoster(planId, rosterCsv([{ name: '甲', n: 401 }]));
    const [a101, a102] = await roomsOf(sittingId);
    expect((await put(`/api/admin/rooms/${a101!.id}`, { name: 'A102', seats: 2 })).json.error.key).toBe('plan.roomNameTaken');
    expect((await put(`/api/admin/rooms/${a101!.id}`, { name: 'C301', seats: 3 })).json).toEqual({ id: a101!.id, name: 'C301', seats: 3 });
    expect((await seated(sittingId)).map((c) => c.room)).toEqual(['C301']);
    expect((await server.http('DELETE', `/api/admin/rooms/${a101!.id}`, { cookie: server.cookie('admin') })).json.error.key).toBe('plan.roomHasCandidates');
    expect((await server.http('DELETE', `/api/admin/rooms/${a102!.id}`, { cookie: server.cookie('admin') })).status).toBe(200);
    expect((await roomsOf(sittingId)).map((r) => r.name)).toEqual(['C301']);
  });

  it("knows exam day has begun from exam's sessions and proctor's admissions (ports), and then fixes parts, seats and room names", async () => {
    const { planId, sittingId } = await newPlan('开考', [{ name: 'A101', seats: 3 }]);
    await importRoster(planId, rosterCsv([{ name: '甲', n: 601 }, { name: '乙', n: 602 }, { name: '丙', n: 603 }]));
    const [c1, c2, c3] = (await seated(sittingId)).sort((x, y) => x.id - y.id);
    const sittingOf = async () => (await server.http('GET', '/api/admin/plans', { cookie: server.cookie('admin') })).json.find((p: { id: number }) => p.id === planId).sittings[0];
    const seating = async () => (await server.http('GET', `/api/admin/sittings/${sittingId}/seating`, { cookie: server.cookie('admin') })).json.candidates.map((c: { id: number; started: boolean }) => [c.id, c.started]);
    const [a101] = await roomsOf(sittingId);
    const [theory, skills] = (await sittingOf()).parts as { id: number }[];
    // A session not started yet is no sign; an admission is.
    const { admissions, examSessions } = tablesOf(db);
    await db.insert(examSessions).values({ candidateId: c3!.id, sittingPartId: theory!.id, status: 'not_started' });
    expect((await sittingOf()).started).toBe(false);
    await db.insert(admissions).values({ candidateId: c2!.id, admittedAt: clock.now(), admittedBy: users.admin!.userId });
    expect((await sittingOf()).started).toBe(true);
    expect((await put(`/api/admin/rooms/${a101!.id}`, { name: 'A109', seats: 3 })).json.error.key).toBe('plan.renameStarted');
    await db.delete(admissions).where(eq(admissions.candidateId, c2!.id));
    await db.insert(examSessions).values({ candidateId: c1!.id, sittingPartId: theory!.id, status: 'in_progress', startedAt: clock.now(), deadline: clock.now() + 90 * 60_000 });
    const sitting = await sittingOf();
    expect([sitting.started, sitting.parts.map((p: { started: boolean }) => p.started)]).toEqual([true, [true, false]]);
    expect(await seating()).toEqual([
      [c1!.id, true],
      [c2!.id, false],
      [c3!.id, false],
    ]);
    expect((await put(`/api/admin/sitting-parts/${theory!.id}/settings`, { durationMinutes: 100, passScore: 61 })).json.error.key).toBe('plan.partStarted');
    expect((await put(`/api/admin/sitting-parts/${skills!.id}/settings`, { durationMinutes: 100, passScore: 61 })).status).toBe(200);
    expect((await put(`/api/admin/candidates/${c1!.id}/seat`, { roomId: a101!.id, seat: 3 })).json.error.key).toBe('plan.moveStarted');
    expect((await put(`/api/admin/rooms/${a101!.id}`, { name: 'A109', seats: 3 })).json.error.key).toBe('plan.renameStarted');
  });

  it('sets accommodations with an audit naming both versions, and answers the ports for exam and proctor', async () => {
    const { planId, sittingId } = await newPlan('便利', [{ name: 'A101', seats: 2 }]);
    const report = await importRoster(planId, rosterCsv([{ name: '甲', n: 501 }]));
    const ticketNo = report.json.rows[0].ticketNo as string;
    const [candidate] = await seated(sittingId);
    const next = { extraTime: { theory: { unit: 'percent', value: 25 }, skills: null }, separateRoom: true, largePrint: false, screenReader: false, other: '靠窗' };
    const set = await put(`/api/admin/accommodations/${ticketNo}`, { ...next, source: 'seating' });
    expect(set.json).toMatchObject({ ticketNo, separateRoom: true, other: '靠窗' });
    expect((await server.http('GET', '/api/admin/accommodations/000000000000', { cookie: server.cookie('admin') })).json.error.key).toBe('accommodation.noCandidate');
    const acc = accommodations();
    expect(await acc.plannedExtraTime(candidate!.id, 'theory')).toEqual({ unit: 'percent', value: 25 });
    expect(await acc.plannedExtraTime(candidate!.id, 'skills')).toBeNull();
    expect((await acc.ofCandidates([candidate!.id, 999_999])).get(candidate!.id)).toMatchObject({ separateRoom: true });
    const { auditLog } = tablesOf(db);
    const [audit] = await db.select().from(auditLog).where(and(eq(auditLog.action, 'accommodation.set'), eq(auditLog.entityId, String(candidate!.id))));
    expect(JSON.parse(audit!.detailsJson)).toMatchObject({ source: 'seating', from: { separateRoom: false }, to: { separateRoom: true } });
  });
});
