import { afterAll, beforeAll, expect, it } from 'vitest';
import { startGradingExam } from '../../helpers/grading-exam.ts';
import { png } from '../../helpers/images.ts';
import { describeStores } from '../../helpers/stores.ts';

type T = Awaited<ReturnType<typeof startGradingExam>>;

/**
 * A theory short answer whose imported stem shows an image: the grader's script view renders the
 * stem with the candidate's renderer and asks the grading route for `media:<name>`, which must serve
 * the bank's image to the graders of that task (and only images the stem names).
 */
await describeStores('bank images in the grader view of a theory short answer', (dialect) => {
  let t: T;
  let itemId: number;
  const image = png(12, 8);

  beforeAll(async () => {
    t = await startGradingExam(dialect);
    const item = (await t.one("select id, bank_item_id, stem from paper_items where type = 'short-answer' order by id limit 1")) as { id: number; bank_item_id: string; stem: string };
    itemId = item.id;
    const stem = `${item.stem}\n\n![拓扑图](media:topo.png)`;
    (await t.query('update paper_items set stem = ? where id = ?', [stem, item.id]));
    const [bank] = await t.query("insert into banks (bank_key, title, version, source_format, source_name, imported_at) values ('imported', 'imported', 1, 'moodle-xml', 'q.xml', 0) returning id");
    const bankItem = {
      id: item.bank_item_id, type: 'short-answer', levels: [4], area: 'network-basics', difficulty: 3, tags: [], stem,
      rubric: [{ id: 'a', text: '按参考答案评分', points: 20 }],
      media: [{ name: 'topo.png', mimeType: 'image/png', base64: image.toString('base64') }, { name: 'other.png', mimeType: 'image/png', base64: image.toString('base64') }],
    };
    (await t.query("insert into bank_items (bank_id, item_key, type, area, difficulty, levels_json, stem, item_json) values (?, ?, 'short-answer', 'network-basics', 3, '[4]', ?, ?)", [bank.id, item.bank_item_id, stem, JSON.stringify(bankItem)]));
  });
  afterAll(() => t.close());

  it('sends the stem with its media reference and serves that image to the grader, nothing else', async () => {
    const g1 = await t.loginAs('g1');
    const scripts = (await t.http('GET', `/api/grading/scripts?itemId=${itemId}`, { cookie: g1 })).json as { code: string }[];
    const view = await t.http('POST', `/api/grading/scripts/${scripts[0]!.code}/${itemId}/claim`, { cookie: g1 });
    expect(view.status).toBe(200);
    expect(view.json).toMatchObject({ type: 'short-answer', stem: expect.stringContaining('![拓扑图](media:topo.png)') });

    const base = `/api/grading/tasks/${itemId}/media`;
    const res = await fetch(`${t.baseUrl}${base}/topo.png`, { headers: { cookie: g1 } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await res.arrayBuffer()).equals(image)).toBe(true);
    // An image of the bank item that the stem does not show, and a candidate: not served.
    expect((await t.http('GET', `${base}/other.png`, { cookie: g1 })).status).toBe(404);
    expect((await t.http('GET', `${base}/topo.png`, { cookie: await t.loginAs('G0001') })).status).toBe(403);
  });
});
