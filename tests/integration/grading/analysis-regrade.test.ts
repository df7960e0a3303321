import { afterAll, beforeAll, expect, it } from 'vitest';
import { startGradingExam } from '../../helpers/grading-exam.ts';
import { describeStores } from '../../helpers/stores.ts';

type T = Awaited<ReturnType<typeof startGradingExam>>;

await describeStores('item analysis and regrading', (dialect) => {
  let t: T;
  let admin: string;
  beforeAll(async () => {
    t = await startGradingExam(dialect);
    admin = await t.loginAs('admin');
  });
  afterAll(() => t.close());

  const theoryScores = async () => (await t.query('select s.session_id id, s.score, s.raw_points raw from scores s join exam_sessions e on e.id = s.session_id where e.sitting_part_id = ? order by s.session_id', [t.exam.theoryPartId])) as { id: number; score: number; raw: number }[];

  it('reports the distribution and item statistics of the theory part', async () => {
    const res = await t.http('GET', `/api/admin/parts/${t.exam.theoryPartId}/analysis`, { cookie: admin });
    expect(res.status).toBe(200);
    expect(res.json.scored).toBe(2);
    expect(res.json.distribution.reduce((s: number, x: number) => s + x, 0)).toBe(2);
    const count = ((await t.one('select count(*) n from paper_items where paper_id = ?', [t.exam.paperId])) as { n: number }).n;
    expect(res.json.items).toHaveLength(count);
    // Both candidates answered every fifth item wrong and the rest right.
    expect(res.json.items[0]).toMatchObject({ position: 1, p: 1, pointBiserial: null, blank: 0 });
    expect(res.json.items[4]).toMatchObject({ p: 0 });
    const skills = await t.http('GET', `/api/admin/parts/${t.exam.skillsPartId}/analysis`, { cookie: admin });
    expect(skills.json).toMatchObject({ kind: 'skills', scored: 0, items: [], kr20: null });
    const grader = await t.loginAs('g1');
    expect((await t.http('GET', `/api/admin/parts/${t.exam.theoryPartId}/analysis`, { cookie: grader })).status).toBe(403);
  });

  it('rescores every session when a key is corrected, with old and new scores audited', async () => {
    const item = (await t.one("select id, options_json, answer_key_json, points from paper_items where paper_id = ? and type = 'single' and position = 1", [t.exam.paperId])) as any;
    const oldKey = JSON.parse(item.answer_key_json) as string[];
    const wrong = (JSON.parse(item.options_json) as { id: string }[]).map((o) => o.id).find((o) => !oldKey.includes(o))!;
    const before = (await theoryScores());

    expect((await t.http('POST', `/api/admin/paper-items/${item.id}/key`, { cookie: admin, body: { key: ['nope'] } })).status).toBe(400);
    expect((await t.http('POST', `/api/admin/paper-items/${item.id}/key`, { cookie: admin, body: { key: [oldKey[0], wrong] } })).status).toBe(400);
    expect((await t.http('POST', `/api/admin/paper-items/${item.id}/key`, { cookie: admin, body: { key: oldKey } })).status).toBe(409);
    const skillsItem = (await t.one("select id from paper_items where type = 'practical' limit 1")) as { id: number };
    expect((await t.http('POST', `/api/admin/paper-items/${skillsItem.id}/key`, { cookie: admin, body: { key: ['A'] } })).status).toBe(400);
    expect(await theoryScores()).toEqual(before);

    const res = await t.http('POST', `/api/admin/paper-items/${item.id}/key`, { cookie: admin, body: { key: [wrong] } });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ rescored: 2, changed: 2 });
    const after = (await theoryScores());
    after.forEach((s, i) => expect(s.raw).toBeCloseTo(before[i]!.raw - item.points, 5));
    const audits = (await t.query("select entity_id, details_json from audit_log where action = 'session.rescored' order by id")) as { entity_id: string; details_json: string }[];
    expect(audits).toHaveLength(2);
    const first = JSON.parse(audits[0]!.details_json);
    expect(first.old.score).toBe(before[0]!.score);
    expect(first.new.score).toBe(after[0]!.score);
    expect(await t.one("select count(*) n from audit_log where action = 'paper_item.key_corrected'")).toEqual({ n: 1 });
  });
});
