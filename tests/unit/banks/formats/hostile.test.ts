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

  it('hands a QTI 1.2 document to the importer that claims it, or calls the package unsupported', async () => {
    const run = importBank(fixture('package/qti12-package.zip'), opts('canvas.zip'));
    if (importers.some((i) => (i.format as string) === 'qti12')) await expect(run).resolves.toMatchObject({ format: 'qti12' });
    else await expect(run).rejects.toMatchObject({ key: 'format.unsupported', params: { format: 'QTI 1.2' } });
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
