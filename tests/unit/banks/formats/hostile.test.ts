import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detectFormat, importBank, importers } from '../../../../server/src/features/banks/formats/index.ts';
import type { ImportOptions } from '../../../../server/src/features/banks/formats/types.ts';
import { readXlsx } from '../../../../server/src/features/banks/formats/xlsx-reader.ts';
import { assertNoEntityDeclarations, rootOf } from '../../../../server/src/features/banks/formats/xml-prolog.ts';
import { DEFAULT_ZIP_LIMITS, openZip } from '../../../../server/src/features/banks/formats/zip.ts';
import { writeZip, xlsxParts } from '../../../helpers/zip-writer.ts';

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../../../fixtures/qbank/${name}`, import.meta.url)));
const opts = (fileName: string): ImportOptions => ({ fileName, idPrefix: 'H', levels: [4], area: 'network-basics', difficulty: 3 });

describe('format detection reads the prolog with a linear scan', () => {
  it('tells a 60-line comment header before a non-quiz root from every format, and says so with a key', () => {
    const content = fixture('hostile/comment-header-catalog.xml');
    expect(rootOf(content.toString('utf8'))).toMatchObject({ local: 'catalog', ns: null });
    expect(() => detectFormat(content, 'catalog.xml')).toThrow(expect.objectContaining({ key: 'format.unknown' }));
  });

  it('still finds a QTI 2.1 item behind the same header, and imports it', async () => {
    const content = fixture('hostile/comment-header-qti21.xml');
    expect(detectFormat(content, 'item.xml')).toBe('qti21');
    const result = await importBank(content, opts('item.xml'));
    expect(result.items).toHaveLength(1);
    expect(result.items[0]).toMatchObject({ type: 'single', answer: 'a' });
  });

  it('skips a DOCTYPE whose internal subset holds ">" and "]" inside quotes', () => {
    const text = `<?xml version="1.0"?><!-- a --><!DOCTYPE quiz [ <!ATTLIST quiz x CDATA "]>" > ]><quiz/>`;
    expect(rootOf(text)).toMatchObject({ name: 'quiz', ns: null });
  });

  it('does not take a namespaced <quiz> (Canvas assessment_meta.xml) for Moodle XML', () => {
    expect(importers.find((i) => i.format === 'moodle-xml')!.detect(Buffer.from('<quiz xmlns="http://canvas.instructure.com/xsd/cccv1p0"/>'), 'm.xml')).toBe(false);
  });
});

describe('entity declarations are refused', () => {
  it('refuses a billion-laughs Moodle quiz with a key, importing nothing', async () => {
    await expect(importBank(fixture('hostile/billion-laughs.xml'), opts('lol.xml'))).rejects.toMatchObject({ key: 'xml.entity' });
  });

  it('refuses any <!ENTITY>, also in a QTI item named by format; a DOCTYPE without entities passes', () => {
    const item = fixture('hostile/comment-header-qti21.xml').toString('utf8').replace('<assessmentItem', '<!DOCTYPE assessmentItem [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<assessmentItem');
    expect(() => assertNoEntityDeclarations(item)).toThrow(expect.objectContaining({ key: 'xml.entity' }));
    return Promise.all([
      expect(importBank(Buffer.from(item), opts('i.xml'), 'qti21')).rejects.toMatchObject({ key: 'xml.entity' }),
      expect(() => assertNoEntityDeclarations('<!DOCTYPE quiz SYSTEM "quiz.dtd"><quiz/>')).not.toThrow(),
    ]);
  });
});

describe('spreadsheets: cells only', () => {
  it('reads a workbook with whole-column and whole-sheet validations without expanding them', async () => {
    const sheets = await readXlsx(fixture('hostile/whole-column-validations.xlsx'));
    expect(sheets.map((s) => s.name)).toEqual(['题库']);
    expect(sheets[0]!.rows.map((r) => r.number)).toEqual([1, 2, 3]);
    expect(sheets[0]!.rows[2]!.cells).toEqual(['SSH 默认使用 TCP 22 端口。', '判断', '正确', '', '', '', '', '防火墙与访问控制']);
    const result = await importBank(fixture('hostile/whole-column-validations.xlsx'), opts('template.xlsx'));
    expect(result.format).toBe('xlsx');
    expect(result.items.map((i) => i.type)).toEqual(['single', 'truefalse']);
  });

  it('keeps numbers, booleans, inline strings, formula results and dates; never pads a row out to a far column', async () => {
    const sheet = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
      <row r="4"><c r="A4" t="inlineStr"><is><r><t>富</t></r><r><t>文本</t></r></is></c><c r="B4"><v>3.5</v></c><c r="C4" t="b"><v>1</v></c><c r="D4" t="str"><f>A1</f><v>公式</v></c><c r="XFD4" t="inlineStr"><is><t>远</t></is></c></row>
    </sheetData></worksheet>`;
    const [first] = await readXlsx(writeZip(xlsxParts(sheet)));
    expect(first!.rows).toEqual([{ number: 4, cells: ['富文本', '3.5', 'TRUE', '公式'] }]);
  });
});

