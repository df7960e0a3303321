import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../../../server/src/features/banks/formats/index.ts';
import { importQti12, looksLikeQti12 } from '../../../../server/src/features/banks/formats/qti12.ts';
import type { ImportOptions } from '../../../../server/src/features/banks/formats/types.ts';

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../../../fixtures/qbank/qti12/${name}`, import.meta.url)));
const opts = (fileName: string): ImportOptions => ({ fileName, idPrefix: 'Q', levels: [4], area: 'network-basics', difficulty: 3 });
const keys = (messages: unknown[]) => messages.map((m) => (typeof m === 'string' ? m : (m as { key: string }).key));

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

describe('QTI 1.2 detection', () => {
  it('claims questestinterop documents, with or without a namespace prefix, and nothing else', () => {
    expect(detectFormat(fixture('canvas-quiz.xml'), 'assessment_qti.xml')).toBe('qti12');
    expect(detectFormat(fixture('blackboard-pool.xml'), 'res00001.dat')).toBe('qti12');
    expect(looksLikeQti12(Buffer.from('<?xml version="1.0"?><qti:questestinterop xmlns:qti="x"/>'))).toBe(true);
    expect(looksLikeQti12(Buffer.from('<quiz><question type="essay"/></quiz>'))).toBe(false);
    expect(looksLikeQti12(Buffer.from('<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1"/>'))).toBe(false);
  });

  it('stays linear on a long comment header', () => {
    const header = `<!--${' comment line\n'.repeat(5000)}-->\n`;
    expect(looksLikeQti12(Buffer.from(`${header}<questestinterop><item/></questestinterop>`))).toBe(true);
    expect(looksLikeQti12(Buffer.from(`${header}<root/>`))).toBe(false);
  });
});

describe('QTI 1.2 as Canvas exports it', () => {
  const r = importQti12(fixture('canvas-quiz.xml'), opts('assessment_qti.xml'));

  it('imports single, multiple, true/false, essay and fill-in-the-blank; other types are errors', () => {
    expect(r.format).toBe('qti12');
    expect(r.items.map((i) => i.type)).toEqual(['single', 'multi', 'truefalse', 'short-answer', 'short-answer']);
    expect(r.report.map((e) => [e.sourceRef, e.status])).toEqual([
      ['端口表', 'warning'],
      ['对称算法', 'warning'],
      ['日志审查', 'warning'],
      ['纵深防御', 'warning'],
      ['HTTPS 端口', 'warning'],
      ['连线', 'error'],
    ]);
    expect(r.report[5]!.messages).toEqual([{ key: 'qti12.unsupportedType', params: { type: 'matching_question' } }]);
  });

  it('keeps an HTML table in the stem as a Markdown table, and the general feedback as the explanation', () => {
    expect(r.items[0]).toMatchObject({
      stem: '根据下表，哪个服务使用了**明文**传输？\n\n| 端口 | 服务 |\n| --- | --- |\n| 22 | SSH |\n| 23 | Telnet |\n| 443 | HTTPS \\| TLS |',
      options: [{ text: 'SSH' }, { text: 'Telnet' }, { text: 'HTTPS' }, { text: '`*` 以上都不是' }],
      answer: 'b',
      explanation: 'Telnet 以明文传输口令。',
    });
  });

  it('reads the multiple-answer key from <and>, leaving out the <not> choices', () => {
    expect(r.items[1]).toMatchObject({ type: 'multi', answer: ['a', 'c'], stem: '以下哪些是对称加密算法？\n\n*   提示：看密钥' });
  });

  it('turns True/False choices into a true/false item and reports the image that is not in the file', () => {
    expect(r.items[2]).toMatchObject({ type: 'truefalse', answer: true });
    expect(r.report[2]!.messages).toContainEqual({ key: 'html.imageMissing', params: { src: '$IMS-CC-FILEBASE$/Quiz%20Files/log.png' } });
  });

  it('gives essays a rubric worth points_possible, and fill-in-the-blank its accepted answers as reference', () => {
    expect(r.items[3]).toMatchObject({ type: 'short-answer', rubric: [{ points: 15 }], stem: '论述*纵深防御*的含义，并举例：\n\n```\niptables -P INPUT DROP\n```' });
    expect(r.items[3]).not.toHaveProperty('referenceAnswer');
    expect(r.items[4]).toMatchObject({ type: 'short-answer', referenceAnswer: '443\ntcp/443', rubric: [{ points: 10 }] });
    expect(keys(r.report[4]!.messages)).toContain('import.fillAsShortAnswer');
  });

  it('keeps an image of the package as bank media when the reader hands over its files', () => {
    const files = (href: string) => (href === 'Quiz Files/log.png' ? Buffer.from(PNG, 'base64') : undefined);
    const withFiles = importQti12(fixture('canvas-quiz.xml'), opts('assessment_qti.xml'), files);
    expect(withFiles.items[2]).toMatchObject({ stem: '管理员应定期审查安全日志。![日志截图](media:Q-003-1.png)', media: [{ name: 'Q-003-1.png', mimeType: 'image/png', base64: PNG }] });
    expect(keys(withFiles.report[2]!.messages)).not.toContain('html.imageMissing');
  });
});

describe('QTI 1.2 as Blackboard exports it', () => {
  const r = importQti12(fixture('blackboard-pool.xml'), opts('res00001.dat'));

  it('reads bbmd_questiontype, formatted text blocks and SCORE.max conditions', () => {
    expect(r.items.map((i) => i.type)).toEqual(['single', 'multi', 'truefalse', 'short-answer']);
    expect(r.items[0]).toMatchObject({ stem: '最小权限原则指的是？', answer: 'a' });
    expect(r.items[1]).toMatchObject({ answer: ['a', 'b'] });
    expect(r.items[2]).toMatchObject({ answer: false });
  });

  it('warns about identical options and about conditional feedback merged into the explanation', () => {
    expect(keys(r.report[0]!.messages)).toEqual(expect.arrayContaining(['item.identicalOptions', 'qti12.feedbackMerged']));
    expect(r.report[0]!.messages).toContainEqual({ key: 'item.identicalOptions', params: { options: 'B=C' } });
  });

  it('takes the essay solution as the reference answer and qmd_absolutescore_max as its points', () => {
    expect(r.items[3]).toMatchObject({ referenceAnswer: '准备、检测、抑制、根除、恢复、跟踪总结', rubric: [{ points: 20 }] });
    expect(r.items[3]).not.toHaveProperty('explanation');
    expect(keys(r.report[3]!.messages)).toContain('html.imageMissing');
  });
});

describe('QTI 1.2 as Blackboard exports its other shapes', () => {
  const bb = (type: string, body: string, resprocessing = '') =>
    Buffer.from(`<questestinterop><assessment title="pool"><section><item maxattempts="0">
      <itemmetadata><bbmd_questiontype>${type}</bbmd_questiontype></itemmetadata>
      <presentation><flow class="Block"><flow class="QUESTION_BLOCK">${body}</flow></flow></presentation>${resprocessing}</item></section></assessment></questestinterop>`);
  const text = (html: string) => `<flow class="FORMATTED_TEXT_BLOCK"><material><mat_extension><mat_formattedtext type="HTML">${html}</mat_formattedtext></mat_extension></material></flow>`;

  it('imports a Short Response question as the essay it is', () => {
    const r = importQti12(bb('Short Response', `${text('简述最小权限原则。')}<flow class="RESPONSE_BLOCK"><response_str ident="response"><render_fib rows="3"/></response_str></flow>`), opts('res00002.dat'));
    expect(r.report[0]!.messages).not.toContainEqual(expect.objectContaining({ key: 'qti12.unsupportedType' }));
    expect(r.items[0]).toMatchObject({ type: 'short-answer', stem: '简述最小权限原则。' });
  });

  it('words the resource keys Blackboard writes for Either/Or choices, and reads true_false as true/false', () => {
    const eitherOr = (pair: string, correct: string) =>
      bb(
        'Either/Or',
        `${text('题干')}<flow class="RESPONSE_BLOCK"><response_lid ident="response"><render_choice>
          <flow_label><response_label ident="${pair}.true"><flow_mat><material><mattext texttype="text/plain">${pair}.true
          </mattext></material></flow_mat></response_label></flow_label>
          <flow_label><response_label ident="${pair}.false"><flow_mat><material><mattext texttype="text/plain">${pair}.false</mattext></material></flow_mat></response_label></flow_label>
        </render_choice></response_lid></flow>`,
        `<resprocessing><respcondition title="correct"><conditionvar><varequal respident="response">${pair}.${correct}</varequal></conditionvar><setvar variablename="SCORE" action="Set">SCORE.max</setvar></respcondition></resprocessing>`,
      );
    expect(importQti12(eitherOr('agree_disagree', 'false'), opts('a.dat')).items[0]).toMatchObject({ type: 'single', options: [{ text: '同意' }, { text: '不同意' }], answer: 'b' });
    expect(importQti12(eitherOr('yes_no', 'true'), opts('a.dat')).items[0]).toMatchObject({ options: [{ text: '是' }, { text: '否' }], answer: 'a' });
    expect(importQti12(eitherOr('right_wrong', 'true'), opts('a.dat')).items[0]).toMatchObject({ options: [{ text: '对' }, { text: '错' }] });
    expect(importQti12(eitherOr('true_false', 'false'), opts('a.dat')).items[0]).toMatchObject({ type: 'truefalse', answer: false });
  });

  it('keeps the accepted blanks of a Fill in the Blank, whose conditions only show the "correct" feedback', () => {
    const accepted = (word: string, id: string) =>
      `<respcondition title="${id}"><conditionvar><varequal case="No" respident="response">${word}</varequal></conditionvar><displayfeedback feedbacktype="Response" linkrefid="correct"/><displayfeedback feedbacktype="Response" linkrefid="${id}"/></respcondition>`;
    const r = importQti12(
      bb(
        'Fill in the Blank',
        `${text('SSH 默认使用 ____ 协议。')}<flow class="RESPONSE_BLOCK"><response_str ident="response"><render_fib/></response_str></flow>`,
        `<resprocessing><outcomes><decvar maxvalue="10.0" varname="SCORE"/></outcomes>${accepted('TCP', 'd963288e')}${accepted('tcp/22', 'e1bd5bf8')}
         <respcondition title="incorrect"><conditionvar><other/></conditionvar><setvar action="Set" variablename="SCORE">0.0</setvar><displayfeedback feedbacktype="Response" linkrefid="incorrect"/></respcondition></resprocessing>`,
      ),
      opts('res00003.dat'),
    );
    expect(r.items[0]).toMatchObject({ type: 'short-answer', referenceAnswer: 'TCP\ntcp/22' });
  });

  it('shows the picture Blackboard attaches as an application file, kept from the package', () => {
    const item = bb(
      'Multiple Choice',
      `${text('图中是什么设备？')}<flow class="FILE_BLOCK"><material><matapplication apptype="application/octet-stream" embedded="Inline" label="fw.png" uri="5e19c40a/fw.png"/></material></flow>
       <flow class="RESPONSE_BLOCK"><response_lid ident="response"><render_choice>
         <flow_label><response_label ident="A"><flow_mat><material><mat_extension><mat_formattedtext type="HTML">防火墙</mat_formattedtext></mat_extension></material></flow_mat></response_label></flow_label>
         <flow_label><response_label ident="B"><flow_mat><material><mat_extension><mat_formattedtext type="HTML">交换机</mat_formattedtext></mat_extension></material></flow_mat></response_label></flow_label>
       </render_choice></response_lid></flow>`,
      '<resprocessing><respcondition title="correct"><conditionvar><varequal respident="response">A</varequal></conditionvar><setvar variablename="SCORE" action="Set">SCORE.max</setvar></respcondition></resprocessing>',
    );
    const files = (href: string) => (href === '5e19c40a/fw.png' ? Buffer.from(PNG, 'base64') : undefined);
    const r = importQti12(item, opts('res00001.dat'), files);
    expect(r.items[0]).toMatchObject({ type: 'single', answer: 'a', stem: '图中是什么设备？\n\n![fw.png](media:Q-001-1.png)', media: [{ name: 'Q-001-1.png' }] });
    expect(keys(r.report[0]!.messages)).not.toContain('html.mediaDropped');
  });
});

describe('QTI 1.2 without metadata (D2L and hand-made files)', () => {
  const doc = (item: string) => Buffer.from(`<questestinterop><objectbank ident="b">${item}</objectbank></questestinterop>`);

  it('infers the type from the response element, and credits each positively scored choice', () => {
    const r = importQti12(
      doc(`<item ident="x1"><presentation><material><mattext>Pick two &lt;script&gt;</mattext></material>
        <response_lid ident="r" rcardinality="Multiple"><render_choice>
          <response_label ident="A"><material><mattext>one</mattext></material></response_label>
          <response_label ident="B"><material><mattext>two</mattext></material></response_label>
          <response_label ident="C"><material><mattext>three</mattext></material></response_label>
        </render_choice></response_lid></presentation>
        <resprocessing>
          <respcondition><conditionvar><varequal respident="r">A</varequal></conditionvar><setvar action="Add">50</setvar></respcondition>
          <respcondition><conditionvar><varequal respident="r">C</varequal></conditionvar><setvar action="Add">50</setvar></respcondition>
          <respcondition><conditionvar><varequal respident="r">B</varequal></conditionvar><setvar action="Add">-50</setvar></respcondition>
        </resprocessing></item>`),
      opts('d2l.xml'),
    );
    expect(r.items[0]).toMatchObject({ type: 'multi', answer: ['a', 'c'], stem: 'Pick two <script>' });
  });

  it('reports an item without a key, and one whose key names no choice, as errors', () => {
    const choice = `<presentation><material><mattext>Q</mattext></material><response_lid ident="r"><render_choice>
      <response_label ident="A"><material><mattext>a</mattext></material></response_label>
      <response_label ident="B"><material><mattext>b</mattext></material></response_label></render_choice></response_lid></presentation>`;
    const r = importQti12(
      doc(`<item ident="k0">${choice}</item>
        <item ident="k1">${choice}<resprocessing><respcondition><conditionvar><varequal respident="r">Z</varequal></conditionvar><setvar>1</setvar></respcondition></resprocessing></item>`),
      opts('d2l.xml'),
    );
    expect(r.items).toEqual([]);
    expect(r.report.map((e) => keys(e.messages))).toEqual([['qti12.noAnswer'], ['qti12.answerNotAChoice']]);
  });

  it('names a numeric or hot-spot response as the unsupported type it is, not as a missing response', () => {
    const r = importQti12(
      doc(`<item ident="n"><presentation><material><mattext>圆周率保留三位小数？</mattext></material><response_num ident="r" rcardinality="Single"><render_fib/></response_num></presentation>
        <resprocessing><respcondition><conditionvar><varequal respident="r">3.142</varequal></conditionvar><setvar>100</setvar></respcondition></resprocessing></item>`),
      opts('respondus.xml'),
    );
    expect(r.report[0]!.messages).toEqual([{ key: 'qti12.unsupportedType', params: { type: 'response_num' } }]);
  });

  it('throws a clear error for a document without items or with another root', () => {
    expect(() => importQti12(Buffer.from('<questestinterop/>'), opts('empty.xml'))).toThrow(expect.objectContaining({ key: 'format.noQuestions', params: { format: 'QTI 1.2' } }));
    expect(() => importQti12(Buffer.from('<quiz/>'), opts('quiz.xml'))).toThrow(expect.objectContaining({ key: 'format.wrongRoot', params: { format: 'QTI 1.2', expected: 'questestinterop' } }));
  });
});

describe('QTI 1.2 in the shapes LMS exports take (qti12/lms-quirks.xml)', () => {
  const file = fixture('lms-quirks.xml');
  const r = importQti12(file, opts('lms-quirks.xml'));
  const entry = (ref: string) => r.report.find((e) => e.sourceRef === ref)!;
  const item = (ref: string) => r.items.find((i) => i.id === entry(ref).itemId);

  it('is told apart when a DOCTYPE names the root before it, and passes the entity check', async () => {
    expect(looksLikeQti12(file)).toBe(true);
    expect(detectFormat(file, 'lms-quirks.xml')).toBe('qti12');
    const { importBank } = await import('../../../../server/src/features/banks/formats/index.ts');
    expect((await importBank(file, opts('lms-quirks.xml'))).format).toBe('qti12');
  });

  it('leaves out blank choices nobody is credited for, keeping the key on the right options', () => {
    expect(item('空白选项')).toMatchObject({ type: 'multi', options: [{ text: 'RSA' }, { text: 'AES' }, { text: 'ECC' }, { text: 'DES' }], answer: ['a', 'c'] });
    expect(entry('空白选项').messages).toContainEqual({ key: 'qti12.emptyChoicesLeftOut', params: { count: 2 } });
  });

  it('keeps a single choice single when points vary by answer: the choice worth most is the key', () => {
    expect(item('按选项给分')).toMatchObject({ type: 'single', answer: 'b' });
    expect(entry('按选项给分').messages).toContainEqual({ key: 'import.partialCreditDropped', params: { answers: '"断开网络" 25%' } });
    // All worth nothing: the exporter's correctanswer mark names the key.
    expect(item('零分标答')).toMatchObject({ type: 'single', answer: 'b' });
  });

  it('reports ordering items and items with several responses instead of importing their first row', () => {
    expect(entry('排序')).toMatchObject({ status: 'error', itemId: null, messages: [{ key: 'qti12.orderedResponse' }] });
    expect(entry('两个空')).toMatchObject({ status: 'error', itemId: null, messages: [{ key: 'qti12.manyResponses', params: { count: 2 } }] });
    expect(r.items).toHaveLength(3);
  });
});

describe('an HTML table stem survives the exporters', () => {
  it('round-trips a Markdown table stem through Moodle XML and QTI 3.0', async () => {
    const { exportMoodleXml, moodleXmlImporter } = await import('../../../../server/src/features/banks/formats/moodle-xml.ts');
    const { exportQti30, qti30Importer } = await import('../../../../server/src/features/banks/formats/qti.ts');
    const stem = '根据下表，哪个服务以明文传输？\n\n| 端口 | 服务 |\n| --- | --- |\n| 22 | SSH |\n| 23 | Telnet \\| 明文 |';
    const item = { id: 'T-1', type: 'single' as const, levels: [4 as const], area: 'network-basics' as const, difficulty: 3, tags: [], stem, options: [{ id: 'a', text: 'SSH' }, { id: 'b', text: 'Telnet' }], answer: 'b' };
    const bank = { bank: { id: 't', title: 'T', occupation: '4-04-04-02' as const, version: 1, language: 'zh-CN' }, items: [item] };
    const viaMoodle = await moodleXmlImporter.import(Buffer.from(exportMoodleXml(bank)), opts('t.xml'));
    expect(viaMoodle.items[0]!.stem).toBe(stem);
    const file = exportQti30(bank).files.find((f) => f.path.startsWith('items/'))!;
    const viaQti = await qti30Importer.import(Buffer.from(file.content), opts(file.path));
    expect(viaQti.items[0]!.stem).toBe(stem);
  });
});
