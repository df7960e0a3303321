import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { emit, TestExam, unwrap } from '../../helpers/test-exam.ts';
import { writeZip, xlsxParts } from '../../helpers/zip-writer.ts';
import { describeStores } from '../../helpers/stores.ts';

const hostile = (name: string) => readFileSync(fileURLToPath(new URL(`../../fixtures/qbank/hostile/${name}`, import.meta.url)));

/** A template with whole-column validations over every column and tens of thousands of rows. */
function bigHostileWorkbook(rows: number): Buffer {
  const strings = ['题目', '类型', '答案', '选项A', '选项B', '知识点', '单选', 'A', '是', '否', '防火墙与访问控制'];
  const s = (i: number) => `<c t="s"><v>${i}</v></c>`;
  const body = Array.from({ length: rows }, (_, i) => `<row r="${i + 2}"><c t="inlineStr"><is><t>第 ${i + 1} 题：以下说法正确吗？</t></is></c>${s(6)}${s(7)}${s(8)}${s(9)}${s(10)}</row>`).join('');
  const sheet = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">${[0, 1, 2, 3, 4, 5].map(s).join('')}</row>${body}</sheetData><dataValidations count="1"><dataValidation type="list" sqref="A1:XFD1048576"><formula1>"单选,多选"</formula1></dataValidation></dataValidations></worksheet>`;
  return writeZip(xlsxParts(sheet, strings));
}

await describeStores('bank imports never hold the exam: the file is parsed in a bounded worker', (dialect) => {
  let t: TestExam;
  let admin: string;

  beforeAll(async () => {
    t = await TestExam.start({}, { store: dialect });
    admin = await t.loginStaff('admin');
  });
  afterAll(async () => {
    await t.close();
  });

  const startJob = async (content: Buffer, fileName: string) => {
    const res = await fetch(`${t.baseUrl}/api/admin/banks/import-jobs?fileName=${encodeURIComponent(fileName)}`, {
      method: 'POST',
      headers: { cookie: admin, 'content-type': 'application/octet-stream' },
      body: new Uint8Array(content),
    });
    expect(res.status).toBe(202);
    return (await res.json()) as { id: string; state: string };
  };
  const job = async (id: string) => (await t.http('GET', `/api/admin/banks/import-jobs/${id}`, { cookie: admin })).json as any;
  const until = async (id: string, done: (j: any) => boolean) => {
    for (;;) {
      const j = await job(id);
      if (done(j)) return j;
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  it('acks autosaves over a real socket while a hostile workbook is being imported', { timeout: 120_000 }, async () => {
    const socket = await t.socket(await t.loginCandidate(0));
    const view = unwrap(await emit(socket, 'session:start', { sittingPartId: t.exam.theoryPartId }));
    const item = view.items.find((i) => i.type === 'single')!;
    const { id } = await startJob(bigHostileWorkbook(6_000), 'template.xlsx');
    let ackedWhileRunning = 0;
    let state = 'running';
    for (let n = 0; ; n++) {
      // emit() fails the test when no ack comes within the client's usual 5 s.
      const saved = unwrap(await emit(socket, 'answer:save', { sessionId: view.sessionId, itemId: item.id, response: { choices: [item.options[n % 2]!.id] }, flagged: false, changeId: `iso-${n}` }));
      expect(saved.revision).toBeGreaterThan(0);
      state = (await job(id)).state;
      if (state !== 'running') break;
      ackedWhileRunning++;
    }
    expect(ackedWhileRunning).toBeGreaterThan(0);
    expect(state).toBe('done');
    expect((await job(id)).result.bank.items).toBe(6000);
    socket.disconnect();
  });

  it('ends a refused file as a failed job with the refusal key, and a cancelled one as cancelled', async () => {
    const bomb = await startJob(hostile('zip-bomb.xlsx'), 'bomb.xlsx');
    const failed = await until(bomb.id, (j) => j.state !== 'running');
    expect(failed).toMatchObject({ state: 'failed', error: { key: 'zip.ratio' }, result: null });

    const big = await startJob(bigHostileWorkbook(6_000), 'big.xlsx');
    const cancelled = await t.http('DELETE', `/api/admin/banks/import-jobs/${big.id}`, { cookie: admin });
    expect(cancelled.json).toMatchObject({ state: 'cancelled', error: { key: 'job.cancelled' } });
    expect((await job(big.id)).state).toBe('cancelled');
  });

  it('words a refusal of the waiting import route with its key', async () => {
    const res = await fetch(`${t.baseUrl}/api/admin/banks/import?fileName=lol.xml`, { method: 'POST', headers: { cookie: admin, 'content-type': 'application/octet-stream' }, body: hostile('billion-laughs.xml') });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error).toMatchObject({ code: 'BAD_REQUEST', key: 'bankImport.xml.entity' });
  });
});