describe('zip bombs', () => {
  it('refuses a workbook whose sheet is compressed past the allowed ratio, before inflating it', async () => {
    await expect(importBank(fixture('hostile/zip-bomb.xlsx'), opts('bomb.xlsx'))).rejects.toMatchObject({ key: 'zip.ratio', params: expect.objectContaining({ name: 'xl/worksheets/sheet1.xml' }) });
  });

  it('stops an entry that inflates past the size it declares', async () => {
    const liar = writeZip([...xlsxParts('<worksheet/>').slice(0, -1), { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(8 * 1024 * 1024, 0x20), declaredSize: 1000 }]);
    await expect(importBank(liar, opts('liar.xlsx'))).rejects.toMatchObject({ key: 'zip.sizeMismatch' });
  });

  it('refuses archives over the total size or entry count from the directory alone', async () => {
    const many = writeZip(Array.from({ length: 30 }, (_, i) => ({ name: `f${i}.xml`, data: 'x'.repeat(2000) })));
    await expect(openZip(many, { ...DEFAULT_ZIP_LIMITS, maxEntries: 20 })).rejects.toMatchObject({ key: 'zip.tooManyEntries', params: { count: 30, max: 20 } });
    await expect(openZip(many, { ...DEFAULT_ZIP_LIMITS, maxTotalBytes: 50_000 })).rejects.toMatchObject({ key: 'zip.tooLarge' });
    const zip = await openZip(many);
    expect(zip.names).toHaveLength(30);
    expect((await zip.read('f3.xml'))?.length).toBe(2000);
  });

  it('refuses a zip that is neither a workbook nor a content package', async () => {
    await expect(importBank(writeZip([{ name: 'a.txt', data: 'hello' }]), opts('a.zip'))).rejects.toMatchObject({ key: 'package.noManifest' });
  });
});

