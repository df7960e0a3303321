import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { bankFileSchema, type BankItem } from '@shared/bank.ts';
import { loadBankFile } from '../../../../server/src/features/banks/load-bank.ts';
import { exportQti30, exportQti30Single, qti21Importer, qti30Importer } from '../../../../server/src/features/banks/formats/qti.ts';
import { markdownToHtml } from '../../../../server/src/features/banks/formats/markdown-html.ts';
import type { ImportOptions, ImportResult } from '../../../../server/src/features/banks/formats/types.ts';
import { said } from '../../../helpers/import-lines.ts';
import { itWithThirdPartyBanks, thirdPartyBank } from '../../../helpers/third-party.ts';

const real = (dir: string, file: string) => thirdPartyBank(dir, file);
const own = (dir: string, file: string) => fs.readFileSync(fileURLToPath(new URL(`../../../fixtures/qbank/${dir}/${file}`, import.meta.url)));

const options: ImportOptions = { fileName: 'x.xml', idPrefix: 'Q', levels: [4], area: 'network-basics', difficulty: 2 };
const defaults = { levels: [4], area: 'network-basics', difficulty: 2, tags: [] };
const AREA = 'No knowledge area given: the default "network-basics" is used';
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

const import21 = (content: Buffer, fileName = 'x.xml') => qti21Importer.import(content, { ...options, fileName }) as ImportResult;
const import30 = (content: Buffer, fileName = 'x.xml') => qti30Importer.import(content, { ...options, fileName }) as ImportResult;
const statuses = (r: ImportResult) => r.report.map((e) => e.status);
/** The report with its lines in English. */
const worded = (r: ImportResult) => r.report.map((e) => ({ ...e, messages: said(e) }));

describe('QTI detection', () => {
  itWithThirdPartyBanks('tells QTI 2.1 from QTI 3.0 by root element and namespace', () => {
    for (const f of ['choice.xml', 'choice_multiple.xml', 'Choicetruefalse_176040516.xml', 'extended_text.xml']) {
      expect([qti21Importer.detect(real('qti21', f), f), qti30Importer.detect(real('qti21', f), f)]).toEqual([true, false]);
    }
    for (const f of ['TF-choice.xml', 'simple-multiple-choice-processing1.xml', 'upload-file.xml']) {
      expect([qti21Importer.detect(real('qti30', f), f), qti30Importer.detect(real('qti30', f), f)]).toEqual([false, true]);
    }
  });

  itWithThirdPartyBanks('accepts wrappers of items and namespace prefixes, refuses tests and other XML', () => {
    expect(qti21Importer.detect(own('qti21', 'items.xml'), 'items.xml')).toBe(true);
    // Mostly 2.1 items with one 3.0 item: the wrapper goes to the 2.1 importer only.
    expect(qti30Importer.detect(own('qti21', 'unsupported.xml'), 'u.xml')).toBe(false);
    expect(qti30Importer.detect(own('qti30', 'skills.xml'), 'skills.xml')).toBe(true);
    expect(qti30Importer.detect(own('qti30', 'prefixed.xml'), 'prefixed.xml')).toBe(true);
    expect(qti30Importer.detect(own('qti30', 'test.xml'), 'test.xml')).toBe(false);
    const moodle = real('moodle-xml', 'multichoice.xml');
    expect([qti21Importer.detect(moodle, 'm.xml'), qti30Importer.detect(moodle, 'm.xml')]).toEqual([false, false]);
    expect(qti21Importer.detect(Buffer.from('::Q1:: 1+1=2 {T}'), 'q.gift')).toBe(false);
  });
});

