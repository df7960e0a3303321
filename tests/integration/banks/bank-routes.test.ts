import fs from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { emit, fixture, TEST_BLUEPRINT, TestExam, unwrap } from '../../helpers/test-exam.ts';
import { describeStores } from '../../helpers/stores.ts';

await describeStores('admin question banks and paper assembly', (dialect) => {
  let t: TestExam;
  let admin: string;
  let bankId: number;

  beforeAll(async () => {
    t = await TestExam.start({}, { store: dialect });
    admin = await t.loginStaff('admin');
  });
  afterAll(async () => {
    await t.close();
  });

  async function upload(file: string, query: string, cookie = admin) {
    const res = await fetch(`${t.baseUrl}/api/admin/banks/import?${query}`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/octet-stream' },
      body: fs.readFileSync(file),
    });
    return { status: res.status, json: (await res.json()) as any };
  }
  const bankCount = async () => ((await t.one('select count(*) as n from banks')) as { n: number }).n;

  it('imports a native bank with a report line per item', async () => {
    const res = await upload(fixture('small-bank.yaml'), 'fileName=small-bank.yaml');
    expect(res.status).toBe(200);
    expect(res.json.format).toBe('native');
    expect(res.json.bank).toMatchObject({ bankKey: 'test-bank', items: 8, sourceFormat: 'native' });
    expect(res.json.report).toHaveLength(8);
    bankId = res.json.bank.id;
    const audit = (await t.one("select details_json from audit_log where action = 'bank.imported'")) as { details_json: string };
    expect(JSON.parse(audit.details_json)).toMatchObject({ format: 'native', imported: 8, error: 0 });
  });

  it('imports a foreign format detected from its content, reporting warnings and errors', async () => {
    const res = await upload(fixture('qbank/gift/security.gift.txt'), 'fileName=security.txt&idPrefix=GF&levels=4');
    expect(res.status).toBe(200);
    expect(res.json.format).toBe('gift');
    const statuses = new Set(res.json.report.map((e: { status: string }) => e.status));
    expect(statuses.has('imported') || statuses.has('warning')).toBe(true);
    expect(res.json.bank.items).toBe(res.json.report.filter((e: { status: string }) => e.status !== 'error').length);
  });

  it('imports a QTI 1.2 quiz, and numeric type codes only with the mapping given in the query', async () => {
    const qti = await upload(fixture('qbank/qti12/canvas-quiz.xml'), 'fileName=assessment_qti.xml&idPrefix=CV');
    expect(qti.status).toBe(200);
    expect(qti.json).toMatchObject({ format: 'qti12', bank: { items: 5 } });
    expect(qti.json.report[0].messages).toContainEqual({ key: 'import.defaultArea', params: { area: 'network-basics' } });

    const csv = '题目,类型,答案,选项A,选项B\n甲,0,A,x,y\n乙,2,对,,\n';
    const post = (query: string) =>
      fetch(`${t.baseUrl}/api/admin/banks/import?${query}`, { method: 'POST', headers: { cookie: admin, 'content-type': 'application/octet-stream' }, body: csv });
    const unmapped = (await (await post('fileName=codes.csv&idPrefix=TC1')).json()) as any;
    expect(unmapped.bank).toBeNull();
    expect(unmapped.report[0].messages).toEqual([{ key: 'sheet.typeCodeUnmapped', params: { code: '0' } }]);
    const mapped = (await (await post(`fileName=codes.csv&idPrefix=TC2&typeCodes=${encodeURIComponent('0=单选，2=判断')}`)).json()) as any;
    expect(mapped.bank).toMatchObject({ items: 2 });
    const bad = await post('fileName=codes.csv&typeCodes=nonsense');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).error.issues[0].key).toBe('bank.typeCodes');
  });

  it('refuses an unreadable or invalid file with a 400 that says why, and stores nothing', async () => {
    const before = (await bankCount());
    const garbage = await fetch(`${t.baseUrl}/api/admin/banks/import?fileName=x.bin`, { method: 'POST', headers: { cookie: admin, 'content-type': 'application/octet-stream' }, body: Buffer.from([0, 1, 2, 3, 255]) });
    expect(garbage.status).toBe(400);
    expect(((await garbage.json()) as any).error.message).toMatch(/format/i);
    const badYaml = await fetch(`${t.baseUrl}/api/admin/banks/import?fileName=bad.yaml&format=native`, { method: 'POST', headers: { cookie: admin, 'content-type': 'application/octet-stream' }, body: 'bank: {id: x}\nitems: []\n' });
    const body = (await badYaml.json()) as any;
    expect(badYaml.status).toBe(400);
    expect(body.error.issues.length).toBeGreaterThan(0);
    expect((await t.http('POST', '/api/admin/banks/import?fileName=x.yaml&levels=9', { cookie: admin })).status).toBe(400);
    expect(await bankCount()).toBe(before);
  });

  it('keeps banks for admins only', async () => {
    const candidate = await t.loginCandidate(0);
    expect((await upload(fixture('small-bank.yaml'), 'fileName=a.yaml', candidate)).status).toBe(403);
    expect((await t.http('GET', '/api/admin/banks', { cookie: await t.loginStaff('grader') })).status).toBe(403);
  });

  it('browses and searches items, with paging', async () => {
    const all = await t.http('GET', `/api/admin/banks/${bankId}/items?pageSize=3`, { cookie: admin });
    expect(all.json).toMatchObject({ total: 8, page: 1, pageSize: 3 });
    expect(all.json.items.map((i: { itemKey: string }) => i.itemKey)).toEqual(['M-001', 'M-002', 'S-001']);
    const search = await t.http('GET', `/api/admin/banks/${bankId}/items?q=${encodeURIComponent('对称加密')}`, { cookie: admin });
    expect(search.json.items.map((i: { itemKey: string }) => i.itemKey)).toEqual(['S-002']);
    const level3Multi = await t.http('GET', `/api/admin/banks/${bankId}/items?type=multi&level=3`, { cookie: admin });
    expect(level3Multi.json.items.map((i: { itemKey: string }) => i.itemKey)).toEqual(['M-002']);
    const percent = await t.http('GET', `/api/admin/banks/${bankId}/items?q=%25`, { cookie: admin });
    expect(percent.json.total).toBe(0);
  });

  it('previews an item as a candidate sees it', async () => {
    const list = await t.http('GET', `/api/admin/banks/${bankId}/items?q=M-001`, { cookie: admin });
    const detail = await t.http('GET', `/api/admin/banks/${bankId}/items/${list.json.items[0].id}`, { cookie: admin });
    expect(detail.json.item).toMatchObject({ id: 'M-001', answer: ['a', 'b', 'c'] });
    expect(Object.keys(detail.json.preview).sort()).toEqual(['id', 'number', 'options', 'points', 'stem', 'type']);
    expect(detail.json.preview.options.map((o: { label: string }) => o.label)).toEqual(['A', 'B', 'C', 'D']);
  });

  it('lists the shipped blueprints and says what a bank lacks', async () => {
    const blueprints = await t.http('GET', '/api/admin/blueprints', { cookie: admin });
    const l4 = blueprints.json.find((b: { id: string }) => b.id === 'l4-theory');
    expect(l4).toMatchObject({ level: 4, part: 'theory' });
    const check = await t.http('POST', '/api/admin/blueprints/check', { cookie: admin, body: { bankId, blueprint: l4 } });
    expect(check.json.totalPoints).toBe(100);
    expect(check.json.problems).toEqual(expect.arrayContaining([expect.stringMatching(/^single: needs 60 items for level 4/)]));
  });

  it('assembles the sitting paper from a blueprint, and refuses once candidates have started', async () => {
    // The check and the assembly say the same about a blueprint of another level: no "可行" then a refusal.
    const wrong = { ...TEST_BLUEPRINT, level: 3 };
    const checked = await t.http('POST', '/api/admin/blueprints/check', { cookie: admin, body: { bankId, blueprint: wrong, sittingPartId: t.exam.theoryPartId } });
    expect(checked.json.fit).toEqual([{ key: 'paperFit.level', params: { blueprint: 3, part: 4 } }]);
    const fitting = await t.http('POST', '/api/admin/blueprints/check', { cookie: admin, body: { bankId, blueprint: TEST_BLUEPRINT, sittingPartId: t.exam.theoryPartId } });
    expect(fitting.json).toMatchObject({ fit: [], problems: [] });
    const wrongLevel = await t.http('POST', `/api/admin/parts/${t.exam.theoryPartId}/paper`, { cookie: admin, body: { bankId, blueprint: wrong } });
    expect(wrongLevel.status).toBe(400);
    expect(wrongLevel.json.error).toMatchObject({ key: 'paperFit.level', params: { blueprint: 3, part: 4 } });
    const res = await t.http('POST', `/api/admin/parts/${t.exam.theoryPartId}/paper`, { cookie: admin, body: { bankId, blueprint: TEST_BLUEPRINT, seed: 'fixed' } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ sittingPartId: t.exam.theoryPartId, items: 6, seed: 'fixed' });
    expect(res.json.paperId).not.toBe(t.exam.paperId);

    const socket = await t.socket(await t.loginCandidate(0));
    const view = unwrap(await emit(socket, 'session:start', { sittingPartId: t.exam.theoryPartId }));
    const paperItemIds = ((await t.query('select id from paper_items where paper_id = ?', [res.json.paperId])) as { id: number }[]).map((r) => r.id).sort();
    expect(view.items.map((i) => i.id).sort()).toEqual(paperItemIds);

    const again = await t.http('POST', `/api/admin/parts/${t.exam.theoryPartId}/paper`, { cookie: admin, body: { bankId, blueprint: TEST_BLUEPRINT } });
    expect(again).toMatchObject({ status: 409, json: { error: { code: 'CONFLICT' } } });
  });
});
