import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { giftImporter } from '../../../../server/src/features/banks/formats/gift.ts';
import type { ImportOptions, ImportResult } from '../../../../server/src/features/banks/formats/types.ts';
import { said } from '../../../helpers/import-lines.ts';
import { itWithThirdPartyBanks, thirdPartyBank } from '../../../helpers/third-party.ts';

const options: ImportOptions = { fileName: 'test.gift.txt', idPrefix: 'G', levels: [4], area: 'network-basics', difficulty: 2 };
const own = (name: string) => readFileSync(fileURLToPath(new URL(`../../../fixtures/qbank/gift/${name}`, import.meta.url)));
const moodle = (name: string) => thirdPartyBank('gift', name);
const run = async (source: string | Buffer): Promise<ImportResult> =>
  giftImporter.import(typeof source === 'string' ? Buffer.from(source) : source, options);
const one = async (source: string) => {
  const result = await run(source);
  expect(result.report).toHaveLength(1);
  return { item: result.items[0], entry: result.report[0]! };
};
const countBy = <T,>(list: T[], key: (t: T) => string) =>
  list.reduce<Record<string, number>>((acc, t) => ({ ...acc, [key(t)]: (acc[key(t)] ?? 0) + 1 }), {});

describe('GIFT importer', () => {
  it('maps categories to knowledge areas and reads the bilingual fixture', async () => {
    const { items, report } = await run(own('security.gift.txt'));
    expect(report.map((e) => e.sourceRef)).toEqual(['FW-01', 'FW-02', 'PKI-01', 'PKI-02', 'PKI-03', 'IR-01', 'IR-02', 'HTML-01']);
    expect(report.every((e) => e.status !== 'error')).toBe(true);
    expect(items.map((i) => i.area)).toEqual([
      'firewall-access-control', // Chinese name
      'firewall-access-control',
      'crypto-pki', // English name
      'crypto-pki',
      'crypto-pki',
      'incident-response', // key
      'incident-response',
      'network-basics', // no match: the default, with a warning
    ]);
    expect(said(report[7]!)).toEqual([expect.stringContaining('"$course$/top/不存在的分类" matches no knowledge area')]);
    expect(report.slice(0, 3).map((e) => e.status)).toEqual(['imported', 'imported', 'imported']);
    expect(items[0]).toMatchObject({
      id: 'G-001',
      type: 'single',
      stem: '在默认拒绝（default deny）策略下，防火墙对未匹配任何规则的流量应当如何处理？',
      options: [{ id: 'a', text: '丢弃' }, { id: 'b', text: '放行' }, { id: 'c', text: '记录后放行' }],
      answer: 'a',
      explanation: '默认拒绝意味着只放行明确允许的流量。',
    });
  });

  it('turns weights into multi-answer fractions', async () => {
    const { items } = await run(own('security.gift.txt'));
    expect(items[1]).toMatchObject({ type: 'multi', answer: ['a', 'b'], fractions: { a: 0.5, b: 0.5, c: -1, d: -1 } });

    const odd = await one('Pick.{~%40%a ~%40%b ~%-100%c}');
    expect(odd.item).toMatchObject({ type: 'multi', answer: ['a', 'b'], fractions: { a: 0.4, b: 0.4, c: -1 } });
    expect(said(odd.entry)).toContain('Positive weights add up to 80%, not 100%');

    // Moodle writes thirds as 33.33333: kept to seven places, as the Moodle XML importer keeps them.
    const thirds = await one('Pick.{~%33.33333%a ~%33.33333%b ~%33.33333%c ~%-100%d}');
    expect(thirds.item).toMatchObject({ fractions: { a: 0.3333333, b: 0.3333333, c: 0.3333333, d: -1 } });

    const lone = await one('Pick.{~%100%a ~b ~c}');
    expect(lone.item).toMatchObject({ type: 'single', answer: 'a' });
    expect(said(lone.entry)).toContain('Multiple answer with one correct choice: imported as single choice');

    const partial = await one('Pick.{=right ~%50%half ~wrong}');
    expect(partial.item).toMatchObject({ type: 'single', answer: 'a' });
    expect(said(partial.entry)[0]).toBe('Partial credit left out (single choice has none): "half" 50%');

    const tooMuch = await one('Pick.{~%150%a ~%50%b ~c}');
    expect(tooMuch.entry).toMatchObject({ status: 'error', itemId: null, messages: [{ key: 'gift.weightOutOfRange', params: { line: 1, n: 1, weight: 150 } }] });
  });

  it('reads true/false in all four spellings and keeps general feedback as the explanation', async () => {
    const { items, report } = await run('A.{T}\n\nB.{TRUE}\n\nC.{F}\n\nD.{FALSE#wrong#right####因为如此。}\n');
    expect(items.map((i) => i.type === 'truefalse' && i.answer)).toEqual([true, true, false, false]);
    expect(items[3]).toMatchObject({ explanation: '因为如此。' });
    expect(said(report[3]!)[0]).toBe('True/false feedback left out (2 text(s)): our items have no place for it');
    // Lower case is not a true/false keyword in GIFT: Moodle reads it as a short answer.
    expect((await one('E.{true}')).item).toMatchObject({ type: 'short-answer', referenceAnswer: 'true' });
  });

  it('imports essays and short answers as short-answer items with a default rubric', async () => {
    const essay = await one('::E1::简述 SQL 注入的防御方法。{####参数化查询、最小权限。}');
    expect(essay.item).toMatchObject({
      type: 'short-answer',
      stem: '简述 SQL 注入的防御方法。',
      explanation: '参数化查询、最小权限。',
      rubric: [{ id: 'a', text: '按参考答案评分', points: 10 }],
    });
    expect(essay.item).not.toHaveProperty('referenceAnswer');
    expect(said(essay.entry)).toContain('The source has no rubric: one criterion "按参考答案评分" worth 10 point(s) was created');

    const short = await one('Name a hash.{=SHA-256#good =%50%MD5 =%0%*#no}');
    expect(short.item).toMatchObject({ type: 'short-answer', referenceAnswer: '- SHA-256\n- MD5 (50%)' });
    expect(said(short.entry)).toEqual(
      expect.arrayContaining([
        'Short answer with 2 accepted answer(s): kept as the reference answer, graded by people',
        'Answers worth nothing left out of the reference answer: "*" (0%)',
        'Per-answer feedback left out (2 answer(s)): our items have no place for it',
      ]),
    );
  });

  it('unescapes control characters and \\n, and puts a blank where the answers sit mid-sentence', async () => {
    const { items } = await run(own('security.gift.txt'));
    expect(items[6]).toMatchObject({
      // Plain text is escaped into Markdown (line break as a hard break, "\\" doubled) so it renders as typed.
      stem: '在 GIFT 中字面量 { } = ~ # : 需要转义。\\\n第二行。',
      options: [{ id: 'a', text: '反斜杠 \\\\ 本身也要转义' }, { id: 'b', text: '只需转义 { 和 }' }],
      answer: 'a',
    });
    expect(items[4]).toMatchObject({ stem: 'HTTPS 默认使用的 TCP 端口号是 _____。', referenceAnswer: '- 443\n- 八四四三 (50%)' });

    const titled = await one('::a\\:b \\{x\\}::Which? {~\\~ =\\= ~\\#}');
    expect(titled.entry.sourceRef).toBe('a:b {x}');
    expect(titled.item).toMatchObject({ stem: 'Which?', options: [{ text: '~' }, { text: '\\=' }, { text: '#' }], answer: 'b' });
  });

  it('converts [html] to Markdown and keeps [markdown] and [plain] text', async () => {
    const { items } = await run(own('security.gift.txt'));
    expect(items[5]).toMatchObject({ stem: '简述**应急响应**的六个阶段。' });
    expect(items[7]).toMatchObject({ stem: '下列哪项是 **对称** 加密算法？', options: [{ text: 'AES' }, { text: 'RSA' }, { text: 'ECC' }] });
    // Without a format tag, text with HTML tags is converted; answers inherit the question's format.
    const html = await one('Is <i>this</i> fine?{=<b>yes</b> ~no}');
    expect(html.item).toMatchObject({ stem: 'Is *this* fine?', options: [{ text: '**yes**' }, { text: 'no' }] });
    const plain = await one('[plain]a < b && c * d{T}');
    expect(plain.item).toMatchObject({ stem: 'a \\< b \\&\\& c \\* d' });
  });

  it('gives every broken or unsupported block an error entry and imports the rest', async () => {
    const { items, report } = await run(own('broken.gift.txt'));
    expect(report).toHaveLength(11);
    expect(items.map((i) => i.id)).toEqual(['G-001', 'G-011']);
    const errors = report.filter((e) => e.status === 'error');
    expect(errors.map((e) => [e.sourceRef, said(e)[0]])).toEqual([
      ['NUM-01', expect.stringContaining('numerical questions ({#...}) are not supported')],
      ['MATCH-01', expect.stringContaining('matching questions ({=a -> b}) are not supported')],
      ['DESC-01', expect.stringContaining('no answer block ("description") is not supported')],
      ['BRACE-01', expect.stringContaining('unbalanced braces')],
      [null, 'Line 16: the title opened with "::" is never closed'],
      ['TWO-EQ', expect.stringContaining('2 answers are marked "="')],
      ['NO-RIGHT', expect.stringContaining('no answer is marked "=" or has a positive weight')],
      ['ONE-ANSWER', expect.stringContaining('needs at least two answers')],
      ['EMPTY', 'Line 24: answer 2 is empty'],
    ]);
    expect(errors.every((e) => e.itemId === null)).toBe(true);

    const extra = await run('One {=a ~b} two {=c ~d}\n\nStray } brace {T}\n\nNested {=a {b} ~c}\n\n{T}');
    expect(extra.report.map((e) => e.status)).toEqual(['error', 'error', 'error', 'error']);
    expect(extra.report.map(said)).toEqual([
      ['Line 1: more than one answer block, or a stray brace after it (write literal braces as \\{ and \\})'],
      [expect.stringContaining('Line 3: unbalanced braces')],
      ['Line 5: "{" inside the answer block (write a literal brace as \\{)'],
      ['Line 7: the question has no text before its answer block'],
    ]);
  });

  it('refuses files with no questions and binary files with a clear error', async () => {
    await expect(run('// only a comment\n\n$CATEGORY: top\n')).rejects.toMatchObject({ key: 'format.noQuestions', params: { format: 'GIFT' } });
    await expect(run(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]))).rejects.toMatchObject({ key: 'text.binary' });
  });

  it('reads CRLF files and strips a UTF-8 byte order mark', async () => {
    const { items } = await run('\uFEFF// c\r\n::Q::第一题\r\n{=对 ~错}\r\n\r\n::R::第二题{F}\r\n');
    expect(items.map((i) => i.id)).toEqual(['G-001', 'G-002']);
    expect(items[0]).toMatchObject({ stem: '第一题', options: [{ text: '对' }, { text: '错' }] });
  });

  itWithThirdPartyBanks('detects GIFT and not XML, Aiken or binary files', () => {
    expect(giftImporter.detect(own('security.gift.txt'), 'x.txt')).toBe(true);
    expect(giftImporter.detect(moodle('examples.txt'), 'x.txt')).toBe(true);
    expect(giftImporter.detect(Buffer.from('Question?{T}'), 'x.txt')).toBe(true);
    expect(giftImporter.detect(Buffer.from('<?xml version="1.0"?><quiz><question>{=a}</question></quiz>'), 'x.xml')).toBe(false);
    expect(giftImporter.detect(Buffer.from('Q?\nA) a\nB) b\nANSWER: A\n'), 'x.txt')).toBe(false);
    expect(giftImporter.detect(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00]), 'x.xlsx')).toBe(false);
  });

  describe("Moodle's own GIFT files", () => {
    itWithThirdPartyBanks('questions.gift.txt: 9 questions, 7 imported, matching and numerical refused', async () => {
      const { items, report } = await run(moodle('questions.gift.txt'));
      expect(report.map((e) => e.sourceRef)).toEqual(['Q8', 'Moodle activities', 'Q2', 'colours', 'Q5', 'Shortanswer', 'Q1', '2-08 TSL', '2-08 TSL']);
      expect(report.map((e) => e.status)).toEqual(['warning', 'error', 'warning', 'warning', 'error', 'warning', 'warning', 'warning', 'warning']);
      expect(countBy(items, (i) => i.type)).toEqual({ 'short-answer': 2, single: 1, multi: 1, truefalse: 3 });
      expect(said(report[1]!)[0]).toContain('matching');
      expect(said(report[4]!)[0]).toContain('numerical');
      const byRef = (ref: string) => items.find((i) => i.id === report.find((e) => e.sourceRef === ref)!.itemId);
      expect(byRef('Q8')).toMatchObject({ type: 'short-answer', stem: 'How are you?' });
      expect(byRef('Q2')).toMatchObject({ type: 'single', options: [{ text: 'yellow' }, { text: 'red' }, { text: 'blue' }], answer: 'a' });
      expect(byRef('colours')).toMatchObject({
        type: 'multi',
        options: [{ text: 'yellow' }, { text: 'red' }, { text: 'off-beige' }, { text: 'blue' }],
        answer: ['a', 'c'],
        fractions: { a: 0.5, b: -1, c: 0.5, d: -1 },
      });
      expect(byRef('Shortanswer')).toMatchObject({ type: 'short-answer', referenceAnswer: '- Frog\n- Cat (50%)' });
      expect(byRef('Q1')).toMatchObject({
        type: 'truefalse',
        answer: false,
        explanation: "This is, of course, a Hitchiker's Guide to the Galaxy reference.",
      });
      expect(items.filter((i) => i.type === 'truefalse').map((i) => i.type === 'truefalse' && i.answer)).toEqual([false, true, true]);
    });

    itWithThirdPartyBanks('examples.txt: 43 questions, 32 imported, 8 numerical and 3 matching refused', async () => {
      const { items, report } = await run(moodle('examples.txt'));
      expect(report).toHaveLength(43);
      expect(items).toHaveLength(32);
      expect(countBy(items, (i) => i.type)).toEqual({ single: 16, multi: 2, truefalse: 5, 'short-answer': 9 });
      const errors = report.filter((e) => e.status === 'error');
      expect(countBy(errors, (e) => (e.messages[0]?.key === 'gift.numerical' ? 'numerical' : e.messages[0]?.key === 'gift.matching' ? 'matching' : 'other'))).toEqual({
        numerical: 8,
        matching: 3,
      });
      // Ids follow source positions, so refused questions leave gaps.
      expect(items[4]!.id).toBe('G-006');
      expect(items.find((i) => i.stem === 'Grant is _____ in Grant\'s tomb.')).toMatchObject({ answer: 'b' });
      expect(items.find((i) => i.stem === 'Which answer equals 5?')).toMatchObject({
        options: [{ text: '\\= 2 + 2' }, { text: '\\= 2 + 3' }, { text: '\\= 2 + 4' }],
        answer: 'b',
      });
      const control = report.find((e) => e.sourceRef === 'GIFT Control Characters')!;
      expect(items.find((i) => i.id === control.itemId)).toMatchObject({
        // Escaped into Markdown: a lone "=" would underline a heading, a backslash escapes.
        options: ['~', '\\=', '#', '{', '}', '\\\\'].map((text) => ({ text })),
        answer: 'f',
      });
      expect(items.filter((i) => i.type === 'multi').map((i) => i.type === 'multi' && i.fractions)).toEqual([
        { a: 0, b: 0.5, c: 0.5, d: 0 },
        { a: -0.5, b: 0.5, c: 0.5, d: -0.5 },
      ]);
    });
  });
});