describe('QTI 2.1 import of the IMS examples', () => {
  itWithThirdPartyBanks('choice.xml: single choice; the stem keeps a link to the image file it cannot embed', () => {
    const r = import21(real('qti21', 'choice.xml'));
    expect(r.format).toBe('qti21');
    expect(r.items).toEqual([
      {
        id: 'Q-001',
        ...defaults,
        type: 'single',
        stem: 'Look at the text in the picture.\n\n![NEVER LEAVE LUGGAGE UNATTENDED](images/sign.png)\n\nWhat does it say?',
        options: [
          { id: 'a', text: 'You must stay with your luggage at all times.' },
          { id: 'b', text: 'Do not let someone else look after your luggage.' },
          { id: 'c', text: 'Remember your luggage when you leave.' },
        ],
        answer: 'a',
      },
    ]);
    expect(worded(r)).toEqual([
      {
        index: 1,
        sourceRef: 'choice',
        itemId: 'Q-001',
        status: 'warning',
        messages: ['The image it refers to is not in the file (images/sign.png): not imported, candidates will not see it', AREA],
      },
    ]);
  });

  itWithThirdPartyBanks('choice_multiple.xml: multi with fractions = mappedValue / upperBound, unmapped choices at defaultValue', () => {
    const r = import21(real('qti21', 'choice_multiple.xml'));
    expect(r.items).toEqual([
      {
        id: 'Q-001',
        ...defaults,
        type: 'multi',
        stem: 'Which of the following elements are used to form water?',
        options: ['Hydrogen', 'Helium', 'Carbon', 'Oxygen', 'Nitrogen', 'Chlorine'].map((text, i) => ({ id: 'abcdef'[i], text })),
        answer: ['a', 'd'],
        // upperBound 2: H and O 1/2 each, Cl -1/2, the rest defaultValue -2/2.
        fractions: { a: 0.5, b: -1, c: -1, d: 0.5, e: -1, f: -0.5 },
      },
    ]);
    expect(worded(r)).toEqual([{ index: 1, sourceRef: 'choiceMultiple', itemId: 'Q-001', status: 'warning', messages: [AREA] }]);
  });

  itWithThirdPartyBanks('Choicetruefalse_176040516.xml: Richtig/Falsch becomes true/false, both modal feedbacks one explanation', () => {
    const r = import21(real('qti21', 'Choicetruefalse_176040516.xml'));
    expect(r.items).toEqual([
      {
        id: 'Q-001',
        ...defaults,
        type: 'truefalse',
        stem: 'Das Bundesland Sachsen ist eines der neuen Bundesländer und gehörte damit zur ehemaligen Deutschen Demokratischen Republik (DDR).',
        answer: true,
        explanation: expect.stringMatching(/^Am 7\. Oktober 1949 wurde Sachsen .* einer der 16 Gliedstaaten der Bundesrepublik\.$/),
      },
    ]);
    expect(worded(r)[0]).toMatchObject({
      sourceRef: 'Choicetruefalse_176040516',
      status: 'warning',
      messages: ['2 modal feedback(s) merged into the explanation; the answers they depended on are lost', AREA],
    });
  });

  itWithThirdPartyBanks('extended_text.xml: short answer with a default rubric; the object fallback text stays in the stem', () => {
    const r = import21(real('qti21', 'extended_text.xml'));
    expect(r.items).toEqual([
      {
        id: 'Q-001',
        ...defaults,
        type: 'short-answer',
        stem:
          'Read this postcard from your English pen-friend, Sam.\n\n' +
          '> Here is a postcard of my town. Please send me  \n> a postcard from your town. What size is your  \n' +
          '> town? What is the nicest part of your town?  \n> Where do you go in the evenings?  \n> Sam.\n\n' +
          'Write Sam a postcard. Answer the questions. Write 25-35 words.',
        rubric: [{ id: 'a', text: '按参考答案评分', points: 10 }],
      },
    ]);
    expect(said(r.report[0]!)).toEqual([
      'The source has no rubric: one criterion "按参考答案评分" worth 10 point(s) was created',
      'Object "images/postcard.png" (image/png) is a separate file and was not imported; its fallback content was kept',
      AREA,
    ]);
  });
});