describe('IMS content packages', () => {
  it('imports the QTI 2.1 items a manifest names, passing over the test and the stylesheet', async () => {
    const result = await importBank(fixture('package/qti21-package.zip'), opts('export.zip'));
    expect(result.format).toBe('qti21');
    expect(result.items.map((i) => [i.type, i.stem.slice(0, 8)])).toEqual([
      ['single', '远程桌面协议（R'],
      ['multi', '下列属于非对称加'],
    ]);
    expect(new Set(result.items.map((i) => i.id)).size).toBe(2);
    expect(result.report.map((e) => [e.index, e.sourceRef])).toEqual([
      [1, 'items/port.xml: rdp-port'],
      [2, 'items/crypto.xml: asym'],
    ]);
  });

  it('reports a document the manifest names but the zip lacks, and one that is not well-formed, and imports the rest', async () => {
    const result = await importBank(fixture('report-lines/lines-package.zip'), opts('partial.zip'));
    expect(result.items.map((i) => [i.id, i.type, i.stem])).toEqual([['H-1-001', 'single', 'SSH 默认使用哪个 TCP 端口？']]);
    expect(result.report.map((e) => [e.index, e.sourceRef, e.status, e.itemId])).toEqual([
      [1, 'items/ssh-port.xml: ssh-port', 'warning', 'H-1-001'],
      [2, 'items/gone.xml', 'error', null],
      [3, 'items/broken.xml', 'error', null],
    ]);
    expect(result.report[1]!.messages).toEqual([{ key: 'import.documentMissing', params: { file: 'items/gone.xml' } }]);
    // The refusal's key and values travel with its English text, for the page to word it.
    expect(result.report[2]!.messages).toEqual([
      { key: 'import.documentUnreadable', params: { file: 'items/broken.xml', reason: expect.stringMatching(/not well-formed XML/), reasonKey: 'xml.malformed', 'reason:line': expect.any(Number), 'reason:detail': expect.any(String) } },
    ]);
  });

  it('still refuses a package none of whose documents gives an item, for the first that failed', async () => {
    const manifest = (hrefs: string[]) =>
      `<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" identifier="m"><resources>${hrefs.map((h, i) => `<resource identifier="r${i}" type="imsqti_item_xmlv2p1" href="${h}"/>`).join('')}</resources></manifest>`;
    const broken = '<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="b"><itemBody><p>未闭合</itemBody></assessmentItem>';
    await expect(importBank(writeZip([{ name: 'imsmanifest.xml', data: manifest(['a.xml', 'b.xml']) }, { name: 'b.xml', data: broken }]), opts('none.zip'))).rejects.toMatchObject({ key: 'package.missingFile', params: { file: 'a.xml' } });
    await expect(importBank(writeZip([{ name: 'imsmanifest.xml', data: manifest(['b.xml']) }, { name: 'b.xml', data: broken }]), opts('one.zip'))).rejects.toMatchObject({ key: 'xml.malformed' });
    // A document declaring entities is hostile, not malformed: the package is refused whatever else it holds.
    const entity = `<!DOCTYPE assessmentItem [<!ENTITY e SYSTEM "file:///etc/passwd">]>${broken}`;
    await expect(importBank(writeZip([{ name: 'imsmanifest.xml', data: manifest(['e.xml']) }, { name: 'e.xml', data: entity }]), opts('lol.zip'))).rejects.toMatchObject({ key: 'xml.entity' });
  });

  it('hands a QTI 1.2 document to the importer that claims it, or calls the package unsupported', async () => {
    const run = importBank(fixture('package/qti12-package.zip'), opts('canvas.zip'));
    if (importers.some((i) => (i.format as string) === 'qti12')) await expect(run).resolves.toMatchObject({ format: 'qti12' });
    else await expect(run).rejects.toMatchObject({ key: 'format.unsupported', params: { format: 'QTI 1.2' } });
  });
});

