import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { bankFileSchema, type BankItem } from '@shared/bank.ts';
import { loadBankFile } from '../../../../server/src/features/banks/load-bank.ts';
import { exportMoodleXml, moodleXmlImporter } from '../../../../server/src/features/banks/formats/moodle-xml.ts';
import { markdownToHtml } from '../../../../server/src/features/banks/formats/markdown-html.ts';
import type { ImportOptions, ImportResult } from '../../../../server/src/features/banks/formats/types.ts';
import { said } from '../../../helpers/import-lines.ts';
import { itWithThirdPartyBanks, thirdPartyBank } from '../../../helpers/third-party.ts';

const real = (file: string) => thirdPartyBank('moodle-xml', file);
const own = (file: string) => fs.readFileSync(fileURLToPath(new URL(`../../../fixtures/qbank/moodle-xml/${file}`, import.meta.url)));

const options: ImportOptions = { fileName: 'x.xml', idPrefix: 'M', levels: [4], area: 'network-basics', difficulty: 2 };
const run = (content: Buffer | string, fileName = 'x.xml') =>
  moodleXmlImporter.import(typeof content === 'string' ? Buffer.from(content) : content, { ...options, fileName }) as ImportResult;
const area = (category: string) => `Category "${category}" matches no knowledge area: the default "network-basics" is used`;
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const quiz = (questions: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n${questions}\n</quiz>\n`;

describe('Moodle XML detection', () => {
  itWithThirdPartyBanks('recognises a <quiz> root, after a BOM, declaration or comments', () => {
    for (const f of ['multichoice.xml', 'nested_categories_with_questions.xml', 'error_invalid_grades.xml']) expect(moodleXmlImporter.detect(real(f), f)).toBe(true);
    expect(moodleXmlImporter.detect(own('security.xml'), 'security.xml')).toBe(true);
    expect(moodleXmlImporter.detect(Buffer.from('\uFEFF<!-- a -->\n<!-- b --><quiz/>'), 'q.xml')).toBe(true);
    expect(moodleXmlImporter.detect(Buffer.from('<?xml version="1.0"?><quizzes></quizzes>'), 'q.xml')).toBe(false);
    expect(moodleXmlImporter.detect(Buffer.from('<assessmentItem><quiz/></assessmentItem>'), 'q.xml')).toBe(false);
    expect(moodleXmlImporter.detect(Buffer.from('::Q1:: <quiz> is a tag {T}'), 'q.txt')).toBe(false);
  });

  it('throws a clear error for a file that is not usable at all', () => {
    const refusal = (content: string) => {
      try {
        run(content);
      } catch (err) {
        return err;
      }
      throw new Error('not refused');
    };
    expect(refusal('<quiz><question type="truefalse"><name><text>x</text></question></quiz>')).toMatchObject({ key: 'xml.malformed', params: { line: 1 } });
    expect(refusal('<questions><question/></questions>')).toMatchObject({ key: 'format.wrongRoot', params: { format: 'Moodle XML', expected: 'quiz' } });
    expect(refusal(quiz('<question type="category"><category><text>$course$/top</text></category></question>'))).toMatchObject({ key: 'format.noQuestions', params: { format: 'Moodle XML' } });
    expect(refusal('')).toMatchObject({ key: expect.stringMatching(/^(xml\.malformed|format\.wrongRoot)$/) });
  });
});

describe('Moodle XML import', () => {
  it('reads the bilingual fixture: categories as areas, every supported type, media and tags', () => {
    const { format, items, report } = run(own('security.xml'));
    expect(format).toBe('moodle-xml');
    expect(report.map((e) => [e.index, e.sourceRef, e.itemId, e.status])).toEqual([
      [1, 'FW-01', 'M-001', 'warning'],
      [2, 'FW-02', 'M-002', 'warning'],
      [3, 'PKI-01', 'M-003', 'imported'],
      [4, 'PKI-02', 'M-004', 'warning'],
      [5, 'PKI-03', 'M-005', 'warning'],
      [6, 'IR-01', 'M-006', 'warning'],
      [7, 'IR-02', 'M-007', 'warning'],
      [8, 'Legacy image', 'M-008', 'warning'],
    ]);
    expect(items.map((i) => [i.id, i.type, i.area])).toEqual([
      ['M-001', 'single', 'firewall-access-control'], // Chinese name
      ['M-002', 'multi', 'firewall-access-control'],
      ['M-003', 'truefalse', 'crypto-pki'], // English name
      ['M-004', 'truefalse', 'crypto-pki'],
      ['M-005', 'short-answer', 'crypto-pki'],
      ['M-006', 'short-answer', 'incident-response'], // key, last segment of a longer path
      ['M-007', 'practical', 'incident-response'],
      ['M-008', 'single', 'network-basics'], // no match: the default
    ]);
    expect(items.every((i) => i.levels.join() === '4' && i.difficulty === 2)).toBe(true);
  });

  it('maps single choice, warning about partial credit and penalties it cannot keep', () => {
    const { items, report } = run(own('security.xml'));
    expect(items[0]).toEqual({
      id: 'M-001',
      type: 'single',
      levels: [4],
      area: 'firewall-access-control',
      difficulty: 2,
      stem: '在默认拒绝（default deny）策略下，防火墙对**未匹配任何规则**的流量应当如何处理？',
      explanation: '默认拒绝意味着只放行明确允许的流量。',
      tags: ['默认拒绝', '防火墙'],
      options: [
        { id: 'a', text: '丢弃' },
        { id: 'b', text: '放行' },
        { id: 'c', text: '记录后丢弃' },
        { id: 'd', text: '记录后放行' },
      ],
      answer: 'a',
    });
    // Moodle's default combined feedback ("Your answer is correct.") is not worth a warning.
    expect(said(report[0]!)).toEqual([
      'Per-answer feedback left out (1 answer(s)): our items have no place for it',
      'Partial credit left out (single choice has none): "记录后丢弃" 50%',
      'Negative marks on single choice are not supported: left out "记录后放行" -25%',
    ]);
  });

  it('keeps multiple-answer fractions as they are, 33.33333% included', () => {
    const { items, report } = run(own('security.xml'));
    expect(items[1]).toMatchObject({
      type: 'multi',
      stem: '以下哪些端口属于常见的*明文*协议端口？', // escaped HTML, not CDATA
      options: [
        { id: 'a', text: '21（FTP）' },
        { id: 'b', text: '23（Telnet）' },
        { id: 'c', text: '80（HTTP）' },
        { id: 'd', text: '22（SSH）' },
        { id: 'e', text: '443（HTTPS）' },
      ],
      answer: ['a', 'b', 'c'],
      fractions: { a: 0.3333333, b: 0.3333333, c: 0.3333333, d: -0.5, e: -0.5 },
    });
    expect(items[1]).not.toHaveProperty('explanation');
    expect(said(report[1]!)).toEqual(['1 hint(s) left out: our items have no hints']);
  });

  it('reads true/false in every text format, with general feedback as the explanation', () => {
    const { items, report } = run(own('security.xml'));
    expect(items[2]).toMatchObject({ type: 'truefalse', answer: true, stem: 'A certificate revocation list (CRL) is signed by the issuing CA.' });
    expect(items[3]).toMatchObject({
      type: 'truefalse',
      answer: false,
      // plain_text: line breaks kept, Markdown characters escaped.
      stem: 'SHA-1 is still recommended for new TLS certificates.  \nAnswer \\*true\\* or \\*false\\*.',
      explanation: 'SHA-1 collisions are **practical** since 2017.', // markdown: kept as it is
      tags: ['SHA-1'],
    });
    expect(said(report[3]!)).toEqual(['True/false feedback left out (1 text(s)): our items have no place for it']);
  });

  it('turns short answers into short-answer items graded by people, with the default grade as points', () => {
    const { items, report } = run(own('security.xml'));
    expect(items[4]).toMatchObject({
      type: 'short-answer',
      stem: 'HTTPS 默认使用的 TCP 端口号是 \\_\\_\\_\\_\\_\\_。',
      referenceAnswer: '- 443\n- 8443 (50%)',
      rubric: [{ id: 'a', text: '按参考答案评分', points: 2 }],
    });
    expect(said(report[4]!)).toEqual([
      'Short answer with 2 accepted answer(s): kept as the reference answer, graded by people',
      '1 answer(s) worth nothing left out of the reference answer',
      'The source has no rubric: one criterion "按参考答案评分" worth 2 point(s) was created',
    ]);
  });

  it('turns essays into short-answer or practical items, grader information into the rubric', () => {
    const { items, report } = run(own('security.xml'));
    expect(items[5]).toMatchObject({
      type: 'short-answer',
      explanation: 'PDCERF 模型。',
      rubric: [{ id: 'a', text: '准备、检测、抑制、根除、恢复、跟踪总结，每个阶段 1 分。', points: 6 }],
    });
    expect(items[5]).not.toHaveProperty('referenceAnswer');
    expect(said(report[5]!)).toEqual(['The grader information became the only rubric criterion, worth 6 point(s)']);
    expect(items[6]).toEqual({
      id: 'M-007',
      type: 'practical',
      levels: [4],
      area: 'incident-response',
      difficulty: 2,
      // The SVG is left out; its alt text stays.
      stem: '按拓扑图 ![拓扑图](media:topology-map.png) 隔离受感染主机，并上传两张截图。\n\n徽标',
      tags: ['隔离'],
      media: [{ name: 'topology-map.png', mimeType: 'image/png', base64: PNG }],
      screenshots: 2,
      rubric: [{ id: 'a', text: '按参考答案评分', points: 10 }],
    });
    expect(said(report[6]!)).toEqual([
      'File \"logo.svg" left out: only PNG, JPEG, GIF and WebP images are kept',
      'The source has no rubric: one criterion "按参考答案评分" worth 10 point(s) was created',
      'Response template left out: our items have no place for it',
    ]);
  });

  it('keeps legacy <image_base64> pictures and drops empty wrong answers with a warning', () => {
    const { items, report } = run(own('security.xml'));
    expect(items[7]).toMatchObject({
      stem: 'Which of these is a `<script>` tag? & why?\n\n![](media:tag.gif)',
      media: [{ name: 'tag.gif', mimeType: 'image/gif' }],
      options: [
        { id: 'a', text: '<script>' },
        { id: 'b', text: '<p>' },
      ],
      answer: 'a',
    });
    expect(said(report[7]!)).toEqual(['Empty answer 3 left out', area('$course$/top/Imported/Misc')]);
  });

  it('knows a Cloze question by the type Moodle\'s XML export writes for it ("cloze", not "multianswer")', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?><quiz><question type="cloze"><name><text>端口填空</text></name>
      <questiontext format="html"><text><![CDATA[<p>SSH 端口是 {1:SHORTANSWER:=22}。</p>]]></text></questiontext></question></quiz>`;
    const { items, report } = run(Buffer.from(xml));
    expect(items).toEqual([]);
    expect(report[0]!.messages).toEqual([{ key: 'moodle.unsupported.cloze', params: { type: 'cloze' } }]);
  });

  it('imports the plugin types multichoiceset and oumultiresponse as multi, their positive grades marking the right answers', () => {
    const question = (type: string, grades: number[]) =>
      `<question type="${type}"><name><text>${type}</text></name><questiontext format="html"><text>以下哪些属于纵深防御措施？</text></questiontext>
        ${grades.map((g, i) => `<answer fraction="${g}" format="html"><text>措施${i + 1}</text><feedback format="html"><text></text></feedback></answer>`).join('')}</question>`;
    const { items, report } = run(`<?xml version="1.0"?><quiz>${question('multichoiceset', [50, 0, 50, 0])}${question('oumultiresponse', [100, 0, 100, 100])}</quiz>`);
    expect(items.map((i) => (i.type === 'multi' ? [i.type, i.answer, 'fractions' in i] : i.type))).toEqual([
      ['multi', ['a', 'c'], false],
      ['multi', ['a', 'c', 'd'], false],
    ]);
    expect(report[0]!.messages).toContainEqual({ key: 'moodle.markedMulti', params: { type: 'multichoiceset' } });
  });

  it('reports every question it cannot import, with the reason', () => {
    const { items, report } = run(own('broken.xml'));
    expect(items).toEqual([]);
    expect(report.every((e) => e.status === 'error' && e.itemId === null && e.messages.length === 1)).toBe(true);
    expect(report.map((e) => [e.sourceRef, said(e)[0]])).toEqual([
      ['Match ports', 'Question type "matching" is not supported: there is no matching item type'],
      ['Port number', 'Question type "numerical" is not supported: there is no numeric item type'],
      ['Subnet size', 'Question type "calculated" is not supported: there is no calculated item type'],
      ['Read this first', 'Question type "description" is not supported: a description is text only, not a question'],
      ['Cloze', 'Question type "multianswer" is not supported: embedded answers (Cloze) have no equivalent item type'],
      ['Drag words', 'Question type "ddwtos" is not supported: there is no drag-and-drop item type'],
      ['Plugin type', 'Question type "hotspot" is not supported (only multichoice, truefalse, shortanswer and essay are)'],
      ['No type', 'Question type "-" is not supported (only multichoice, truefalse, shortanswer and essay are)'],
      ['No right answer', 'Invalid grades: no answer is worth 100% (the highest is 50%), single choice needs one right answer'],
      ['Two right answers', '2 answers are worth 100%: a single-choice item has exactly one right answer'],
      ['Invalid fraction', expect.stringMatching(/^Invalid grades: 35%, 65% not among Moodle's allowed fractions \(100%, 90%, 83\.33333%/)],
      ['Does not add up', 'Invalid grades: the positive fractions add up to 75%, not 100%'],
      ['Bad fraction', 'Answer 1 has no valid fraction'],
      ['One option', 'Field options is too short or too small (at least 2)'],
      ['No text', 'No question text'],
      ['No answers', 'A true/false question needs a "true" and a "false" answer'],
      ['Nothing accepted', 'No accepted answer with a positive grade'],
      ['Too many screenshots', 'Field screenshots is too long or too large (at most 20)'],
    ]);
  });

  it('handles raw HTML in <text>, files in answers, multi with one right answer and essay edge cases', () => {
    const r = run(
      quiz(`
  <question type="multichoice"><name><text>raw</text></name>
    <questiontext format="html"><text><p>Bare <b>HTML</b> &amp; text</p></text></questiontext>
    <single>false</single>
    <answer fraction="100"><text><![CDATA[<img src="@@PLUGINFILE@@/a.png" alt="A">]]></text><file name="a.png" encoding="base64">${PNG}</file></answer>
    <answer fraction="0"><text><![CDATA[<img src="@@PLUGINFILE@@/b.png" alt="B">]]></text><file name="b.png" encoding="base64">${PNG}</file></answer>
    <answer fraction="-100"><text><![CDATA[<img src="@@PLUGINFILE@@/missing.png" alt="C"> C]]></text></answer>
  </question>
  <question type="essay"><name><text>upload only</text></name>
    <questiontext format="html"><text>Upload.</text></questiontext>
    <defaultgrade>0</defaultgrade>
    <responseformat>noinline</responseformat><attachments>-1</attachments><attachmentsrequired>0</attachmentsrequired>
  </question>
  <question type="essay"><name><text>optional files</text></name>
    <questiontext format="html"><text>Explain.</text></questiontext>
    <defaultgrade>5</defaultgrade>
    <attachments>2</attachments><attachmentsrequired>0</attachmentsrequired>
    <graderinfo format="html"><text>${'长'.repeat(1200)}</text></graderinfo>
  </question>`),
    );
    expect(r.items[0]).toMatchObject({
      type: 'single',
      stem: 'Bare **HTML** & text',
      // The same bytes under two names are stored once.
      media: [{ name: 'a.png', mimeType: 'image/png', base64: PNG }],
      options: [
        { id: 'a', text: '![A](media:a.png)' },
        { id: 'b', text: '![B](media:a.png)' },
        { id: 'c', text: 'C C' },
      ],
      answer: 'a',
    });
    expect(said(r.report[0]!)).toEqual([
      '"missing.png" is referenced but not included in the file: left out',
      'Multiple answer with one correct choice: imported as single choice',
      'Negative marks on single choice are not supported: left out "C C" -100%',
      'No knowledge area given: the default "network-basics" is used', // no category at all
    ]);
    expect(r.items[1]).toMatchObject({ type: 'practical', screenshots: 0, rubric: [{ id: 'a', text: '按参考答案评分', points: 10 }] });
    expect(said(r.report[1]!).slice(0, 2)).toEqual([
      'Default grade 0 is not usable as rubric points (0 < points <= 100): 10 points used',
      'The source has no rubric: one criterion "按参考答案评分" worth 10 point(s) was created',
    ]);
    expect(r.items[2]).toMatchObject({ type: 'short-answer', referenceAnswer: '长'.repeat(1200), rubric: [{ id: 'a', text: '按参考答案评分', points: 5 }] });
    expect(said(r.report[2]!).slice(0, 3)).toEqual([
      'The source has no rubric: one criterion "按参考答案评分" worth 5 point(s) was created',
      'The grader information (over 1000 characters) was kept as the reference answer',
      'Optional attachments (up to 2) left out: a short-answer item takes text only',
    ]);
  });
});

