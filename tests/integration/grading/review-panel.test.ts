import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPlan } from '../../../server/src/features/planning/plan-setup.ts';
import { startGradingExam } from '../../helpers/grading-exam.ts';
import { describeStores } from '../../helpers/stores.ts';

type T = Awaited<ReturnType<typeof startGradingExam>>;

await describeStores('review panel (综合评审)', (dialect) => {
  let t: T;
  const cookie: Record<string, string> = {};
  let reviewPartId: number;
  const candidateId = async (ticket: string) => ((await t.one('select id from candidates where ticket_no = ?', [ticket])) as { id: number }).id;

  beforeAll(async () => {
    t = await startGradingExam(dialect);
    // The helper seeds a level-4 sitting; make it a level-2 one with its review part.
    (await t.query('update sittings set level = 2 where id = ?', [t.exam.sittingId]));
    reviewPartId = (await t.one("insert into sitting_parts (sitting_id, part, duration_minutes, pass_score) values (?, 'review', 20, 60) returning id", [t.exam.sittingId])).id;
    for (const login of ['admin', 'g1', 'g2', 'g3']) cookie[login] = await t.loginAs(login);
  });
  afterAll(() => t.close());

  const panel = (body: unknown) => t.http('PUT', '/api/admin/review/panel', { cookie: cookie.admin, body });
  const boards = async (who: string) => (await t.http('GET', '/api/review/panels', { cookie: cookie[who] })).json as any[];
  const act = async (who: string, action: string, ticket: string) => t.http('POST', `/api/review/panels/${panelId}/candidates/${(await candidateId(ticket))}/${action}`, { cookie: cookie[who] });
  const score = async (who: string, ticket: string, value: unknown) => t.http('PUT', `/api/review/panels/${panelId}/candidates/${(await candidateId(ticket))}/score`, { cookie: cookie[who], body: { score: value } });
  let panelId = 0;

  it('is set up by the administrator with graders only; members see their panel', async () => {
    expect((await panel({ sittingPartId: reviewPartId, chairLogin: 'g1', memberLogins: ['admin'] })).status).toBe(400);
    expect((await panel({ sittingPartId: t.exam.theoryPartId, chairLogin: 'g1', memberLogins: ['g2'] })).status).toBe(404);
    expect((await panel({ sittingPartId: reviewPartId, chairLogin: 'g1', memberLogins: ['g2'] })).status).toBe(204);
    expect(await boards('g3')).toEqual([]);
    const [board] = await boards('g2');
    panelId = board.panelId;
    expect(board).toMatchObject({ isChair: false, isMember: true, durationMinutes: 20, passScore: 60, serverTime: t.clock.now() });
    expect(board.candidates.map((c: any) => c.ticketNo)).toEqual(['G0001', 'G0002', 'G0003']);
    expect((await score('g3', 'G0001', 80)).status).toBe(403);
    expect((await panel({ sittingPartId: reviewPartId, chairLogin: 'g1', memberLogins: ['g2', 'g3'] })).status).toBe(204);
    expect((await boards('g1'))[0].isChair).toBe(true);
  });

  it('reads the panel back for the admin by login (as it is set), for a review part only', async () => {
    const get = (sittingPartId: number, who = 'admin') => t.http('GET', `/api/admin/review/panel?sittingPartId=${sittingPartId}`, { cookie: cookie[who] });
    expect((await get(reviewPartId)).json).toEqual({ panel: { chairLogin: 'g1', memberLogins: ['g1', 'g2', 'g3'] } });
    expect((await get(t.exam.skillsPartId)).status).toBe(404);
    expect((await get(reviewPartId, 'g1')).status).toBe(403);
    const plan = await createPlan(t.store.db, t.clock, { title: '无评审组', examDate: '2027-03-01', registrationDeadline: t.clock.now() + 86_400_000, sittings: [{ level: 2, name: '二级', startsAt: t.clock.now() + 5 * 86_400_000, rooms: [] }] });
    const unset = (await t.one("select id from sitting_parts where sitting_id = ? and part = 'review'", [plan.sittingIds[0]])) as { id: number };
    expect((await get(unset.id)).json).toEqual({ panel: null });
  });

  it('runs a timed session by the chair and scores the mean of the members once it ends', async () => {
    expect((await act('g2', 'start', 'G0001')).status).toBe(403);
    expect((await score('g2', 'G0001', 70)).status).toBe(409); // not started
    expect((await act('g1', 'start', 'G0001')).status).toBe(204);
    expect((await act('g1', 'start', 'G0001')).status).toBe(409);
    const started = t.clock.now();
    await t.advance(5 * 60_000);
    let row = (await boards('g2'))[0].candidates[0];
    expect(row).toMatchObject({ state: 'in_progress', startedAt: started, plannedEnd: started + 20 * 60_000, myScore: null });
    expect((await score('g2', 'G0001', 101)).status).toBe(400);
    expect((await score('g2', 'G0001', 70.3)).status).toBe(400);
    expect((await score('g2', 'G0001', 70)).status).toBe(204);
    expect((await score('g3', 'G0001', 80)).status).toBe(204);
    expect((await score('g1', 'G0001', 66)).status).toBe(204);
    expect((await boards('g1'))[0].candidates[0]).toMatchObject({ state: 'in_progress', scoredBy: 3, finalScore: null });
    expect((await act('g1', 'end', 'G0001')).status).toBe(204);
    row = (await boards('g2'))[0].candidates[0];
    expect(row).toMatchObject({ state: 'scored', myScore: 70, finalScore: 72, passed: true });
    expect((await score('g2', 'G0001', 10)).status).toBe(409);
  });

  it('records absence, and results show the review column for level 2', async () => {
    expect((await act('g1', 'absent', 'G0002')).status).toBe(204);
    expect((await act('g1', 'absent', 'G0001')).status).toBe(409);
    const results = (await t.http('GET', `/api/admin/sittings/${t.exam.sittingId}/results`, { cookie: cookie.admin })).json;
    const byTicket = Object.fromEntries(results.rows.map((r: any) => [r.ticketNo, r]));
    expect(byTicket.G0001.review).toEqual({ outcome: 'passed', score: 72 });
    expect(byTicket.G0001.result).toBe('pending'); // skills not graded yet
    expect(byTicket.G0002.review).toEqual({ outcome: 'absent', score: null });
    expect(byTicket.G0003.review).toEqual({ outcome: 'absent', score: null });
  });
});