describe('QTI 3.0 import of the 1EdTech and Kennisnet examples', () => {
  itWithThirdPartyBanks('TF-choice.xml: True/False becomes truefalse; inline choice feedback goes to the explanation', () => {
    const r = import30(real('qti30', 'TF-choice.xml'));
    expect(r.format).toBe('qti30');
    expect(r.items).toEqual([
      {
        id: 'Q-001',
        ...defaults,
        type: 'truefalse',
        stem: 'An octahedron has 12 faces.',
        answer: false,
        explanation: "True: No, an octahedron has 8 faces.\n\nFalse: That's right, an octahedron has 8 faces.",
      },
    ]);
    expect(worded(r)).toEqual([
      { index: 1, sourceRef: 'TF-choice', itemId: 'Q-001', status: 'warning', messages: ['Feedback on 2 choice(s) moved into the explanation', AREA] },
    ]);
  });

  itWithThirdPartyBanks('simple-multiple-choice-processing1.xml: three correct, mapped 0.667 of upper bound 2; no body text, so the title is the stem', () => {
    const r = import30(real('qti30', 'simple-multiple-choice-processing1.xml'));
    expect(r.items).toEqual([
      {
        id: 'Q-001',
        ...defaults,
        type: 'multi',
        stem: 'Meer opties',
        options: [
          { id: 'a', text: 'Robin' },
          { id: 'b', text: 'Paula' },
          { id: 'c', text: 'Rik' },
        ],
        answer: ['a', 'b', 'c'],
        fractions: { a: 0.3333333, b: 0.3333333, c: 0.3333333 },
      },
    ]);
    expect(worded(r)[0]).toMatchObject({
      sourceRef: 'QUE_12_1',
      status: 'warning',
      messages: ['No question text in the item body: the item title is used as the stem', AREA],
    });
  });

  itWithThirdPartyBanks('upload-file.xml: practical with one screenshot, rubric points from SCORE normal-maximum', () => {
    const r = import30(real('qti30', 'upload-file.xml'));
    expect(r.items).toEqual([
      {
        id: 'Q-001',
        ...defaults,
        type: 'practical',
        stem: 'Upload a file here:\n\nEnter the filename',
        screenshots: 1,
        rubric: [{ id: 'a', text: '按参考答案评分', points: 20 }],
      },
    ]);
    expect(said(r.report[0]!)).toEqual([
      'Screenshots set to 1: an upload interaction takes one file',
      'The source has no rubric: one criterion "按参考答案评分" worth 20 point(s) was created',
      AREA,
    ]);
  });
});

