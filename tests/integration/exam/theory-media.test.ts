import { expect, it } from 'vitest';
import { png } from '../../helpers/images.ts';
import { emit, TestExam, unwrap } from '../../helpers/test-exam.ts';
import { describeStores } from '../../helpers/stores.ts';

/**
 * Imported theory items show their images: a stem and an option that refer to `media:<name>` get
 * the bank's image from the candidate's item route while the part runs (the exam page renders both
 * through BankText with that route as its media base), and only the images they name.
 */
await describeStores('bank images of a theory item', (dialect) => {
  it('serves the images a single-choice stem and option name to the candidate sitting it', async () => {
    const t = await TestExam.start({}, { store: dialect });
    try {
      const item = (await t.one("select id, bank_item_id, stem, options_json from paper_items where paper_id = ? and type = 'single' order by position limit 1", [t.exam.paperId])) as {
        id: number;
        bank_item_id: string;
        stem: string;
        options_json: string;
      };
      const options = JSON.parse(item.options_json) as { id: string; text: string }[];
      options[0]!.text = `${options[0]!.text} ![](media:opt.png)`;
      const stem = `${item.stem}\n\n![拓扑图](media:topo.png)`;
      (await t.query('update paper_items set stem = ?, options_json = ? where id = ?', [stem, JSON.stringify(options), item.id]));
      const image = png(10, 10);
      const media = ['topo.png', 'opt.png', 'other.png'].map((name, i) => ({ name, mimeType: 'image/png', base64: png(10, 10, i).toString('base64') }));
      media[0]!.base64 = image.toString('base64');
      const [bank] = await t.query("insert into banks (bank_key, title, version, source_format, source_name, imported_at) values ('imported', 'imported', 1, 'qti21', 'q.zip', 0) returning id");
      const bankItem = { id: item.bank_item_id, type: 'single', levels: [4], area: 'network-basics', difficulty: 3, tags: [], stem, options, answer: options[0]!.id, media };
      (await t.query("insert into bank_items (bank_id, item_key, type, area, difficulty, levels_json, stem, item_json) values (?, ?, 'single', 'network-basics', 3, '[4]', ?, ?)", [bank.id, item.bank_item_id, stem, JSON.stringify(bankItem)]));

      const cookie = await t.loginCandidate(0);
      const socket = await t.socket(cookie);
      const view = unwrap(await emit(socket, 'session:start', { sittingPartId: t.exam.theoryPartId }));
      const shown = view.items.find((i: { id: number }) => i.id === item.id)!;
      expect(shown.stem).toContain('![拓扑图](media:topo.png)');
      expect(JSON.stringify(shown.options)).toContain('media:opt.png');
      const base = `${t.baseUrl}/api/candidate/sessions/${view.sessionId}/items/${item.id}/media`;
      const res = await fetch(`${base}/topo.png`, { headers: { cookie } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await res.arrayBuffer()).equals(image)).toBe(true);
      expect((await fetch(`${base}/opt.png`, { headers: { cookie } })).status).toBe(200);
      expect((await fetch(`${base}/other.png`, { headers: { cookie } })).status).toBe(404);
      socket.disconnect();
    } finally {
      await t.close();
    }
  });
});
