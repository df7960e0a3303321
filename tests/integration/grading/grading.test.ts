import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CLAIM_TTL_MS } from '../../../server/src/features/grading/grading-service.ts';
import { GRADING_CANDIDATES, marksFor, startGradingExam } from '../../helpers/grading-exam.ts';
import { describeStores } from '../../helpers/stores.ts';

type T = Awaited<ReturnType<typeof startGradingExam>>;

await describeStores('grading workflow', (dialect) => {
  let t: T;
  const cookie: Record<string, string> = {};
  let items: { paperItemId: number; points: number }[];

  beforeAll(async () => {
    t = await startGradingExam(dialect);
    for (const login of ['admin', 'g1', 'g2', 'g3']) cookie[login] = await t.loginAs(login);
    const tasks = await t.http('GET', '/api/grading/tasks', { cookie: cookie.g1 });
    expect(tasks.status).toBe(200);
    items = tasks.json;
  });
  afterAll(() => t.close());

  const claim = (who: string, code: string, itemId: number) => t.http('POST', `/api/grading/scripts/${code}/${itemId}/claim`, { cookie: cookie[who] });
  const mark = (who: string, code: string, itemId: number, body: unknown) => t.http('POST', `/api/grading/scripts/${code}/${itemId}/marks`, { cookie: cookie[who], body });
  const scriptsOf = async (who: string, itemId?: number) => (await t.http('GET', `/api/grading/scripts${itemId ? `?itemId=${itemId}` : ''}`, { cookie: cookie[who] })).json as { code: string; paperItemId: number; state: string }[];

  it('lists the five skills tasks with two scripts each, never a candidate identity', async () => {
    expect(items).toHaveLength(5);
    expect(items.every((i: any) => i.scripts === 2 && i.resolved === 0 && i.availableToMe === 2)).toBe(true);
    const all = await scriptsOf('g1');
    expect(all).toHaveLength(10);
    expect(new Set(all.map((s) => s.code)).size).toBe(2);
    const first = all[0]!;
    const view = await claim('g1', first.code, first.paperItemId);
    expect(view.status).toBe(200);
    await t.http('DELETE', `/api/grading/scripts/${first.code}/${first.paperItemId}/claim`, { cookie: cookie.g1 });
    const payload = JSON.stringify([items, all, view.json]);
    for (const c of GRADING_CANDIDATES) {
      expect(payload).not.toContain(c.ticketNo);
      expect(payload).not.toContain(c.name);
      if (c.idNumber) expect(payload).not.toContain(c.idNumber);
    }
    expect(payload).not.toMatch(/sessionId|candidateId|userId|ticket|idNumber/i);
    expect(Object.keys(view.json).sort()).toEqual(
      ['answerText', 'claimExpiresAt', 'code', 'kind', 'paperItemId', 'points', 'position', 'priorMarks', 'referenceAnswer', 'requiredScreenshots', 'rubric', 'screenshots', 'stem', 'type'].sort(),
    );
  });

  it('serves a script screenshot to graders only, and not once removed', async () => {
    const practical = items.find((i: any) => i.type === 'practical')!;
    const [script] = await scriptsOf('g1', practical.paperItemId);
    const view = (await claim('g1', script!.code, practical.paperItemId)).json;
    expect(view.screenshots.length).toBeGreaterThan(0);
    const shot = view.screenshots[0];
    const res = await fetch(`${t.baseUrl}/api/grading/screenshots/${shot.id}`, { headers: { cookie: cookie.g1! } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('content-disposition')).toBeNull();
    const bytes = Buffer.from(await res.arrayBuffer());
    const row = (await t.one('select sha256 from screenshots where id = ?', [shot.id])) as { sha256: string };
    expect(bytes.equals(fs.readFileSync(path.join(t.dir, 'evidence', row.sha256.slice(0, 2), row.sha256)))).toBe(true);
    const candidate = await t.loginAs('G0001');
    expect((await t.http('GET', `/api/grading/screenshots/${shot.id}`, { cookie: candidate })).status).toBe(403);
    (await t.query('update screenshots set removed_at = 1 where id = ?', [shot.id]));
    expect((await t.http('GET', `/api/grading/screenshots/${shot.id}`, { cookie: cookie.g1 })).status).toBe(404);
    expect((await t.http('GET', `/api/grading/screenshots/999999`, { cookie: cookie.g1 })).status).toBe(404);
    await t.http('DELETE', `/api/grading/scripts/${script!.code}/${practical.paperItemId}/claim`, { cookie: cookie.g1 });
  });

  it('locks a claimed script to one grader until the claim expires', async () => {
    const item = items[0]!;
    const [script] = await scriptsOf('g1', item.paperItemId);
    const a = await claim('g1', script!.code, item.paperItemId);
    expect(a.status).toBe(200);
    const b = await claim('g2', script!.code, item.paperItemId);
    expect(b.status).toBe(409);
    expect(b.json.error.code).toBe('CONFLICT');
    await t.advance(CLAIM_TTL_MS + 1);
    expect((await claim('g2', script!.code, item.paperItemId)).status).toBe(200);
    // g1's lock was taken over: their mark is refused and nothing is written.
    const late = await mark('g1', script!.code, item.paperItemId, marksFor(a.json.rubric, 0));
    expect(late.status).toBe(409);
    expect(await t.one('select count(*) n from marks')).toEqual({ n: 0 });
    await t.http('DELETE', `/api/grading/scripts/${script!.code}/${item.paperItemId}/claim`, { cookie: cookie.g2 });
  });

  it('refuses marks outside the rubric and writes nothing', async () => {
    const item = items[0]!;
    const [script] = await scriptsOf('g1', item.paperItemId);
    const view = (await claim('g1', script!.code, item.paperItemId)).json;
    const over = marksFor(view.rubric, view.rubric[0].points + 1);
    for (const body of [over, { criteria: [{ id: view.rubric[0].id, awarded: 1 }] }, { criteria: [{ id: 'a', awarded: 'x' }] }, {}]) {
      const res = await mark('g1', script!.code, item.paperItemId, body);
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe('BAD_REQUEST');
    }
    expect(await t.one('select count(*) n from marks')).toEqual({ n: 0 });
    await t.http('DELETE', `/api/grading/scripts/${script!.code}/${item.paperItemId}/claim`, { cookie: cookie.g1 });
  });

  it('double marks a task: the mean within the threshold, an arbitrator beyond it', async () => {
    const item = items[1]!;
    const settings = (body: unknown) => t.http('PUT', `/api/admin/grading/tasks/${item.paperItemId}`, { cookie: cookie.admin, body });
    expect((await settings({ doubleMarking: true, thresholdPoints: null, arbitratorLogin: null })).status).toBe(204);
    expect((await settings({ doubleMarking: true, thresholdPoints: null, arbitratorLogin: 'nobody' })).status).toBe(400);
    const [s1, s2] = await scriptsOf('g1', item.paperItemId);
    const rubric = (await claim('g1', s1!.code, item.paperItemId)).json.rubric;
    const full = rubric[0].points;
    // Script 1: totals 20 and 17 (difference 3 = 15% of 20): the mean counts.
    expect((await mark('g1', s1!.code, item.paperItemId, marksFor(rubric, full))).json).toEqual({ state: 'awaiting_second', score: null });
    expect((await claim('g1', s1!.code, item.paperItemId)).status).toBe(409); // not twice by the same grader
    await claim('g2', s1!.code, item.paperItemId);
    expect((await mark('g2', s1!.code, item.paperItemId, marksFor(rubric, full - 3))).json).toEqual({ state: 'resolved', score: 18.5 });
    // Script 2: totals 20 and 16: arbitration.
    await claim('g1', s2!.code, item.paperItemId);
    await mark('g1', s2!.code, item.paperItemId, marksFor(rubric, full));
    await claim('g2', s2!.code, item.paperItemId);
    expect((await mark('g2', s2!.code, item.paperItemId, marksFor(rubric, full - 4))).json).toEqual({ state: 'awaiting_arbitration', score: null });
    expect((await claim('g3', s2!.code, item.paperItemId)).status).toBe(409); // not granted arbitration
    expect((await settings({ doubleMarking: false, thresholdPoints: null, arbitratorLogin: 'g3' })).status).toBe(409); // marking started
    expect((await settings({ doubleMarking: true, thresholdPoints: null, arbitratorLogin: 'g3' })).status).toBe(204);
    const arb = await claim('g3', s2!.code, item.paperItemId);
    expect(arb.json.kind).toBe('arbitration');
    expect(arb.json.priorMarks.map((m: any) => m.total).sort()).toEqual([16, 20]);
    expect((await mark('g3', s2!.code, item.paperItemId, marksFor(rubric, full - 2))).json).toEqual({ state: 'resolved', score: 18 });
    const task = ((await t.http('GET', '/api/grading/tasks', { cookie: cookie.g3 })).json as any[]).find((x) => x.paperItemId === item.paperItemId);
    expect(task).toMatchObject({ doubleMarking: true, thresholdPoints: 3, canArbitrate: true, resolved: 2, scripts: 2 });
    const audit = (await t.one("select count(*) n from audit_log where action = 'script.marked'"));
    expect(audit).toEqual({ n: 5 });
  });

  it('writes the skills score row once every task of a session is resolved; results, release and export follow', async () => {
    const all = await scriptsOf('g1');
    const open = all.filter((s) => s.state === 'unmarked');
    for (const s of open) {
      const view = await claim('g1', s.code, s.paperItemId);
      expect(view.status).toBe(200);
      expect((await mark('g1', s.code, s.paperItemId, marksFor(view.json.rubric, 0))).status).toBe(200);
    }
    const skills = (await t.query('select s.score, s.passed, s.detail_json from scores s join exam_sessions e on e.id = s.session_id where e.sitting_part_id = ?', [t.exam.skillsPartId])) as any[];
    expect(skills).toHaveLength(2);
    for (const s of skills) {
      const detail = JSON.parse(s.detail_json);
      expect(detail).toHaveLength(5);
      expect(detail[0].marks[0].criteria.length).toBeGreaterThan(0);
      const raw = detail.reduce((sum: number, d: any) => sum + d.awarded, 0);
      expect(s.score).toBeCloseTo(raw, 5); // five tasks of 20 points: raw points out of 100
    }

    // The sitting is still open: G0003 has not started (未开始, not 缺考 yet) and nothing is released.
    const stillOpen = await t.http('GET', `/api/admin/sittings/${t.exam.sittingId}/results`, { cookie: cookie.admin });
    expect(stillOpen.json.rows.find((r: any) => r.ticketNo === 'G0003')).toMatchObject({ theory: { outcome: 'not_started' }, skills: { outcome: 'not_started' }, result: 'pending' });
    const early = await t.http('POST', `/api/admin/sittings/${t.exam.sittingId}/release`, { cookie: cookie.admin });
    expect(early.status).toBe(409);
    expect(early.json.error).toMatchObject({ key: 'resultsRelease.stillOpen', params: { inProgress: 0, couldStart: 1 } });
    // Past the end of both parts (90 + 120 minutes from the start).
    t.clock.advance(4 * 60 * 60_000);

    const results = await t.http('GET', `/api/admin/sittings/${(t.exam as any).sittingId}/results`, { cookie: cookie.admin });
    expect(results.status).toBe(200);
    expect(results.json.pendingGrading).toBe(0);
    const byTicket = Object.fromEntries(results.json.rows.map((r: any) => [r.ticketNo, r]));
    expect(byTicket.G0003).toMatchObject({ theory: { outcome: 'absent', score: null }, skills: { outcome: 'absent' }, review: null, result: 'absent' });
    expect(byTicket.G0001.skills.outcome).toMatch(/passed|failed/);
    expect(byTicket.G0001.result).toBe(byTicket.G0001.theory.outcome === 'passed' && byTicket.G0001.skills.outcome === 'passed' ? 'certified' : 'not_certified');

    const candidate = await t.loginAs('G0001');
    const before = await t.http('GET', '/api/candidate/overview', { cookie: candidate });
    expect(before.json.parts.every((p: any) => p.result === null)).toBe(true);
    expect((await t.http('POST', `/api/admin/sittings/${t.exam.sittingId}/release`, { cookie: candidate })).status).toBe(403);
    const released = await t.http('POST', `/api/admin/sittings/${t.exam.sittingId}/release`, { cookie: cookie.admin });
    expect(released.status).toBe(200);
    expect(released.json.releasedAt).toBe(t.clock.now());
    expect((await t.http('POST', `/api/admin/sittings/${t.exam.sittingId}/release`, { cookie: cookie.admin })).status).toBe(409);
    const after = await t.http('GET', '/api/candidate/overview', { cookie: candidate });
    const skillsPart = after.json.parts.find((p: any) => p.kind === 'skills');
    expect(skillsPart.result).toEqual({ score: byTicket.G0001.skills.score, passed: byTicket.G0001.skills.outcome === 'passed' });

    const csv = await fetch(`${t.baseUrl}/api/admin/sittings/${t.exam.sittingId}/export.csv`, { headers: { cookie: cookie.admin! } });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const text = await csv.text();
    const lines = text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('姓名,证件号码,准考证号,职业编码,职业名称,等级,理论知识成绩,技能考核成绩,综合评审成绩,结果,理论计划延时(分钟),理论临时延时(分钟),技能计划延时(分钟),技能临时延时(分钟)');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toBe(
      ['阅卷甲', '420101199001011234', 'G0001', '4-04-04-02', '网络与信息安全管理员', '四级/中级工', byTicket.G0001.theory.score, byTicket.G0001.skills.score, '', byTicket.G0001.result === 'certified' ? '合格' : '不合格', 0, 0, 0, 0].join(','),
    );
    expect(lines[3]).toBe('阅卷丙,,G0003,4-04-04-02,网络与信息安全管理员,四级/中级工,缺考,缺考,,缺考,0,0,0,0');
    const xlsx = await fetch(`${t.baseUrl}/api/admin/sittings/${t.exam.sittingId}/export.xlsx`, { headers: { cookie: cookie.admin! } });
    expect(xlsx.status).toBe(200);
    expect(Buffer.from(await xlsx.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
  });
});