describe('QTI import of our own fixtures', () => {
  it('imports every supported QTI 2.1 item of a wrapper', () => {
    const r = import21(own('qti21', 'items.xml'));
    expect(statuses(r)).toEqual(['warning', 'warning', 'warning', 'warning', 'warning', 'warning']);
    const [single, multi, tf, fromMapping, short, practical] = r.items;
    expect(single).toMatchObject({
      type: 'single',
      stem: '配置边界防火墙时，**最安全**的默认策略是：\n\n请选择一项。\n\n（本题 1 分）',
      options: [
        { id: 'a', text: '默认允许，按需拒绝' },
        { id: 'b', text: '默认拒绝，按需允许' },
        { id: 'c', text: '只记录*不*拦截' },
      ],
      answer: 'b',
    });
    // No upperBound: divided by the sum of positive values (2).
    expect(multi).toMatchObject({ type: 'multi', answer: ['a', 'c'], fractions: { a: 0.5, b: -0.5, c: 0.5 } });
    expect(tf).toMatchObject({ id: 'Q-003', type: 'truefalse', answer: false, stem: 'HTTP 协议默认使用 TCP 443 端口。' });
    expect(fromMapping).toMatchObject({ type: 'multi', answer: ['a', 'b'], fractions: { a: 0.5, b: 0.5, c: -1 } });
    expect(said(r.report[3]!)).toEqual([
      'No correct response declared: the choices the mapping scores positively are taken as correct',
      'Mapping entry "floppy" names no choice: ignored',
      'Partial-credit fractions outside -1..1 were clamped',
      AREA,
    ]);
    expect(short).toMatchObject({
      type: 'short-answer',
      referenceAnswer: '时间、范围、影响、处置措施、后续改进',
      rubric: [{ id: 'a', text: '答出五项中的任意三项即可得满分。', points: 6 }],
    });
    expect(short).not.toHaveProperty('explanation');
    expect(practical).toMatchObject({ type: 'practical', screenshots: 1, rubric: [{ id: 'a', text: '按参考答案评分', points: 10 }] });
    expect(said(r.report[5]!)).toContain('The upload accepted application/pdf; the native task collects screenshots');
  });

  it('reports each unsupported or broken item as an error and imports the rest', () => {
    const r = import21(own('qti21', 'unsupported.xml'));
    expect(r.items.map((i) => i.id)).toEqual(['Q-010']);
    expect(r.report.map((e) => [e.sourceRef, e.status, said(e)])).toEqual([
      ['match', 'error', ['matchInteraction is not supported: only choice, extended-text and upload interactions are imported']],
      ['composite', 'error', ['2 interactions in one item (choiceInteraction, textEntryInteraction) are not supported']],
      ['no-key', 'error', ['No correct response declared']],
      ['wrong-key', 'error', ['The correct response names "Z", which is no choice']],
      ['template', 'error', ['Template variables (a randomised item) are not supported']],
      [null, 'error', ['<note> is not an assessment item']],
      ['v3', 'error', ['A QTI 3.0 item inside a QTI 2.1 import']],
      ['one-choice', 'error', ['Field options is too short or too small (at least 2)']],
      ['no-declaration', 'error', ['choiceInteraction refers to response "RESPONSE", which is not declared']],
      ['fine', 'warning', [AREA]],
    ]);
    expect(r.report.map((e) => e.index)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('embeds data: raster images as media, drops SVG, and gathers feedback into the explanation', () => {
    const r = import21(own('qti21', 'media.xml'));
    expect(r.items).toEqual([
      {
        id: 'Q-001',
        ...defaults,
        type: 'single',
        stem: 'In the diagram below ![network diagram](media:Q-001-1.png) the web server sits in which zone?\n\nlegend',
        media: [{ name: 'Q-001-1.png', mimeType: 'image/png', base64: PNG }],
        options: [
          { id: 'a', text: 'LAN' },
          { id: 'b', text: 'DMZ' },
          { id: 'c', text: 'Internet' },
        ],
        answer: 'b',
        explanation: 'Public services belong in the **DMZ**.\n\nLAN: Internal hosts only.',
      },
    ]);
    expect(said(r.report[0]!)).toEqual([
      'Feedback on 1 choice(s) moved into the explanation',
      'Multiple answer with one correct choice: imported as single choice',
      '1 modal feedback(s) merged into the explanation; the answers they depended on are lost',
      'Embedded image/svg+xml image left out: only PNG, JPEG, GIF and WebP are kept',
      AREA,
    ]);
  });

  it('reads QTI 3.0 rubric tables, data-screenshots, mapping defaults, and names unsupported interactions', () => {
    const r = import30(own('qti30', 'skills.xml'));
    expect(statuses(r)).toEqual(['warning', 'warning', 'warning', 'error', 'error']);
    expect(r.items[0]).toEqual({
      id: 'Q-001',
      ...defaults,
      type: 'practical',
      stem: '## 加固 SSH\n\n1.  禁止 root 远程登录；\n2.  重启 `sshd`。\n\n上传 3 张截图。',
      screenshots: 3,
      rubric: [
        { id: 'a', text: 'PermitRootLogin no 已生效', points: 6 },
        { id: 'b', text: '服务已重启且状态正常', points: 4 },
      ],
    });
    expect(r.items[1]).toMatchObject({
      type: 'short-answer',
      stem: '简述 IDS 与 IPS 的区别。',
      referenceAnswer: 'IDS 只检测告警，IPS 串联部署并可阻断。',
      rubric: [
        { id: 'a', text: '说明 IDS 只检测', points: 2 },
        { id: 'b', text: '说明 IPS 可阻断', points: 3 },
      ],
    });
    expect(r.items[2]).toMatchObject({ type: 'multi', answer: ['a', 'c'], fractions: { a: 0.5, b: -0.25, c: 0.5, d: -0.25 } });
    expect(r.report.slice(0, 3).map(said)).toEqual([[AREA], [AREA], [AREA]]);
    expect(r.report.slice(3).map((e) => said(e)[0])).toEqual([
      'qti-order-interaction is not supported: only choice, extended-text and upload interactions are imported',
      'qti-text-entry-interaction is not supported: only choice, extended-text and upload interactions are imported',
    ]);
  });

  it('handles namespace prefixes, candidate rubric blocks and an always-shown explanation without a warning', () => {
    const r = import30(own('qti30', 'prefixed.xml'));
    expect(r.items).toEqual([
      {
        id: 'Q-001',
        ...defaults,
        type: 'truefalse',
        stem: '判断下列说法是否正确。\n\n最小权限原则要求只授予完成工作所必需的权限。',
        answer: true,
        explanation: '权限越少，被滥用时的损失越小。',
      },
    ]);
    expect(said(r.report[0]!)).toEqual([AREA]);
  });

  it('says an uploaded assessment test is a test (import its items), not that the format is unknown', async () => {
    const { detectFormat } = await import('../../../../server/src/features/banks/formats/index.ts');
    const test21 = `<?xml version="1.0" encoding="UTF-8"?>\n<!-- 期末测试 -->\n<assessmentTest xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="t" title="期末测试"><testPart identifier="p" navigationMode="linear" submissionMode="individual"><assessmentSection identifier="s" title="s" visible="true"><assessmentItemRef identifier="i1" href="items/i1.xml"/></assessmentSection></testPart></assessmentTest>`;
    expect(() => detectFormat(Buffer.from(test21), 'test.xml')).toThrow(expect.objectContaining({ key: 'qti.testOnly' }));
    expect(() => detectFormat(own('qti30', 'test.xml'), 'test.xml')).toThrow(expect.objectContaining({ key: 'qti.testOnly' }));
    expect(() => detectFormat(Buffer.from('<catalog><assessmentTest/></catalog>'), 'c.xml')).toThrow(expect.objectContaining({ key: 'format.unknown' }));
  });

  itWithThirdPartyBanks('throws a clear error for files that are not item files', () => {
    const refusal = (run: () => unknown) => {
      try {
        run();
      } catch (err) {
        return err;
      }
      throw new Error('not refused');
    };
    expect(refusal(() => import21(own('qti21', 'broken.xml')))).toMatchObject({ key: 'xml.malformed', params: { line: 6 } });
    expect(refusal(() => import30(own('qti30', 'test.xml')))).toMatchObject({ key: 'qti.testOnly' });
    expect(refusal(() => import30(real('qti21', 'choice.xml')))).toMatchObject({ key: 'qti.otherDialect', params: { found: 'QTI 2.1', expected: 'QTI 3.0' } });
    expect(refusal(() => import21(real('moodle-xml', 'multichoice.xml')))).toMatchObject({ key: 'format.noQuestions', params: { format: 'QTI 2.1' } });
    expect(refusal(() => import21(Buffer.from('')))).toMatchObject({ key: 'xml.malformed' });
  });
});

const bank = bankFileSchema.parse({
  bank: { id: 'qti-rt', title: 'QTI round trip', occupation: '4-04-04-02', version: 1 },
  items: [
    {
      id: 'RT-1',
      type: 'single',
      levels: [4],
      area: 'network-basics',
      difficulty: 2,
      stem: '配置 `iptables` 时，**推荐**的默认策略是（  ）。\n\n*   先放行管理端口\n*   再设置 DROP',
      options: [
        { id: 'a', text: 'ACCEPT' },
        { id: 'b', text: 'DROP' },
        { id: 'c', text: '`REJECT` 并记录' },
      ],
      answer: 'b',
      explanation: '默认拒绝，按需放行。',
    },
    {
      id: 'RT-2',
      type: 'multi',
      levels: [4],
      area: 'network-basics',
      difficulty: 2,
      stem: '下列哪些属于对称加密算法？',
      options: [
        { id: 'a', text: 'AES' },
        { id: 'b', text: 'SM4' },
        { id: 'c', text: 'RSA' },
        { id: 'd', text: 'ECC' },
      ],
      answer: ['a', 'b'],
      fractions: { a: 0.5, b: 0.5, c: -0.25, d: -0.25 },
    },
    {
      id: 'RT-3',
      type: 'multi',
      levels: [4],
      area: 'network-basics',
      difficulty: 2,
      stem: 'Which tools capture packets?',
      options: [
        { id: 'a', text: 'tcpdump' },
        { id: 'b', text: 'Wireshark' },
        { id: 'c', text: 'chmod' },
      ],
      answer: ['a', 'b'],
    },
    { id: '4-tf', type: 'truefalse', levels: [4], area: 'network-basics', difficulty: 2, stem: 'SSH 默认使用 TCP 22 端口。', answer: true, explanation: '见 RFC 4253。' },
    {
      id: 'RT-5',
      type: 'short-answer',
      levels: [4],
      area: 'network-basics',
      difficulty: 2,
      stem: '简述 IDS 与 IPS 的区别 & 部署位置 <二者>。',
      rubric: [
        { id: 'a', text: '说明 IDS 旁路检测 & 告警', points: 4 },
        { id: 'b', text: '说明 IPS 串联 "阻断"', points: 6 },
      ],
      referenceAnswer: 'IDS 旁路部署，只告警；\nIPS 串联部署，可阻断。',
    },
    {
      id: 'RT-6',
      type: 'practical',
      levels: [4],
      area: 'network-basics',
      difficulty: 2,
      stem: '## 导出日志\n\n1.  登录服务器\n2.  执行：\n\n```bash\njournalctl -u sshd --since "1 hour ago" > /tmp/ssh.log\n```\n\n**截图要求**：命令与输出。',
      screenshots: 2,
      rubric: [{ id: 'a', text: '命令正确', points: 10 }],
    },
    {
      id: 'RT-7',
      type: 'single',
      levels: [4],
      area: 'network-basics',
      difficulty: 2,
      stem: '拓扑如下：\n\n![拓扑图](media:topo.png)\n\n防火墙位于哪一区域？',
      media: [{ name: 'topo.png', mimeType: 'image/png', base64: PNG }],
      options: [
        { id: 'a', text: 'DMZ' },
        { id: 'b', text: '内网' },
      ],
      answer: 'a',
    },
  ],
});

const withoutId = (items: BankItem[]) => items.map(({ id: _id, ...rest }) => rest);

describe('QTI 3.0 export', () => {
  const { files } = exportQti30(bank);
  const file = (path: string) => files.find((f) => f.path === path)!.content;

  it('writes one well-formed item file per item plus a manifest listing them', () => {
    expect(files.map((f) => f.path)).toEqual([...bank.items.map((i) => `items/${i.id}.xml`), 'imsmanifest.xml']);
    for (const f of files) expect(XMLValidator.validate(f.content), f.path).toBe(true);
    const manifest = file('imsmanifest.xml');
    for (const item of bank.items) expect(manifest).toContain(`<resource identifier="res-${item.id}" type="imsqti_item_xmlv3p0" href="items/${item.id}.xml">`);
    expect(manifest).toContain('<imsmd:taxon><imsmd:id>network-basics</imsmd:id>');
    expect(manifest).toContain('<imsmd:difficulty><imsmd:source>LOMv1.0</imsmd:source><imsmd:value>easy</imsmd:value></imsmd:difficulty>');
  });

  it('declares responses, mappings and standard response processing per type', () => {
    expect(file('items/RT-1.xml')).toContain('<qti-correct-response><qti-value>b</qti-value></qti-correct-response>');
    expect(file('items/RT-1.xml')).toContain('rptemplates/match_correct.xml');
    expect(file('items/RT-2.xml')).toContain(
      '<qti-mapping lower-bound="0" upper-bound="1" default-value="0"><qti-map-entry map-key="a" mapped-value="0.5"/><qti-map-entry map-key="b" mapped-value="0.5"/><qti-map-entry map-key="c" mapped-value="-0.25"/><qti-map-entry map-key="d" mapped-value="-0.25"/></qti-mapping>',
    );
    expect(file('items/RT-2.xml')).toContain('rptemplates/map_response.xml');
    expect(file('items/RT-3.xml')).toContain('rptemplates/match_correct.xml');
    expect(file('items/RT-3.xml')).not.toContain('qti-mapping');
    const tf = file('items/4-tf.xml');
    expect(tf).toContain('identifier="item-4-tf"');
    expect(tf).toContain('<qti-simple-choice identifier="true">正确</qti-simple-choice>');
    expect(tf).toContain('<qti-simple-choice identifier="false">错误</qti-simple-choice>');
    expect(tf).toContain('<qti-modal-feedback outcome-identifier="FEEDBACK" identifier="EXPLANATION" show-hide="show">');
    expect(file('items/RT-5.xml')).toContain('<qti-extended-text-interaction response-identifier="RESPONSE"/>');
    expect(file('items/RT-5.xml')).toContain('normal-maximum="10" external-scored="human"');
    expect(file('items/RT-6.xml')).toContain('<qti-upload-interaction response-identifier="RESPONSE" data-screenshots="2"/>');
    expect(file('items/RT-6.xml')).toContain('cardinality="single" base-type="file"/>');
    expect(file('items/RT-6.xml')).not.toContain('qti-response-processing');
  });

  it('escapes text and attributes', () => {
    const xml = file('items/RT-5.xml');
    expect(xml).toContain('简述 IDS 与 IPS 的区别 &amp; 部署位置 &lt;二者&gt;。');
    expect(xml).toContain('<td>说明 IPS 串联 "阻断"</td>');
    expect(xml).toContain('title="简述 IDS 与 IPS 的区别 &amp; 部署位置 &lt;二者&gt;。"');
  });

  it('round-trips: native -> QTI 3.0 files -> import gives the same items', () => {
    const imported = files
      .filter((f) => f.path.startsWith('items/'))
      .flatMap((f) => import30(Buffer.from(f.content), f.path).items);
    expect(withoutId(imported)).toEqual(withoutId(bank.items));
  });

  it('round-trips through the single-document export too', () => {
    const r = import30(Buffer.from(exportQti30Single(bank)), 'all.xml');
    expect(qti30Importer.detect(Buffer.from(exportQti30Single(bank)), 'all.xml')).toBe(true);
    expect(withoutId(r.items)).toEqual(withoutId(bank.items));
    expect(r.report.every((e) => said(e).join() === AREA)).toBe(true);
  });

  it('round-trips the demo bank: answers, rubrics and media exact, Markdown equivalent', () => {
    const demo = loadBankFile(fileURLToPath(new URL('../../../../question-banks/nsa-demo.yaml', import.meta.url)));
    const r = import30(Buffer.from(exportQti30Single(demo)), 'demo.xml');
    expect(r.items).toHaveLength(demo.items.length);
    const render = (md: string | undefined) => (md === undefined ? undefined : markdownToHtml(md));
    r.items.forEach((item, i) => {
      const original = demo.items[i]!;
      const { id: _a, levels: _b, area: _c, difficulty: _d, tags: _e, stem, explanation, ...rest } = original;
      expect(item).toMatchObject(rest);
      expect(render(item.stem), original.id).toBe(render(stem));
      expect(render(item.explanation), original.id).toBe(render(explanation));
    });
  });
});

describe('Markdown for export', () => {
  it('renders the Markdown bank stems use as well-formed XHTML', () => {
    expect(markdownToHtml('a **b** *c* `d<e>` [f](http://x?a=1&b=2)')).toBe(
      '<p>a <strong>b</strong> <em>c</em> <code>d&lt;e&gt;</code> <a href="http://x?a=1&amp;b=2">f</a></p>',
    );
    expect(markdownToHtml('1. one\n   - sub\n2. two')).toBe('<ol><li>one<ul><li>sub</li></ul></li><li>two</li></ol>');
    expect(markdownToHtml('> quote\n> more\n\n---')).toBe('<blockquote><p>quote<br/>more</p></blockquote><hr/>');
    expect(markdownToHtml('```sh\nls <dir>\n```')).toBe('<pre><code class="language-sh">ls &lt;dir&gt;</code></pre>');
    expect(markdownToHtml('PASS_MAX_DAYS and pam\\_faillock, 3 * 4')).toBe('<p>PASS_MAX_DAYS and pam_faillock, 3 * 4</p>');
    expect(markdownToHtml('raw <script>x</script>')).toBe('<p>raw &lt;script&gt;x&lt;/script&gt;</p>');
    expect(markdownToHtml('（  ）')).toBe('<p>（ \u00a0）</p>');
  });
});
