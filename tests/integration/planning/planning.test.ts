import { afterAll, beforeAll, expect, it } from 'vitest';
import { emit, TestExam, unwrap } from '../../helpers/test-exam.ts';
import { snapshot } from '../abuse/abuse-helpers.ts';
import { describeStores } from '../../helpers/stores.ts';

const DAY = 86_400_000;

await describeStores('exam plans: creation with part settings, editable until started', (dialect) => {
  let t: TestExam;
  let admin: string;
  beforeAll(async () => {
    t = await TestExam.start({}, { store: dialect });
    admin = await t.loginStaff('admin');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('creates a plan whose level-2 sitting has the review part and edited settings', async () => {
    const now = t.clock.now();
    const res = await t.http('POST', '/api/admin/plans', {
      cookie: admin,
      body: {
        title: '2027年第二期',
        examDate: '2027-06-01',
        registrationDeadline: now + 10 * DAY,
        sittings: [
          { level: 2, name: '二级 第1场', startsAt: now + 20 * DAY, rooms: [{ name: 'B201', seats: 40 }], parts: { theory: { durationMinutes: 100, passScore: 65 } } },
          { level: 4, name: '四级 第1场', startsAt: now + 20 * DAY },
        ],
      },
    });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const plans = (await t.http('GET', '/api/admin/plans', { cookie: admin })).json;
    const plan = plans.find((p: { id: number }) => p.id === res.json.planId);
    const l2 = plan.sittings.find((s: { level: number }) => s.level === 2);
    expect(l2.parts.map((p: { kind: string; durationMinutes: number; passScore: number }) => [p.kind, p.durationMinutes, p.passScore])).toEqual([
      ['theory', 100, 65],
      ['skills', 120, 60],
      ['review', 20, 60],
    ]);
    expect(plan.sittings.find((s: { level: number }) => s.level === 4).parts.map((p: { kind: string }) => p.kind)).toEqual(['theory', 'skills']);
    const skills = l2.parts[1];
    const put = await t.http('PUT', `/api/admin/sitting-parts/${skills.id}/settings`, { cookie: admin, body: { durationMinutes: 150, passScore: 60 } });
    expect(put.json).toEqual({ id: skills.id, durationMinutes: 150, passScore: 60 });
  });

  it('refuses a deadline after a sitting starts, and changes nothing', async () => {
    const before = await snapshot(t);
    const now = t.clock.now();
    const res = await t.http('POST', '/api/admin/plans', {
      cookie: admin,
      body: { title: 'x', examDate: '2027-06-01', registrationDeadline: now + 30 * DAY, sittings: [{ level: 3, name: 'x', startsAt: now + 20 * DAY }] },
    });
    expect(res.status).toBe(400);
    expect(await snapshot(t)).toEqual(before);
  });

  it('fixes a part once a candidate has started it', async () => {
    const socket = await t.socket(await t.loginCandidate(0));
    unwrap(await emit(socket, 'session:start', { sittingPartId: t.exam.theoryPartId }));
    const res = await t.http('PUT', `/api/admin/sitting-parts/${t.exam.theoryPartId}/settings`, { cookie: admin, body: { durationMinutes: 10, passScore: 1 } });
    expect(res.status).toBe(409);
    expect((await t.http('PUT', `/api/admin/sitting-parts/${t.exam.skillsPartId}/settings`, { cookie: admin, body: { durationMinutes: 4, passScore: 60 } })).status).toBe(400);
  });
});
