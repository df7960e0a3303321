import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { BankItem } from '@shared/bank.ts';
import { csvImporter, xlsxImporter } from '../../../../server/src/features/banks/formats/spreadsheet.ts';
import type { ImportOptions, ImportResult } from '../../../../server/src/features/banks/formats/types.ts';
import { itWithThirdPartyBanks, thirdPartyBankPath } from '../../../helpers/third-party.ts';

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../../../fixtures/qbank/spreadsheet/${name}`, import.meta.url)));
const templatePath = thirdPartyBankPath('spreadsheet', 'question.xlsx');

const opts = (fileName: string): ImportOptions => ({ fileName, idPrefix: 'S', levels: [4], area: 'network-basics', difficulty: 3 });
const importCsv = (text: string | Buffer, fileName = 'bank.csv') =>
  csvImporter.import(typeof text === 'string' ? Buffer.from(text) : text, opts(fileName)) as ImportResult;
/** A report entry's lines as text: keyed lines as "key {params}", so tests can look for keys and values. */
const said = (entry: { messages: (string | { key: string; params?: object })[] }) =>
  entry.messages.map((m) => (typeof m === 'string' ? m : `${m.key} ${JSON.stringify(m.params ?? {})}`)).join('\n');
const byId = (result: ImportResult, id: string) => result.items.find((i) => i.id === id) as BankItem;
const countTypes = (items: BankItem[]) => items.reduce<Record<string, number>>((acc, i) => ({ ...acc, [i.type]: (acc[i.type] ?? 0) + 1 }), {});

/** Header plus rows, all cells quoted; a 知识点 column keeps the default-area warning out of the way. */
const csv = (header: string[], rows: string[][]) =>
  [[...header, '知识点'], ...rows.map((r) => [...r, '网络安全基础'])].map((r) => r.map((c) => `"${c}"`).join(',')).join('\n');
const CHOICE_HEADER = ['题目', '类型', '答案', '选项A', '选项B', '选项C', '选项D'];

async function workbookBuffer(build: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('CSV import: the types fixture (UTF-8 with BOM, comma)', () => {
  const result = importCsv(fixture('types.csv'), 'types.csv');

  it('imports every row as the type it names, indexed by spreadsheet row', () => {
    expect(result.format).toBe('csv');
    expect(result.report.map((e) => e.index)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(result.report.every((e) => e.status !== 'error')).toBe(true);
    expect(countTypes(result.items)).toEqual({ single: 2, multi: 4, truefalse: 2, 'short-answer': 1, practical: 1 });
    expect(result.items.map((i) => i.id)).toEqual(result.report.map((e) => `S-${String(e.index).padStart(3, '0')}`));
  });

  it('maps answers, options, area, difficulty, levels and explanation', () => {
    expect(byId(result, 'S-002')).toMatchObject({
      type: 'single',
      answer: 'b',
      options: [{ id: 'a', text: '默认允许' }, { id: 'b', text: '默认拒绝' }, { id: 'c' }, { id: 'd' }],
      area: 'firewall-access-control',
      difficulty: 1,
      levels: [4],
      explanation: '最小权限原则。',
    });
    expect(byId(result, 'S-003')).toMatchObject({ answer: 'c', area: 'crypto-pki', difficulty: 3, levels: [3] });
    expect(byId(result, 'S-004')).toMatchObject({ answer: ['a', 'c', 'd'], difficulty: 4, levels: [3, 4] });
    expect(byId(result, 'S-005')).toMatchObject({ answer: ['a', 'c', 'd'] });
    expect(byId(result, 'S-006')).toMatchObject({ answer: ['a', 'c'], options: [{ id: 'a' }, { id: 'b' }, { id: 'c' }] });
    expect(byId(result, 'S-007')).toMatchObject({ answer: ['a', 'b', 'c'] });
    expect(byId(result, 'S-008')).toMatchObject({ type: 'truefalse', answer: false, difficulty: 5 });
    expect(byId(result, 'S-009')).toMatchObject({ type: 'truefalse', answer: true });
  });

  it('keeps points as rubric points for free-text items and warns that choice points come from the paper', () => {
    expect(byId(result, 'S-010')).toMatchObject({
      type: 'short-answer',
      rubric: [{ id: 'a', text: '按参考答案评分', points: 15 }],
      referenceAnswer: expect.stringContaining('SYN Cookie'),
    });
    const practical = byId(result, 'S-011');
    expect(practical).toMatchObject({ type: 'practical', screenshots: 1, rubric: [{ points: 20 }] });
    expect(practical.type === 'practical' && practical.rubric[0]!.text).toContain('iptables -P INPUT DROP\niptables -A INPUT');
    expect(result.report.find((e) => e.index === 2)!.messages).toEqual([{ key: 'sheet.pointsIgnored', params: { points: '1' } }]);
    expect(result.report.find((e) => e.index === 9)!.messages).toEqual([{ key: 'sheet.pointsIgnored', params: { points: '2' } }]);
    expect(said(result.report.find((e) => e.index === 10)!)).toContain('import.rubricCreated {"points":15}');
    expect(said(result.report.find((e) => e.index === 11)!)).toContain('sheet.screenshotsMissing');
    expect(result.report.filter((e) => e.status === 'imported').map((e) => e.index)).toEqual([3, 4, 5, 6, 7, 8]);
  });
});

describe('CSV import: answer spellings', () => {
  it('reads true/false words, full-width forms and A/B options that say 正确/错误', () => {
    const words: [string, boolean][] = [
      ['对', true], ['错', false], ['正确', true], ['错误', false], ['√', true], ['×', false],
      ['T', true], ['F', false], ['是', true], ['否', false], ['Ｔ', true], [' f ', false], ['TRUE', true],
    ];
    const result = importCsv(csv(['题目', '类型', '答案'], words.map(([w], i) => [`判断${i}`, '判断题', w])));
    expect(result.items.map((i) => i.type === 'truefalse' && i.answer)).toEqual(words.map(([, v]) => v));
    expect(result.report.every((e) => e.status === 'imported')).toBe(true);

    const viaOptions = importCsv(csv(['题目', '类型', '答案', '选项A', '选项B'], [['甲', '判断', 'A', '正确', '错误'], ['乙', '判断', 'B', '正确', '错误']]));
    expect(viaOptions.items.map((i) => i.type === 'truefalse' && i.answer)).toEqual([true, false]);
    const ignored = importCsv(csv(['题目', '类型', '答案', '选项A', '选项B'], [['丙', '判断', '对', '甲', '乙']]));
    expect(ignored.report[0]).toMatchObject({ status: 'warning', messages: [{ key: 'sheet.optionsIgnored', params: { letters: 'A, B' } }] });
  });

  it('reads multi answers in every spelling', () => {
    const spellings = ['ACD', 'A,C,D', 'A、C、D', 'A，C，D', 'a c d', 'Ａ；Ｃ；Ｄ', 'A|C|D', 'CAD'];
    const result = importCsv(csv(CHOICE_HEADER, spellings.map((s, i) => [`多选${i}`, '多选题', s, '甲', '乙', '丙', '丁'])));
    expect(result.report.every((e) => e.status === 'imported')).toBe(true);
    for (const item of result.items) expect(item.type === 'multi' && [...item.answer].sort()).toEqual(['a', 'c', 'd']);
  });

  it('counts a repeated letter once, with a warning', () => {
    const result = importCsv(csv(CHOICE_HEADER, [['重复', '多选', 'AAC', '甲', '乙', '丙', '丁']]));
    expect(result.items[0]).toMatchObject({ answer: ['a', 'c'] });
    expect(result.report[0]!.messages).toEqual([{ key: 'sheet.answerRepeated', params: { answer: 'AAC' } }]);
  });

  it('renumbers options after an empty one and says so', () => {
    const result = importCsv(csv(CHOICE_HEADER, [['空选项', '单选', 'D', '甲', '乙', '', '丁']]));
    expect(result.items[0]).toMatchObject({ answer: 'c', options: [{ text: '甲' }, { text: '乙' }, { id: 'c', text: '丁' }] });
    expect(result.report[0]!.messages).toEqual([{ key: 'sheet.optionEmpty', params: { letter: 'C' } }]);
    const pointsAtEmpty = importCsv(csv(CHOICE_HEADER, [['空选项', '单选', 'C', '甲', '乙', '', '丁']]));
    expect(pointsAtEmpty.report[0]).toMatchObject({ status: 'error', messages: [{ key: 'sheet.optionEmpty', params: { letter: 'C' } }, { key: 'sheet.answerMissingOption', params: { letters: 'C' } }] });
  });
});

describe('CSV import: points, difficulty, levels, types', () => {
  it('maps difficulty words and numbers to 1..5 and warns about the rest', () => {
    const values = ['易', '较易', '中', '中等', '较难', '难', '5', '2.0', '9', '很难'];
    const result = importCsv(csv(['题目', '类型', '答案', '难度'], values.map((d, i) => [`题${i}`, '判断', '对', d])));
    expect(result.items.map((i) => i.difficulty)).toEqual([1, 2, 3, 3, 4, 5, 5, 2, 3, 3]);
    expect(result.report.slice(8).every((e) => e.status === 'warning' && said(e).includes('sheet.difficultyInvalid'))).toBe(true);
  });

  it('reads the three-level 低难度/中难度/高难度 of templates as the ends and middle of the scale', () => {
    const values = ['低难度', '中难度', '高难度', '高'];
    const result = importCsv(csv(['题目', '类型', '答案', '难度'], values.map((d, i) => [`题${i}`, '判断', '对', d])));
    expect(result.items.map((i) => i.difficulty)).toEqual([1, 3, 5, 5]);
    expect(result.report.every((e) => !said(e).includes('sheet.difficultyInvalid'))).toBe(true);
  });

  it('reads easy/normal/hard as the ends and middle of the scale too', () => {
    const result = importCsv(csv(['题目', '类型', '答案', '难度'], ['Easy', 'normal', 'HARD'].map((d, i) => [`题${i}`, '判断', '对', d])));
    expect(result.items.map((i) => i.difficulty)).toEqual([1, 3, 5]);
  });

  it('reads a 难度系数 as the share of right answers, in bands of 0.2, and says so on each row', () => {
    const values = ['0.85', '0.65', '0.5', '0.35', '0.1', '35%', '4', '1', '1.5', '很难'];
    const result = importCsv(csv(['题目', '类型', '答案', '难度系数'], values.map((d, i) => [`题${i}`, '判断', '对', d])));
    expect(result.items.map((i) => i.difficulty)).toEqual([1, 2, 3, 4, 5, 4, 4, 1, 3, 3]);
    expect(result.report[3]!.messages).toContainEqual({ key: 'sheet.coefficientRead', params: { value: '0.35', used: 4 } });
    expect(result.report.slice(0, 6).every((e) => said(e).includes('sheet.coefficientRead'))).toBe(true);
    // A 1–5 value needs no reading; the rest are refused with the default used.
    expect(result.report.slice(6, 8).some((e) => said(e).includes('sheet.coefficient'))).toBe(false);
    expect(result.report.slice(8).every((e) => said(e).includes('sheet.coefficientInvalid'))).toBe(true);
    expect(said(result.report[0]!)).not.toContain('sheet.columnsIgnored');
  });

  it('takes the 难度 column over a 难度系数 beside it', () => {
    const result = importCsv(csv(['题目', '类型', '答案', '难度', '难度系数'], [['题', '判断', '对', '难', '0.9']]));
    expect(result.items[0]!.difficulty).toBe(5);
    expect(said(result.report[0]!)).not.toContain('sheet.coefficient');
  });

  it('reports a picture that is not in the file once, however often the item shows it', () => {
    const img = '<img src="topo.png">';
    const result = importCsv(csv([...CHOICE_HEADER, '解析'], [[`<p>看图 ${img}</p>`, '单选', 'A', `<p>${img}</p>`, '乙', '丙', '丁', `<p>见 ${img}</p>`]]));
    expect(result.report[0]!.messages.filter((m) => typeof m !== 'string' && m.key === 'html.imageMissing')).toHaveLength(1);
  });

  it('removes the letters an export repeats in every option cell ("A. $-2$"), and only then', () => {
    const result = importCsv(
      csv(CHOICE_HEADER, [
        ['计算 -5+3', '单选', 'A', 'A. -2', 'B．2', '（C）-8', 'D、8'],
        ['下列哪个是 A 类地址？', '单选', 'B', 'A. 192.168.1.1', '10.0.0.1', '172.16.0.1', ''],
      ]),
    );
    expect(result.items[0]).toMatchObject({ options: [{ text: '\\-2' }, { text: '2' }, { text: '\\-8' }, { text: '8' }], answer: 'a' });
    expect(result.report[0]!.messages).toContainEqual({ key: 'sheet.optionLettersRemoved' });
    expect(result.items[1]).toMatchObject({ options: [{ text: 'A. 192.168.1.1' }, { text: '10.0.0.1' }, { text: '172.16.0.1' }] });
    expect(said(result.report[1]!)).not.toContain('sheet.optionLettersRemoved');
  });

  it('reads 分值 as rubric points for short-answer and practical, defaulting to 10 with a warning', () => {
    const result = importCsv(
      csv(['题目', '类型', '答案', '分数'], [['甲', '简答', '答', '12分'], ['乙', '问答', '答', ''], ['丙', '实操', '', 'abc'], ['丁', '实际操作', '', '30']]),
    );
    expect(result.items.map((i) => (i.type === 'short-answer' || i.type === 'practical' ? i.rubric[0]!.points : null))).toEqual([12, 10, 10, 30]);
    expect(countTypes(result.items)).toEqual({ 'short-answer': 2, practical: 2 });
    expect(said(result.report[1]!)).toContain('sheet.pointsEmpty');
    expect(said(result.report[2]!)).toContain('sheet.pointsInvalid {"points":"abc","used":10}');
  });

  it('reads levels in Chinese and digits and warns about levels the certification lacks', () => {
    const result = importCsv(csv(['题目', '类型', '答案', '适用等级'], [['甲', '判断', '对', '三级'], ['乙', '判断', '对', '4, 3'], ['丙', '判断', '对', '五级']]));
    expect(result.items.map((i) => i.levels)).toEqual([[3], [3, 4], [4]]);
    expect(said(result.report[2]!)).toContain('sheet.levelsUnknown {"levels":"五级","used":"4"}');
  });

  it('imports 填空 and 论述 as short-answer, and converts HTML cells to Markdown', () => {
    const result = importCsv(csv(['题目', '类型', '答案'], [['HTTPS 默认端口是____。', '填空题', '443'], ['<p>论述<strong>纵深防御</strong></p>', '论述题', '略']]));
    expect(result.items[0]).toMatchObject({ type: 'short-answer', referenceAnswer: '443' });
    expect(said(result.report[0]!)).toContain('import.fillAsShortAnswer');
    expect(result.items[1]).toMatchObject({ type: 'short-answer', stem: '论述**纵深防御**' });
  });
});

describe('CSV import: malformed rows, layouts and encodings', () => {
  it('reports each broken row with its reason and skips empty rows', () => {
    const result = importCsv(fixture('malformed.csv'), 'malformed.csv');
    const reasons = Object.fromEntries(result.report.map((e) => [e.index, e.status === 'error' ? said(e) : e.status]));
    expect(reasons).toEqual({
      2: expect.stringContaining('sheet.noAnswer'),
      4: expect.stringContaining('sheet.unknownType {"type":"连线题"}'),
      6: expect.stringContaining('sheet.answerMissingOption {"letters":"D"}'),
      7: expect.stringContaining('sheet.singleManyAnswers'),
      8: expect.stringContaining('sheet.multiOneAnswer'),
      9: expect.stringContaining('import.noStem'),
      10: expect.stringContaining('sheet.trueFalseAnswer {"answer":"也许"}'),
      11: expect.stringContaining('sheet.noType'),
      12: expect.stringContaining('sheet.answerNotLetters {"answer":"甲"}'),
      13: 'warning',
    });
    expect(result.items.map((i) => i.id)).toEqual(['S-013']);
    expect(result.report.filter((e) => e.status === 'error').every((e) => e.itemId === null)).toBe(true);
  });

  it('reads a tab-delimited sheet with a title row, synonyms, a multi-line cell and an id column', () => {
    const result = importCsv(fixture('exam.tsv'), 'exam.tsv');
    expect(result.report.map((e) => [e.index, e.sourceRef])).toEqual([[3, 'N-1'], [4, 'N-2'], [5, 'N-3']]);
    expect(byId(result, 'S-003')).toMatchObject({ type: 'single', answer: 'd', difficulty: 2, area: 'network-basics' });
    expect(byId(result, 'S-004')).toMatchObject({ type: 'multi', answer: ['a', 'b'], levels: [3], area: 'crypto-pki', stem: '多行题干：\\\n以下哪些是对称加密算法？' });
    expect(result.report[1]!.messages).toEqual([{ key: 'sheet.columnsIgnored', params: { columns: '备注' } }]);
    expect(byId(result, 'S-005')).toMatchObject({ type: 'truefalse', answer: true, area: 'network-basics' });
    expect(said(result.report[2]!)).toContain('import.defaultAreaUnmatched {"area":"network-basics","category":"安全意识"}');
  });

  it('decodes GBK/GB18030 bytes and UTF-16 with a BOM', () => {
    // Hand-written GB18030 bytes for the characters used below.
    const gbk: Record<string, number[]> = {
      题: [0xcc, 0xe2], 目: [0xc4, 0xbf], 类: [0xc0, 0xe0], 型: [0xd0, 0xcd], 答: [0xb4, 0xf0], 案: [0xb0, 0xb8],
      选: [0xd1, 0xa1], 项: [0xcf, 0xee], 难: [0xc4, 0xd1], 度: [0xb6, 0xc8], 防: [0xb7, 0xc0], 火: [0xbb, 0xf0],
      墙: [0xc7, 0xbd], 默: [0xc4, 0xac], 认: [0xc8, 0xcf], 策: [0xb2, 0xdf], 略: [0xc2, 0xd4], 应: [0xd3, 0xa6],
      为: [0xce, 0xaa], 单: [0xb5, 0xa5], 允: [0xd4, 0xca], 许: [0xd0, 0xed], 拒: [0xbe, 0xdc], 绝: [0xbe, 0xf8],
      中: [0xd6, 0xd0], 等: [0xb5, 0xc8],
    };
    const text = '题目,类型,答案,选项A,选项B,难度\r\n防火墙默认策略应为,单选,B,允许,拒绝,中等\r\n';
    const bytes = Buffer.from([...text].flatMap((ch) => gbk[ch] ?? [ch.charCodeAt(0)]));
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    for (const content of [bytes, Buffer.from(`\ufeff${text}`, 'utf16le')]) {
      expect(csvImporter.detect(content, 'export.txt')).toBe(true);
      const result = importCsv(content, 'export.txt');
      expect(result.items).toEqual([
        expect.objectContaining({ stem: '防火墙默认策略应为', answer: 'b', difficulty: 3, options: [{ id: 'a', text: '允许' }, { id: 'b', text: '拒绝' }] }),
      ]);
    }
  });

  it('throws an Error naming the expected columns when no header is found, or when the CSV cannot be parsed', () => {
    expect(() => importCsv('name,value\nfoo,bar\n', 'other.csv')).toThrow(expect.objectContaining({ key: 'sheet.noHeaderCsv', message: expect.stringMatching(/no header row.*题目.*类型.*答案/) }));
    expect(() => importCsv('题目,类型,答案\n"未闭合,单选,A\n', 'broken.csv')).toThrow(expect.objectContaining({ key: 'csv.unreadable' }));
  });
});

describe('XLSX import', () => {
  const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

  it('takes the first sheet with a header and normalises rich text, formulas, numbers, hyperlinks and images', async () => {
    const content = await workbookBuffer((wb) => {
      wb.addWorksheet('说明').addRow(['请按模板填写试题']);
      const ws = wb.addWorksheet('题库');
      ws.addRow(['网络安全题库']);
      ws.mergeCells('A1:F1');
      ws.addRow(['题　干（必填）', '题型', '正确答案', '选项Ａ', '选项B', '选项C', '分值', '难度', '知识领域', '等级']);
      ws.addRow([{ richText: [{ text: '下列哪个是' }, { font: { bold: true }, text: '对称' }, { text: '加密算法？' }] }, '单选题', { formula: 'CHAR(65)', result: 'A' }, 'AES', 'RSA', 'ECC', null, 2, 'crypto-pki', 3]);
      ws.addRow([]);
      ws.addRow(['看图说明拓扑中防火墙的位置。', '简答', { text: '边界处', hyperlink: 'https://example.invalid/a' }, null, null, null, 8, '较易', '防火墙与访问控制', '四级']);
      ws.addRow(['  ', '', '']);
      ws.addRow([1234, '判断', true]);
      const imageId = wb.addImage({ base64: `data:image/png;base64,${png}`, extension: 'png' });
      ws.addImage(imageId, { tl: { col: 0, row: 4 }, ext: { width: 10, height: 10 } });
    });
    expect(xlsxImporter.detect(content, 'upload.bin')).toBe(true);
    expect(csvImporter.detect(content, 'upload.xlsx')).toBe(false);
    const result = await xlsxImporter.import(content, opts('bank.xlsx'));
    expect(result.format).toBe('xlsx');
    expect(result.report.map((e) => [e.index, e.status])).toEqual([[3, 'imported'], [5, 'warning'], [7, 'warning']]);
    expect(result.items[0]).toMatchObject({ id: 'S-003', type: 'single', stem: '下列哪个是对称加密算法？', answer: 'a', difficulty: 2, area: 'crypto-pki', levels: [3] });
    expect(result.items[1]).toMatchObject({
      id: 'S-005',
      type: 'short-answer',
      referenceAnswer: '边界处',
      difficulty: 2,
      area: 'firewall-access-control',
      rubric: [{ points: 8 }],
      stem: '看图说明拓扑中防火墙的位置。\n\n![](media:S-005-1.png)',
      media: [{ name: 'S-005-1.png', mimeType: 'image/png', base64: png }],
    });
    expect(result.items[2]).toMatchObject({ id: 'S-007', type: 'truefalse', stem: '1234', answer: true });
  });

  it('throws a clear Error for a sheet without the expected header and for a broken workbook', async () => {
    const noHeader = await workbookBuffer((wb) => wb.addWorksheet('Sheet1').addRow(['name', 'value']));
    await expect(xlsxImporter.import(noHeader, opts('plain.xlsx'))).rejects.toMatchObject({ key: 'sheet.noHeader', params: { sheets: 'Sheet1' }, message: expect.stringMatching(/no header row.*题目.*类型.*答案/) });
    const broken = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('xl/workbook.xml garbage')]);
    expect(xlsxImporter.detect(broken, 'broken.xlsx')).toBe(true);
    await expect(xlsxImporter.import(broken, opts('broken.xlsx'))).rejects.toMatchObject({ key: 'zip.unreadable', message: expect.stringMatching(/not a readable zip archive/) });
  });

  itWithThirdPartyBanks('imports the ExamStack template: its one example row is a 填空题 that becomes a short-answer item', async () => {
    const content = readFileSync(templatePath);
    expect(xlsxImporter.detect(content, 'question.xlsx')).toBe(true);
    expect(csvImporter.detect(content, 'question.xlsx')).toBe(false);
    const result = await xlsxImporter.import(content, opts('question.xlsx'));
    expect(result.report).toHaveLength(1);
    expect(result.report[0]).toMatchObject({ index: 2, itemId: 'S-002', status: 'warning' });
    const messages = said(result.report[0]!);
    expect(messages).toContain('import.fillAsShortAnswer');
    expect(messages).toContain('import.rubricCreated {"points":10}');
    expect(messages).toContain('sheet.pointsEmpty');
    expect(messages).toMatch(/import.defaultAreaUnmatched .*安全行车、文明驾驶基础知识/);
    expect(messages).toContain('sheet.columnsIgnored {"columns":"出处, 知识关键点"}');
    expect(result.items).toEqual([
      {
        id: 'S-002',
        type: 'short-answer',
        stem: '安全行车、文明驾驶基础知识',
        referenceAnswer: '5',
        explanation: '安全行车、文明驾驶基础知识安全行车、文明驾驶基础知识',
        rubric: [{ id: 'a', text: '按参考答案评分', points: 10 }],
        levels: [4],
        area: 'network-basics',
        difficulty: 3,
        tags: [],
      },
    ]);
  });
});

describe('detection', () => {
  it('claims CSV by name or by a header line with 题 and 答案, and nothing else', () => {
    expect(csvImporter.detect(Buffer.from('anything'), 'bank.CSV')).toBe(true);
    expect(csvImporter.detect(Buffer.from('x\ty'), 'bank.tsv')).toBe(true);
    expect(csvImporter.detect(Buffer.from('题目,类型,答案\n甲,判断,对\n'), 'upload')).toBe(true);
    expect(csvImporter.detect(Buffer.from('What is 2+2?\nA. 3\nB. 4\nANSWER: B\n'), 'quiz.txt')).toBe(false);
    expect(csvImporter.detect(Buffer.from('::题目:: 1+1=2 {T}\n// 答案'), 'quiz.gift')).toBe(false);
    expect(xlsxImporter.detect(Buffer.from('题目,类型,答案\n'), 'bank.xlsx')).toBe(false);
    expect(xlsxImporter.detect(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x77, 0x6f, 0x72, 0x64, 0x2f]), 'doc.docx')).toBe(false);
  });
});

describe('Chinese vocabulary and workbook structure', () => {
  it('reads a workbook with one sheet per item type: the sheet name gives the type, numbering runs through the workbook', async () => {
    const result = await xlsxImporter.import(fixture('sheet-per-type.xlsx'), opts('sheet-per-type.xlsx'));
    // Every row warns that its knowledge area is the default: the sheets have no 知识点 column.
    expect(result.report.map((e) => [e.index, e.sourceRef, e.status])).toEqual([
      [1, '单选题!2 1', 'warning'],
      [2, '单选题!3 2', 'warning'],
      [3, '多选题!2', 'warning'],
      [4, '多选题!3', 'warning'],
      [5, '判断题!2', 'warning'],
      [6, '判断题!3', 'warning'],
      [7, '主观题!2', 'warning'],
      [8, '填空题!2', 'warning'],
    ]);
    expect(result.items.map((i) => [i.id, i.type])).toEqual([
      ['S-001', 'single'],
      ['S-002', 'single'],
      ['S-003', 'multi'],
      ['S-004', 'multi'],
      ['S-005', 'truefalse'],
      ['S-006', 'truefalse'],
      ['S-007', 'short-answer'],
      ['S-008', 'short-answer'],
    ]);
  });

  it('keeps 解释/答案解析/解析 as the explanation, and an HTML table stem as a Markdown table', async () => {
    const result = await xlsxImporter.import(fixture('sheet-per-type.xlsx'), opts('sheet-per-type.xlsx'));
    expect(byId(result, 'S-001')).toMatchObject({ answer: 'd', explanation: 'HTTPS 默认端口为 443。' });
    expect(byId(result, 'S-002')).toMatchObject({ stem: '根据下表，哪个服务以明文传输？\n\n| 端口 | 服务 |\n| --- | --- |\n| 22 | SSH |\n| 23 | Telnet |', answer: 'b' });
    expect(byId(result, 'S-003')).toMatchObject({ answer: ['a', 'b'], explanation: 'AES 与 SM4 是对称算法。' });
    expect(byId(result, 'S-006')).toMatchObject({ answer: false, explanation: '弱口令应立即修改。' });
    expect(result.report.flatMap((e) => e.messages)).not.toContainEqual(expect.objectContaining({ key: 'sheet.columnsIgnored' }));
  });

  it('escapes plain text into Markdown and warns about identical options', async () => {
    const result = await xlsxImporter.import(fixture('sheet-per-type.xlsx'), opts('sheet-per-type.xlsx'));
    expect(byId(result, 'S-004')).toMatchObject({ stem: '\\*.exe 文件一定是病毒吗？下列说法正确的是' });
    expect(result.report[3]!.messages).toContainEqual({ key: 'item.identicalOptions', params: { options: 'A=B' } });
  });

  it('reports a sheet named for an item type whose header it cannot read, instead of passing over its questions', async () => {
    const content = await workbookBuffer((wb) => {
      const single = wb.addWorksheet('单选题');
      single.addRow(['试题', '选项A', '选项B', '答案', '知识点']);
      single.addRow(['SSH 默认端口是？', '22', '23', 'A', '网络安全基础']);
      const tf = wb.addWorksheet('判断题');
      tf.addRow(['试题', '对/错']);
      tf.addRow(['Telnet 以明文传输口令。', '对']);
      wb.addWorksheet('填写说明').addRow(['每行一题']);
    });
    const result = await xlsxImporter.import(content, opts('one-sheet-unread.xlsx'));
    expect(result.items.map((i) => i.type)).toEqual(['single']);
    expect(result.report.map((e) => [e.sourceRef, e.status])).toEqual([
      ['单选题!2', 'imported'],
      ['判断题', 'error'],
    ]);
    expect(result.report[1]!.messages).toEqual([{ key: 'sheet.sheetWithoutHeader', params: { sheet: '判断题' } }]);
  });

  it('imports 主观题 as a short answer with 参考答案, and 填空题 with each accepted answer on its own line', async () => {
    const result = await xlsxImporter.import(fixture('sheet-per-type.xlsx'), opts('sheet-per-type.xlsx'));
    expect(byId(result, 'S-007')).toMatchObject({ referenceAnswer: '准备、检测、抑制、根除、恢复、跟踪总结', rubric: [{ points: 10 }] });
    expect(byId(result, 'S-008')).toMatchObject({ referenceAnswer: '22\n443', stem: 'SSH 默认端口是\\_\\_\\_\\_，HTTPS 默认端口是\\_\\_\\_\\_。' });
    expect(said(result.report[7]!)).toContain('import.fillAsShortAnswer');
  });

  it('understands the type words of Chinese templates', () => {
    const words = ['主观', '主观题', '简答题', '问答', '填空', '判断题', 'judge', 'TF', 'T/F', '单项选择题', '多项选择题', '不定项选择题', '三、判断题'];
    const rows = words.map((w, i) => [`题${i}`, w, w.includes('判断') || /judge|TF|T\/F/i.test(w) ? '对' : w.includes('选择') ? (w.startsWith('单') ? 'A' : 'AB') : '略', '甲', '乙', '丙']);
    const result = importCsv(csv(['问题内容', '题型', '正确答案', '选项A', '选项B', '选项C'], rows));
    expect(result.report.filter((e) => e.status === 'error')).toEqual([]);
    expect(result.items.map((i) => i.type)).toEqual([
      'short-answer', 'short-answer', 'short-answer', 'short-answer', 'short-answer', 'truefalse', 'truefalse', 'truefalse', 'truefalse', 'single', 'multi', 'multi', 'truefalse',
    ]);
  });

  it('imports numeric type codes only with a mapping, never guessing', () => {
    const sheet = csv(['题目', '类型', '答案', '选项A', '选项B', '选项C'], [['单选题干', '0', 'A', '甲', '乙', '丙'], ['多选题干', '1', 'AB', '甲', '乙', '丙'], ['判断题干', '2', '对', '', '', ''], ['未知', '7', 'A', '甲', '乙', '丙']]);
    const guessed = importCsv(sheet);
    expect(guessed.items).toEqual([]);
    expect(guessed.report.map((e) => e.messages)).toEqual(['0', '1', '2', '7'].map((code) => [{ key: 'sheet.typeCodeUnmapped', params: { code } }]));

    const mapped = csvImporter.import(Buffer.from(sheet), { ...opts('codes.csv'), typeCodes: { 0: '单选', 1: 'multi', 2: '判断', 7: '连线' } }) as ImportResult;
    expect(mapped.items.map((i) => i.type)).toEqual(['single', 'multi', 'truefalse']);
    expect(mapped.report[3]!.messages).toEqual([{ key: 'sheet.typeCodeUnknownWord', params: { code: '7', type: '连线' } }]);
  });

  it('warns when a reference answer is an option letter or an identifier rather than text', () => {
    const result = importCsv(csv(['题目', '类型', '答案'], [['甲', '简答', 'B'], ['乙', '简答', 'choice_2'], ['丙', '简答', 'AES-256 与 IPv6']]));
    expect(result.report.map((e) => e.messages.some((m) => typeof m !== 'string' && m.key === 'item.referenceIsIdentifier'))).toEqual([true, true, false]);
  });

  it('accepts a reading passage as long as 20,000 characters', () => {
    const passage = '阅读材料。'.repeat(3000);
    const result = importCsv(csv(['题目', '类型', '答案'], [[passage, '判断', '对']]));
    expect(result.items[0]!.stem).toHaveLength(passage.length);
  });
});

describe('Chinese templates: one 选项 cell, 判断 answered A/B', () => {
  const result = importCsv(fixture('options-cell.csv'), 'options-cell.csv');

  it('splits a 选项 cell holding every option, at its letters, its lines or its "|"', () => {
    expect(result.report.map((e) => e.status)).toEqual(Array(7).fill('warning'));
    expect(result.items[0]).toMatchObject({ type: 'single', answer: 'a', options: [{ id: 'a', text: '包过滤防火墙' }, { id: 'b', text: '路由器' }, { id: 'c', text: '交换机' }] });
    expect(result.items[1]).toMatchObject({ type: 'multi', answer: ['a', 'b'], options: [{ text: 'AES' }, { text: 'SM4' }, { text: 'RSA' }, { text: 'ECC' }] });
    expect(result.items[2]).toMatchObject({ type: 'single', answer: 'c', options: [{ text: '22' }, { text: '23' }, { text: '443' }] });
    // Split at its letters, an option keeps the "|" of a shell pipe.
    expect(result.items[3]).toMatchObject({ answer: 'a', options: [{ text: 'grep fail a.log | wc -l' }, { text: 'wc -l a.log' }] });
    expect(result.report[0]!.messages).toEqual([{ key: 'sheet.optionsSplit', params: { count: 3 } }]);
    expect(result.report[2]!.messages).toEqual([{ key: 'sheet.optionsSplit', params: { count: 3 } }]);
  });

  it('does not split an option cell when the sheet has 选项A… columns: an option may hold "|"', () => {
    const sheet = importCsv(csv(['题目', '类型', '选项', '答案', '选项A', '选项B'], [['管道符是？', '单选', '见右', 'A', 'a | b', 'a & b']]));
    expect(sheet.items[0]).toMatchObject({ answer: 'a', options: [{ text: 'a | b' }, { text: 'a \\& b' }] });
    expect(sheet.report[0]!.messages).toEqual([{ key: 'sheet.columnsIgnored', params: { columns: '选项' } }]);
  });

  it('reads a 判断 answered A/B by its option texts, or without options as A = 正确, B = 错误, and says so', () => {
    expect(result.items.slice(4).map((i) => [i.type, i.type === 'truefalse' && i.answer])).toEqual([
      ['truefalse', false],
      ['truefalse', true],
      ['truefalse', false],
    ]);
    expect(result.report[4]!.messages).toEqual([{ key: 'sheet.optionsSplit', params: { count: 2 } }]);
    expect(result.report[5]!.messages).toEqual([{ key: 'sheet.trueFalseLetterAssumed', params: { answer: 'A' } }]);
    expect(result.report[6]!.messages).toEqual([{ key: 'sheet.trueFalseLetterAssumed', params: { answer: 'B' } }]);
    // Option texts decide, whichever letter says 正确; letters repeated in the cells are no obstacle.
    const swapped = importCsv(csv(['题目', '类型', '答案', '选项A', '选项B'], [['甲', '判断', 'A', 'A. 错误', 'B. 正确'], ['乙', '判断', 'B', '×', '√'], ['丙', '判断', 'C', '', '']]));
    expect(swapped.items.map((i) => i.type === 'truefalse' && i.answer)).toEqual([false, true]);
    expect(swapped.report[2]).toMatchObject({ status: 'error', messages: [{ key: 'sheet.trueFalseAnswer', params: { answer: 'C' } }] });
  });
});

describe('Chinese templates: 题目难度, 知识点名称, 题目分类', () => {
  const result = importCsv(fixture('template-headers.csv'), 'template-headers.csv');

  it('reads 题目难度 as the difficulty, and certificate levels written there as the item\'s levels', () => {
    expect(result.items.map((i) => [i.difficulty, i.levels])).toEqual([
      [1, [4]],
      [5, [4]],
      [4, [4]],
      [3, [4]],
      [3, [3]],
      [3, [4]],
      [3, [4]],
      [3, [4]],
    ]);
    expect(result.report[3]!.messages).toEqual([{ key: 'sheet.difficultyIsLevel', params: { value: '四级', used: 3 } }]);
    expect(result.report[4]!.messages).toEqual([{ key: 'sheet.difficultyIsLevel', params: { value: '高级', used: 3 } }]);
    // 初级 is 五级, which this certificate does not have: the default levels, said.
    expect(result.report[5]!.messages).toEqual([
      { key: 'sheet.difficultyIsLevel', params: { value: '初级', used: 3 } },
      { key: 'sheet.levelsUnknown', params: { levels: '初级', used: '4' } },
    ]);
  });

  it('reads 知识点名称 as the knowledge area, by its Chinese name or key, and reports a name that is none', () => {
    expect(result.items.map((i) => i.area)).toEqual([
      'crypto-pki', 'firewall-access-control', 'incident-response', 'network-basics', 'backup-recovery', 'management-law', 'network-basics', 'network-basics',
    ]);
    expect(result.report.slice(0, 3).map((e) => e.status)).toEqual(['imported', 'imported', 'imported']);
    // The report has one entry per item: each item given the default area says so.
    for (const entry of result.report.slice(6)) expect(entry.messages).toEqual([{ key: 'import.defaultAreaUnmatched', params: { area: 'network-basics', category: '安全意识' } }]);
  });

  it('reads 题目分类 as the knowledge area too, and lets a levels column win over a level in 题目难度', () => {
    const sheet = importCsv(['题目,题型,答案,题目分类,题目难度,适用等级', '增量备份只备份变化的数据。,判断,对,数据备份与恢复,三级,四级'].join('\n'));
    expect(sheet.items[0]).toMatchObject({ area: 'backup-recovery', levels: [4], difficulty: 3 });
    expect(sheet.report[0]!.messages).toEqual([{ key: 'sheet.difficultyInvalid', params: { value: '三级', used: 3 } }]);
  });
});
