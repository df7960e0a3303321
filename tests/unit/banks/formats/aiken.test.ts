import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { aikenImporter } from '../../../../server/src/features/banks/formats/aiken.ts';
import type { ImportOptions, ImportResult } from '../../../../server/src/features/banks/formats/types.ts';
import { said } from '../../../helpers/import-lines.ts';
import { itWithThirdPartyBanks, thirdPartyBank } from '../../../helpers/third-party.ts';

const options: ImportOptions = { fileName: 'test.aiken.txt', idPrefix: 'A', levels: [3, 4], area: 'os-hardening', difficulty: 3 };
const own = (name: string) => readFileSync(fileURLToPath(new URL(`../../../fixtures/qbank/aiken/${name}`, import.meta.url)));
const moodle = (name: string) => thirdPartyBank('aiken', name);
const run = async (source: string | Buffer): Promise<ImportResult> =>
  aikenImporter.import(typeof source === 'string' ? Buffer.from(source) : source, options);

describe('Aiken importer', () => {
  it('reads Chinese and English questions with full-width punctuation, multi-line stems and no blank lines between', async () => {
    const { format, items, report } = await run(own('security.aiken.txt'));
    expect(format).toBe('aiken');
    expect(report.map((e) => e.status)).toEqual(['warning', 'warning', 'warning', 'warning']);
    expect(said(report[0]!)).toEqual(['No knowledge area given: the default "os-hardening" is used']);
    expect(items[0]).toEqual({
      id: 'A-001',
      type: 'single',
      levels: [3, 4],
      area: 'os-hardening',
      difficulty: 3,
      tags: [],
      stem: '在 OSI 参考模型中，TCP 协议工作在哪一层？',
      options: [
        { id: 'a', text: '网络层' },
        { id: 'b', text: '传输层' },
        { id: 'c', text: '会话层' },
        { id: 'd', text: '数据链路层' },
      ],
      answer: 'b',
    });
    expect(items[1]).toMatchObject({ stem: 'SSH 服务默认监听的 TCP 端口号是', options: [{ text: '21' }, { text: '22' }, { text: '23' }], answer: 'b' });
    expect(items[2]).toMatchObject({ answer: 'b' }); // "ANSWER: b"
    expect(items[3]).toMatchObject({ stem: 'Which log file records failed SSH logins\\\non a Debian system?', answer: 'a' });
  });

  it('reports malformed blocks with their reason and line, and still imports the rest', async () => {
    const { items, report } = await run(own('broken.aiken.txt'));
    expect(report.map((e) => [e.status, said(e)[0]])).toEqual([
      ['error', 'Line 4: the answer E is not among the options (A, B)'],
      ['error', 'Line 6: "No answer line here" has no ANSWER line before the next question (line 10)'],
      ['error', 'Line 10: fewer than two options (1): a single-choice item needs at least two'],
      ['error', 'Line 18: "ANSWER: A, B" must name exactly one option letter (Aiken is single choice only)'],
      ['error', 'Line(s) 20-21: option lines with no question before them'],
      ['error', 'Line(s) 23: an ANSWER line with no question before it'],
      ['warning', 'No knowledge area given: the default "os-hardening" is used'],
    ]);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ id: 'A-007', stem: '备份数据应当保存在异地吗？', answer: 'a' });
  });

  it('reports a question cut off by the end of the file, duplicate letters, empty options, and renames gapped letters', async () => {
    const cut = await run('Unfinished\nA) a\nB) b');
    expect(cut.report).toEqual([expect.objectContaining({ status: 'error', messages: [{ key: 'aiken.noAnswerAtEnd', params: { line: 1, stem: 'Unfinished' } }] })]);
    expect(said(cut.report[0]!)).toEqual(['Line 1: "Unfinished" has no ANSWER line before the end of the file']);

    const dup = await run('Q?\nA) a\nA) b\nANSWER: A');
    expect(dup.report[0]).toMatchObject({ status: 'error', messages: [{ key: 'aiken.letterTwice', params: { line: 1, letter: 'A' } }] });

    const blank = await run('Q?\nA) a\nB)\nANSWER: A');
    expect(blank.report[0]).toMatchObject({ status: 'error', messages: [{ key: 'aiken.optionEmpty', params: { line: 1, letter: 'B' } }] });

    const gap = await run('Q?\nA) a\nC) c\nD) d\nANSWER: C');
    expect(gap.items[0]).toMatchObject({ options: [{ id: 'a', text: 'a' }, { id: 'b', text: 'c' }, { id: 'c', text: 'd' }], answer: 'b' });
    expect(said(gap.report[0]!)).toContain('Option letters A, C, D renamed to A, B, C in source order');
  });

  it('decodes GBK files with CRLF line ends', async () => {
    const gbk = Buffer.concat([Buffer.from([0xc4, 0xe3, 0xba, 0xc3]), Buffer.from('?\r\nA. x\r\nB. y\r\nANSWER: B\r\n')]);
    const { items } = await run(gbk);
    expect(items[0]).toMatchObject({ stem: '你好?', answer: 'b' });
  });

  it('refuses a file with no questions', async () => {
    await expect(run('\n\n')).rejects.toMatchObject({ key: 'format.noQuestions', params: { format: 'Aiken' } });
  });

  it('detects a file whose every answer line is typed full-width ("ANSWER：B"), as the parser reads it', async () => {
    const text = 'HTTPS 默认端口是？\r\nA、80\r\nB、443\r\nANSWER：B\r\n\r\n以下哪个是对称算法？\r\nA．RSA\r\nB．AES\r\nANSWER：b\r\n';
    expect(aikenImporter.detect(Buffer.from(text), 'x.txt')).toBe(true);
    const { detectFormat } = await import('../../../../server/src/features/banks/formats/index.ts');
    expect(detectFormat(Buffer.from(text), 'questions.txt')).toBe('aiken');
    expect((await run(text)).items.map((i) => (i.type === 'single' ? i.answer : null))).toEqual(['b', 'b']);
  });

  itWithThirdPartyBanks('detects Aiken by its ANSWER lines', () => {
    expect(aikenImporter.detect(own('security.aiken.txt'), 'x.txt')).toBe(true);
    expect(aikenImporter.detect(moodle('aiken_errors.txt'), 'x.txt')).toBe(true);
    expect(aikenImporter.detect(Buffer.from('Q?{=a ~b}\n'), 'x.gift')).toBe(false);
    expect(aikenImporter.detect(Buffer.from('Answer: A\n'), 'x.txt')).toBe(false);
  });

  describe("Moodle's own Aiken files", () => {
    itWithThirdPartyBanks('questions.aiken.txt: 2 single-choice questions, HTML kept as plain text', async () => {
      const { items, report } = await run(moodle('questions.aiken.txt'));
      expect(report.map((e) => e.status)).toEqual(['warning', 'warning']);
      expect(items).toHaveLength(2);
      expect(items[0]).toMatchObject({
        type: 'single',
        stem: 'The Moodle project was started by:',
        options: ['Petr Skoda', 'Martin Dougiamas', 'Eloy Lafuente', 'Tim Hunt'].map((text, i) => ({ id: 'abcd'[i], text })),
        answer: 'b',
      });
      expect(items[1]).toMatchObject({
        // Escaped into Markdown, so the renderer shows it as typed.
        stem: 'Moodle\'s abilities include handling user input that includes \\<html class="cool"> \\& images:',
        options: [{ text: 'True' }, { text: 'False' }],
        answer: 'a',
      });
    });

    itWithThirdPartyBanks('aiken_errors.txt: 3 questions imported, 4 errors (as in Moodle\'s own test)', async () => {
      const { items, report } = await run(moodle('aiken_errors.txt'));
      expect(report.map((e) => e.status)).toEqual(['error', 'error', 'error', 'warning', 'error', 'warning', 'warning']);
      expect(report.filter((e) => e.status === 'error').map((e) => said(e)[0])).toEqual([
        'Line 1: fewer than two options (1): a single-choice item needs at least two',
        'Line(s) 5: option lines with no question before them',
        'Line(s) 7: an ANSWER line with no question before it',
        'Line 14: "A question started but not finished" has no ANSWER line before the next question (line 18)',
      ]);
      expect(items.map((i) => i.id)).toEqual(['A-004', 'A-006', 'A-007']);
      expect(items[0]).toMatchObject({ stem: 'A good question', options: [{ text: 'Correct' }, { text: 'Incorrect' }], answer: 'a' });
      expect(items[1]).toMatchObject({
        stem: 'A second good question',
        options: [{ text: 'Incorrect (No space)' }, { text: 'Correct (No space)' }],
        answer: 'b',
      });
      expect(items[2]).toMatchObject({
        stem: 'A third good question with HTML chars such as > \\< \\&',
        options: [{ text: 'Correct (\\< > \\&)' }, { text: 'Incorrect (\\< > \\&)' }],
        answer: 'a',
      });
    });
  });
});