describe('IMS content packages as LMS exports come: images beside the documents, assessments that only refer', () => {
  const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
  const JPG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]);
  const manifest = (resources: string) =>
    `<?xml version="1.0" encoding="UTF-8"?><manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" identifier="m"><organizations/><resources>${resources}</resources></manifest>`;
  const keysOf = (messages: { key: string }[]) => messages.map((m) => m.key);

  it('keeps the images a QTI 2.1 item shows from its package, by a path relative to the item', async () => {
    const item = `<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="topo" title="topo" adaptive="false" timeDependent="false">
      <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier"><correctResponse><value>B</value></correctResponse></responseDeclaration>
      <itemBody><p>图中哪台设备是防火墙？<img src="img/net%20map.png" alt="拓扑图"/></p>
        <object type="image/jpeg" data="../shared/legend.jpg">图例</object>
        <choiceInteraction responseIdentifier="RESPONSE" maxChoices="1"><simpleChoice identifier="A">R1</simpleChoice><simpleChoice identifier="B">FW1</simpleChoice></choiceInteraction>
      </itemBody></assessmentItem>`;
    const zip = writeZip([
      { name: 'imsmanifest.xml', data: manifest('<resource identifier="r1" type="imsqti_item_xmlv2p1" href="items/topo.xml"><file href="items/topo.xml"/><file href="items/img/net map.png"/><file href="shared/legend.jpg"/></resource>') },
      { name: 'items/topo.xml', data: item },
      { name: 'items/img/net map.png', data: PNG },
      { name: 'shared/legend.jpg', data: JPG },
    ]);
    const result = await importBank(zip, opts('topo.zip'));
    expect(result.items[0]).toMatchObject({
      stem: expect.stringContaining('![拓扑图](media:H-001-1.png)'),
      media: [
        { name: 'H-001-1.png', mimeType: 'image/png', base64: PNG.toString('base64') },
        { name: 'H-001-2.jpg', mimeType: 'image/jpeg', base64: JPG.toString('base64') },
      ],
    });
    expect(keysOf(result.report[0]!.messages)).not.toContain('html.imageMissing');
    expect(keysOf(result.report[0]!.messages)).not.toContain('qti.objectExternal');
  });

  it('keeps the images of a Canvas quiz, whose HTML points at its file store (%24IMS-CC-FILEBASE%24) in web_resources/', async () => {
    const quiz = `<questestinterop xmlns="http://www.imsglobal.org/xsd/ims_qtiasiv1p2"><assessment ident="g1" title="quiz"><section ident="root_section">
      <item ident="i1" title="日志"><itemmetadata><qtimetadata><qtimetadatafield><fieldlabel>question_type</fieldlabel><fieldentry>true_false_question</fieldentry></qtimetadatafield></qtimetadata></itemmetadata>
        <presentation><material><mattext texttype="text/html">&lt;p&gt;截图中的日志表明登录失败。&lt;img src="%24IMS-CC-FILEBASE%24/Quiz%20Files/auth.png" alt="auth"&gt;&lt;/p&gt;</mattext></material>
          <response_lid ident="response1" rcardinality="Single"><render_choice>
            <response_label ident="t"><material><mattext texttype="text/plain">True</mattext></material></response_label>
            <response_label ident="f"><material><mattext texttype="text/plain">False</mattext></material></response_label>
          </render_choice></response_lid></presentation>
        <resprocessing><respcondition continue="No"><conditionvar><varequal respident="response1">t</varequal></conditionvar><setvar action="Set" varname="SCORE">100</setvar></respcondition></resprocessing>
      </item></section></assessment></questestinterop>`;
    const zip = writeZip([
      { name: 'imsmanifest.xml', data: manifest('<resource identifier="g1" type="imsqti_xmlv1p2"><file href="g1/assessment_qti.xml"/></resource><resource identifier="w" type="webcontent" href="web_resources/Quiz Files/auth.png"><file href="web_resources/Quiz Files/auth.png"/></resource>') },
      { name: 'g1/assessment_qti.xml', data: quiz },
      { name: 'web_resources/Quiz Files/auth.png', data: PNG },
    ]);
    const result = await importBank(zip, opts('canvas.imscc'));
    expect(result.items[0]).toMatchObject({ type: 'truefalse', answer: true, stem: expect.stringContaining('(media:H-001-1.png)'), media: [{ name: 'H-001-1.png', mimeType: 'image/png' }] });
    expect(keysOf(result.report[0]!.messages)).not.toContain('html.imageMissing');
  });

  it('finds a Respondus export\'s images, written org0/images/x.png for exam1/my_files/org0/images/x.png', async () => {
    const item = (src: string) =>
      `<item ident="i" title="t"><presentation><material><mattext texttype="text/html">&lt;p&gt;拓扑&lt;img src="${src}" alt="net"&gt;&lt;/p&gt;</mattext></material>
        <response_lid ident="r" rcardinality="Single"><render_choice><response_label ident="a"><material><mattext>甲</mattext></material></response_label><response_label ident="b"><material><mattext>乙</mattext></material></response_label></render_choice></response_lid></presentation>
        <resprocessing><respcondition><conditionvar><varequal respident="r">a</varequal></conditionvar><setvar action="Set">1</setvar></respcondition></resprocessing></item>`;
    const zip = writeZip([
      { name: 'imsmanifest.xml', data: manifest('<resource identifier="R1" type="imsqti_xmlv1p2" href="quiz.xml"><file href="quiz.xml"/><file href="exam1/my_files/org0/images/net.png"/></resource>') },
      { name: 'quiz.xml', data: `<questestinterop>${item('org0/images/net.png')}${item('$IMS_CC_FILE_BASE$org0/images/net.png')}</questestinterop>` },
      { name: 'exam1/my_files/org0/images/net.png', data: PNG },
    ]);
    const result = await importBank(zip, opts('respondus.zip'));
    expect(result.items.map((i) => i.media?.[0]?.base64)).toEqual([PNG.toString('base64'), PNG.toString('base64')]);
    expect(result.report.flatMap((e) => keysOf(e.messages))).not.toContain('html.imageMissing');
  });

  it('reads the question banks of a Canvas course export (non_cc_assessments/*.xml.qti), and each quiz once', async () => {
    const tf = (id: string, stem: string) =>
      `<item ident="${id}" title="${id}"><itemmetadata><qtimetadata><qtimetadatafield><fieldlabel>question_type</fieldlabel><fieldentry>true_false_question</fieldentry></qtimetadatafield></qtimetadata></itemmetadata>
        <presentation><material><mattext texttype="text/html">${stem}</mattext></material><response_lid ident="response1" rcardinality="Single"><render_choice>
          <response_label ident="t"><material><mattext texttype="text/plain">True</mattext></material></response_label><response_label ident="f"><material><mattext texttype="text/plain">False</mattext></material></response_label>
        </render_choice></response_lid></presentation>
        <resprocessing><respcondition continue="No"><conditionvar><varequal respident="response1">t</varequal></conditionvar><setvar action="Set" varname="SCORE">100</setvar></respcondition></resprocessing></item>`;
    const quiz = (stem: string) => `<questestinterop><assessment ident="q1" title="期中"><section ident="root_section">${tf('q1-1', stem)}</section></assessment></questestinterop>`;
    const zip = writeZip([
      {
        name: 'imsmanifest.xml',
        data: manifest(`
          <resource identifier="bank1" type="associatedcontent/imscc_xmlv1p1/learning-application-resource" href="non_cc_assessments/bank1.xml.qti"><file href="non_cc_assessments/bank1.xml.qti"/></resource>
          <resource identifier="q1" type="imsqti_xmlv1p2/imscc_xmlv1p1/assessment"><file href="q1/assessment_qti.xml"/></resource>
          <resource identifier="q1m" type="associatedcontent/imscc_xmlv1p1/learning-application-resource" href="q1/assessment_meta.xml"><file href="q1/assessment_meta.xml"/><file href="non_cc_assessments/q1.xml.qti"/></resource>`),
      },
      { name: 'non_cc_assessments/bank1.xml.qti', data: `<questestinterop><objectbank ident="bank1">${tf('b-1', '防火墙默认拒绝。')}${tf('b-2', 'SSH 使用 22 端口。')}</objectbank></questestinterop>` },
      { name: 'q1/assessment_qti.xml', data: quiz('（通用版）日志应集中保存。') },
      { name: 'q1/assessment_meta.xml', data: '<quiz identifier="q1"><title>期中</title></quiz>' },
      { name: 'non_cc_assessments/q1.xml.qti', data: quiz('日志应集中保存。') },
    ]);
    const result = await importBank(zip, opts('course-export.imscc'));
    expect(result.items.map((i) => i.stem)).toEqual(['防火墙默认拒绝。', 'SSH 使用 22 端口。', '日志应集中保存。']);
  });

  it('reads a Blackboard pool export: the pool is res00001.dat (bb:file), its pictures named by xid in csfiles/', async () => {
    const pool = `<?xml version="1.0" encoding="UTF-8"?><questestinterop><assessment title="安全基础"><section><item title="设备" maxattempts="0">
      <itemmetadata><bbmd_questiontype>Multiple Choice</bbmd_questiontype></itemmetadata>
      <presentation><flow class="Block"><flow class="QUESTION_BLOCK"><flow class="FORMATTED_TEXT_BLOCK"><material><mat_extension><mat_formattedtext type="HTML">&lt;p&gt;图中是什么设备？&lt;img src="@X@EmbeddedFile.requestUrlStub@X@bbcswebdav/xid-4060915_1" alt="设备"&gt;&lt;/p&gt;</mat_formattedtext></mat_extension></material></flow></flow>
        <flow class="RESPONSE_BLOCK"><response_lid ident="response" rcardinality="Single"><render_choice>
          <flow_label><response_label ident="a"><flow_mat><material><mat_extension><mat_formattedtext type="HTML">防火墙</mat_formattedtext></mat_extension></material></flow_mat></response_label></flow_label>
          <flow_label><response_label ident="b"><flow_mat><material><mat_extension><mat_formattedtext type="HTML">路由器</mat_formattedtext></mat_extension></material></flow_mat></response_label></flow_label>
        </render_choice></response_lid></flow></flow></presentation>
      <resprocessing><respcondition title="correct"><conditionvar><varequal respident="response">a</varequal></conditionvar><setvar variablename="SCORE" action="Set">SCORE.max</setvar></respcondition></resprocessing>
      </item></section></assessment></questestinterop>`;
    const zip = writeZip([
      {
        name: 'imsmanifest.xml',
        data: `<?xml version="1.0" encoding="UTF-8"?><manifest identifier="man00001" xmlns:bb="http://www.blackboard.com/content-packaging/"><organizations/><resources>
          <resource bb:file="res00001.dat" bb:title="安全基础" identifier="res00001" type="assessment/x-bb-qti-pool" xml:base="res00001"/>
          <resource bb:file="res00002.dat" bb:title="Assessment Creation Settings" identifier="res00002" type="course/x-bb-courseassessmentcreationsettings" xml:base="res00002"/></resources></manifest>`,
      },
      { name: 'res00001.dat', data: pool },
      { name: 'res00002.dat', data: '<?xml version="1.0" encoding="UTF-8"?><ASSESSMENTCREATIONSETTINGS/>' },
      { name: 'csfiles/home_dir/Pictures__xid-4060800_1/fw__xid-4060915_1.png', data: PNG },
    ]);
    const result = await importBank(zip, opts('ExportFile_SEC101.zip'));
    expect(result.format).toBe('qti12');
    expect(result.items[0]).toMatchObject({ type: 'single', answer: 'a', media: [{ mimeType: 'image/png', base64: PNG.toString('base64') }] });
    expect(keysOf(result.report[0]!.messages)).not.toContain('html.imageMissing');
  });

  it('passes over a QTI 1.2 assessment that only refers to items, importing the item documents beside it', async () => {
    const refs = `<questestinterop><assessment ident="a" title="test"><section ident="s"><itemref linkrefid="q1"/></section></assessment></questestinterop>`;
    const items = `<questestinterop><item ident="q1" title="q1"><presentation><material><mattext>SSH 默认端口是 22。</mattext></material>
      <response_lid ident="r"><render_choice><response_label ident="T"><material><mattext>True</mattext></material></response_label><response_label ident="F"><material><mattext>False</mattext></material></response_label></render_choice></response_lid></presentation>
      <resprocessing><respcondition><conditionvar><varequal respident="r">T</varequal></conditionvar><setvar>1</setvar></respcondition></resprocessing></item></questestinterop>`;
    const zip = writeZip([
      { name: 'imsmanifest.xml', data: manifest('<resource identifier="a" type="ims_qtiasiv1p2"><file href="test.xml"/></resource><resource identifier="q" type="ims_qtiasiv1p2"><file href="q1.xml"/></resource>') },
      { name: 'test.xml', data: refs },
      { name: 'q1.xml', data: items },
    ]);
    const result = await importBank(zip, opts('webct.zip'));
    expect(result.report.map((e) => [e.sourceRef, e.itemId])).toEqual([['q1.xml: q1', 'H-1-001']]);
  });
});

describe('refusal keys', () => {
  it('words every key the server can send in both languages', async () => {
    const { importErrorKeys } = await import('../../../../server/src/features/banks/formats/import-error.ts');
    const { bankImportErrorsZhCN, bankImportErrorsEn } = await import('../../../../client/src/i18n/bank-import-errors.ts');
    const at = (table: unknown, key: string) => key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], table);
    for (const key of [...importErrorKeys, 'unreadable']) {
      expect(typeof at(bankImportErrorsZhCN, key), key).toBe('string');
      expect(typeof at(bankImportErrorsEn, key), key).toBe('string');
    }
  });
});