describe('Moodle XML import of Moodle\'s own test files', () => {
  itWithThirdPartyBanks('multichoice.xml: one single-choice question with flag images as media and the audio left out', () => {
    const { items, report } = run(real('multichoice.xml'));
    expect(report).toEqual([
      {
        index: 1,
        sourceRef: 'Greeting',
        itemId: 'M-001',
        status: 'warning',
        messages: expect.any(Array),
      },
    ]);
    expect(said(report[0]!)).toEqual([
          'File \"bonjour.mp3" left out: only PNG, JPEG, GIF and WebP images are kept',
          'Per-answer feedback left out (4 answer(s)): our items have no place for it',
          area('$course$/Default for testhead/Multichoice'),
    ]);
    const item = items[0]!;
    expect(item).toMatchObject({
      type: 'single',
      // The link to the audio file keeps its text.
      stem: 'Listen to this greeting:  \n  \nWhat language is being spoken?',
      options: [
        { id: 'a', text: '![British Flag](media:flag-uk.jpg) English' },
        { id: 'b', text: '![French flag](media:flag-france.jpg) French' },
        { id: 'c', text: '![German flag](media:flag-german.jpg) German' },
        { id: 'd', text: '![Denmark flag](media:flag-denmark.jpg) Danish' },
      ],
      answer: 'b',
    });
    expect(item.media?.map((m) => [m.name, m.mimeType])).toEqual([
      ['flag-uk.jpg', 'image/jpeg'],
      ['flag-france.jpg', 'image/jpeg'],
      ['flag-german.jpg', 'image/jpeg'],
      ['flag-denmark.jpg', 'image/jpeg'],
    ]);
    expect(item.media?.every((m) => Buffer.from(m.base64, 'base64').subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff])))).toBe(true);
  });

  itWithThirdPartyBanks('nested_categories_with_questions.xml: four true/false questions and an essay under nested categories', () => {
    const { items, report } = run(real('nested_categories_with_questions.xml'));
    expect(items.map((i) => [i.type, i.stem, i.type === 'truefalse' ? i.answer : null])).toEqual([
      ['truefalse', 'Testing Iota Question', true],
      ['short-answer', 'Testing Kappa Essay Question', null],
      ['truefalse', 'Testing Kappa Question', true],
      ['truefalse', 'Testing Lambda Question', true],
      ['truefalse', 'Testing Mu Question', true],
    ]);
    expect(items[1]).toMatchObject({ rubric: [{ id: 'a', text: '按参考答案评分', points: 1 }] });
    expect(report.map((e) => [e.sourceRef, e.status, said(e)])).toEqual([
      ['Iota Question', 'warning', [area('$course$/Iota')]],
      ['Kappa Essay Question', 'warning', ['The source has no rubric: one criterion "按参考答案评分" worth 1 point(s) was created', area('$course$/Iota/Kappa')]],
      ['Kappa Question', 'warning', [area('$course$/Iota/Kappa')]],
      ['Lambda Question', 'warning', [area('$course$/Iota/Kappa/Lambda')]],
      ['Mu Question', 'warning', [area('$course$/Iota/Mu')]],
    ]);
  });

  itWithThirdPartyBanks('error_invalid_grades.xml: the question with a 33% grade is refused, as Moodle does', () => {
    const { items, report } = run(real('error_invalid_grades.xml'));
    expect(items).toEqual([]);
    expect(report).toEqual([
      {
        index: 1,
        sourceRef: 'Question with invalid grades : x > 1 & x < 2',
        itemId: null,
        status: 'error',
        messages: [{ key: 'moodle.gradesNotAllowed', params: { grades: '33%' } }],
      },
    ]);
    expect(said(report[0]!)).toEqual([expect.stringMatching(/^Invalid grades: 33% not among Moodle's allowed fractions/)]);
  });
});

const bank = bankFileSchema.parse({
  bank: { id: 'moodle-rt', title: 'Moodle 往返/测试', occupation: '4-04-04-02', version: 2 },
  items: [
    {
      id: 'RT-1',
      type: 'single',
      levels: [4],
      area: 'firewall-access-control',
      difficulty: 2,
      stem: '配置 `iptables` 时，**推荐**的默认策略是？\n\n规则 a < b && c > d 之后',
      options: [
        { id: 'a', text: 'ACCEPT' },
        { id: 'b', text: 'DROP' },
        { id: 'c', text: '`REJECT` 并记录' },
      ],
      answer: 'b',
      explanation: '默认拒绝，按需放行。',
      tags: ['iptables', '默认策略', 'a]]>b'],
    },
    {
      id: 'RT-2',
      type: 'multi',
      levels: [4],
      area: 'crypto-pki',
      difficulty: 3,
      stem: '下列哪些属于对称加密算法？',
      options: [
        { id: 'a', text: 'AES' },
        { id: 'b', text: 'SM4' },
        { id: 'c', text: '3DES' },
        { id: 'd', text: 'RSA' },
      ],
      answer: ['a', 'b', 'c'],
      fractions: { a: 0.3333333, b: 0.3333333, c: 0.3333333, d: -1 },
    },
    {
      id: 'RT-3',
      type: 'multi',
      levels: [4],
      area: 'crypto-pki',
      difficulty: 2,
      stem: 'Which tools capture packets?',
      options: [
        { id: 'a', text: 'tcpdump' },
        { id: 'b', text: 'Wireshark' },
        { id: 'c', text: 'chmod' },
        { id: 'd', text: 'ls' },
        { id: 'e', text: 'dumpcap' },
      ],
      answer: ['a', 'b', 'e'],
    },
    { id: 'RT-4', type: 'truefalse', levels: [4], area: 'crypto-pki', difficulty: 2, stem: 'SM2 是非对称算法。', answer: true, explanation: '基于椭圆曲线。' },
    { id: 'RT-5', type: 'truefalse', levels: [4], area: 'firewall-access-control', difficulty: 2, stem: 'Telnet 传输是加密的。', answer: false },
    {
      id: 'RT-6',
      type: 'short-answer',
      levels: [3],
      area: 'ids-log-analysis',
      difficulty: 4,
      stem: '简述 IDS 与 IPS 的区别 & 部署位置 <二者>。',
      rubric: [
        { id: 'a', text: '说明 IDS 旁路检测 & 告警（含误报）', points: 4 },
        { id: 'b', text: '说明 IPS 串联 "阻断"', points: 6.5 },
      ],
      // Written as turndown writes Markdown, so the round trip is exact.
      referenceAnswer: 'IDS 旁路部署，只告警；  \nIPS 串联部署，可阻断。',
    },
    {
      id: 'RT-7',
      type: 'practical',
      levels: [4],
      area: 'ids-log-analysis',
      difficulty: 3,
      stem: '## 导出日志\n\n1.  登录服务器\n2.  执行：\n\n```bash\njournalctl -u sshd > /tmp/ssh.log\n```\n\n**截图要求**：命令与输出。',
      screenshots: 4,
      rubric: [{ id: 'a', text: '命令正确', points: 10 }],
    },
    {
      id: 'RT-8',
      type: 'single',
      levels: [4],
      area: 'firewall-access-control',
      difficulty: 2,
      stem: '拓扑如下：\n\n![拓扑图](media:topo.png)\n\n防火墙位于哪一区域？',
      media: [
        { name: 'topo.png', mimeType: 'image/png', base64: PNG },
        { name: 'zone.png', mimeType: 'image/png', base64: `${PNG.slice(0, -4)}AAA=` },
        { name: 'spare.png', mimeType: 'image/png', base64: PNG.replace('DUlEQVR42', 'DUlEQVR43') },
      ],
      options: [
        { id: 'a', text: 'DMZ ![区](media:zone.png)' },
        { id: 'b', text: '内网' },
      ],
      answer: 'a',
    },
  ],
});

describe('Moodle XML export', () => {
  const xml = exportMoodleXml(bank);
  const question = (id: string) => xml.slice(xml.lastIndexOf('<question', xml.indexOf(`<text>${id}</text>`)), xml.indexOf('</question>', xml.indexOf(`<text>${id}</text>`)));

  it('writes well-formed XML with one category per knowledge area, named in Chinese', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(moodleXmlImporter.detect(Buffer.from(xml), 'x.xml')).toBe(true);
    expect([...xml.matchAll(/<question type="category">\s*<category>\s*<text>([^<]*)<\/text>/g)].map((m) => m[1])).toEqual([
      '$course$/top/Moodle 往返//测试/防火墙与访问控制',
      '$course$/top/Moodle 往返//测试/密码学与PKI',
      '$course$/top/Moodle 往返//测试/入侵检测与日志分析',
    ]);
    expect([...xml.matchAll(/<idnumber>([^<]*)<\/idnumber>/g)].map((m) => m[1])).toEqual(['RT-1', 'RT-5', 'RT-8', 'RT-2', 'RT-3', 'RT-4', 'RT-6', 'RT-7']);
  });

  it('writes choices as multichoice with Moodle-valid fractions', () => {
    const fractions = (id: string) => [...question(id).matchAll(/<answer fraction="([^"]+)"/g)].map((m) => m[1]);
    expect(question('RT-1')).toContain('<single>true</single>');
    expect(fractions('RT-1')).toEqual(['0', '100', '0']);
    expect(question('RT-2')).toContain('<single>false</single>');
    expect(fractions('RT-2')).toEqual(['33.33333', '33.33333', '33.33333', '-100']);
    // Without fractions: right answers share 100%, wrong ones share -100%.
    expect(fractions('RT-3')).toEqual(['33.33333', '33.33333', '-50', '-50', '33.33333']);
    expect(question('RT-4')).toMatch(/<answer fraction="100" format="moodle_auto_format">\s*<text>true<\/text>[\s\S]*<answer fraction="0" format="moodle_auto_format">\s*<text>false<\/text>/);
    expect(question('RT-5')).toMatch(/<answer fraction="0" format="moodle_auto_format">\s*<text>true<\/text>[\s\S]*<answer fraction="100" format="moodle_auto_format">\s*<text>false<\/text>/);
  });

  it('replaces fractions Moodle would refuse by the equal split, and says so', () => {
    const odd = bankFileSchema.parse({ ...bank, items: [{ ...bank.items[1]!, fractions: { a: 0.35, b: 0.35, c: 0.3, d: -1 } }] });
    const out = exportMoodleXml(odd);
    expect(out).toContain('<!-- The fractions were not valid Moodle grades: replaced by an equal split. -->');
    expect([...out.matchAll(/<answer fraction="([^"]+)"/g)].map((m) => m[1])).toEqual(['33.33333', '33.33333', '33.33333', '-100']);
  });

  it('writes stems as escaped HTML, explanations as general feedback, tags, and images as files where they are shown', () => {
    expect(question('RT-1')).toContain('<text><![CDATA[<p>配置 <code>iptables</code> 时，<strong>推荐</strong>的默认策略是？</p><p>规则 a &lt; b &amp;&amp; c &gt; d 之后</p>]]></text>');
    expect(question('RT-1')).toMatch(/<generalfeedback format="html">\s*<text><!\[CDATA\[<p>默认拒绝，按需放行。<\/p>\]\]><\/text>/);
    // "]]>" cannot appear inside CDATA: it is split across two sections.
    expect(question('RT-1')).toContain('<tags>\n      <tag><text>iptables</text></tag>\n      <tag><text>默认策略</text></tag>\n      <tag><text><![CDATA[a]]]]><![CDATA[>b]]></text></tag>\n    </tags>');
    const rt8 = question('RT-8');
    const stem = rt8.slice(rt8.indexOf('<questiontext'), rt8.indexOf('</questiontext>'));
    expect(stem).toContain('<img src="@@PLUGINFILE@@/topo.png" alt="拓扑图"/>');
    expect([...stem.matchAll(/<file name="([^"]+)" path="\/" encoding="base64">/g)].map((m) => m[1])).toEqual(['topo.png', 'spare.png']);
    const answer = rt8.slice(rt8.indexOf('<answer fraction="100"'), rt8.indexOf('</answer>'));
    expect(answer).toContain('<img src="@@PLUGINFILE@@/zone.png" alt="区"/>');
    expect(answer).toContain('<file name="zone.png" path="/" encoding="base64">');
  });

  it('writes short answers and practical tasks as essays, with the rubric for the graders', () => {
    const sa = question('RT-6');
    expect(sa).toContain('<question type="essay">');
    expect(sa).toContain('<defaultgrade>10.5</defaultgrade>');
    expect(sa).toContain('<responseformat>editor</responseformat>');
    expect(sa).toContain('<attachmentsrequired>0</attachmentsrequired>');
    expect(sa).toContain(
      '<h4>参考答案</h4><p>IDS 旁路部署，只告警；<br/>IPS 串联部署，可阻断。</p><h4>评分标准</h4><ol><li>说明 IDS 旁路检测 &amp; 告警（含误报）（4 分）</li><li>说明 IPS 串联 &quot;阻断&quot;（6.5 分）</li></ol>',
    );
    const pr = question('RT-7');
    expect(pr).toContain('<responseformat>noinline</responseformat>');
    expect(pr).toContain('<attachments>-1</attachments>');
    expect(pr).toContain('<attachmentsrequired>4</attachmentsrequired>');
    expect(pr).toContain('<pre><code class="language-bash">journalctl -u sshd &gt; /tmp/ssh.log</code></pre>');
  });
});

describe('Moodle XML round trip', () => {
  // Levels and difficulty are not in Moodle XML; media come back in the order of the fields that show them.
  const comparable = (items: BankItem[]) =>
    items.map(({ id: _id, levels: _l, difficulty: _d, media, ...rest }) => ({ ...rest, media: media && [...media].sort((a, b) => a.name.localeCompare(b.name)) }));

  it('native -> Moodle XML -> import gives the same items, in area order', () => {
    const r = run(exportMoodleXml(bank));
    expect(r.report.every((e) => e.status === 'imported')).toBe(true);
    expect(r.report.map((e) => e.sourceRef)).toEqual(['RT-1', 'RT-5', 'RT-8', 'RT-2', 'RT-3', 'RT-4', 'RT-6', 'RT-7']);
    const byRef = new Map(r.report.map((e, i) => [e.sourceRef, r.items[i]!]));
    const back = bank.items.map((i) => byRef.get(i.id)!);
    // A multi item without fractions comes back with the equal split it was exported with.
    const expected = bank.items.map((i) =>
      i.id === 'RT-3' ? { ...i, fractions: { a: 0.3333333, b: 0.3333333, c: -0.5, d: -0.5, e: 0.3333333 } } : i,
    );
    expect(comparable(back)).toEqual(comparable(expected));
  });

  it('round-trips the demo bank: answers, rubrics and media exact, Markdown equivalent', () => {
    const demo = loadBankFile(fileURLToPath(new URL('../../../../question-banks/nsa-demo.yaml', import.meta.url)));
    const r = run(exportMoodleXml(demo), 'demo.xml');
    expect(r.items).toHaveLength(demo.items.length);
    expect(r.report.every((e) => e.status === 'imported')).toBe(true);
    const byRef = new Map(r.report.map((e, i) => [e.sourceRef, r.items[i]!]));
    const render = (md: string | undefined) => (md === undefined ? undefined : markdownToHtml(md));
    for (const original of demo.items) {
      const item = byRef.get(original.id)!;
      const { id: _a, levels: _b, difficulty: _d, stem, explanation, ...rest } = original;
      const { fractions: _f, ...got } = item as BankItem & { fractions?: unknown };
      const want = rest.type === 'short-answer' ? { ...rest, referenceAnswer: render(rest.referenceAnswer) } : rest;
      const have = got.type === 'short-answer' ? { ...got, referenceAnswer: render(got.referenceAnswer) } : got;
      expect(have, original.id).toMatchObject(want);
      expect(render(item.stem), original.id).toBe(render(stem));
      expect(render(item.explanation), original.id).toBe(render(explanation));
    }
  });
});
