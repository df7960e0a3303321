import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { decodeText } from './text-decoding.ts';
import { expectedColumns, findHeader, importRows, importSheets, type RowImage, type SheetRow } from './spreadsheet-rows.ts';
import type { ImportOptions, Importer } from './types.ts';

/** XLSX and CSV question sheets in the column layout of Chinese exam systems (题目, 类型, 答案, 选项A…). */

const isZip = (b: Buffer) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

function headerNotFound(options: ImportOptions, where: string): Error {
  return new Error(`${options.fileName}: no header row found in ${where}; expected the columns ${expectedColumns}`);
}

type CellValue = ExcelJS.CellValue | undefined;

/** Rich text, formulas (their cached result), hyperlinks, numbers, dates: all become plain strings. */
export function cellText(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return cellText(value.result as CellValue);
  if ('hyperlink' in value) return cellText(value.text as CellValue);
  if ('error' in value) return value.error;
  return '';
}

function sheetRows(ws: ExcelJS.Worksheet): SheetRow[] {
  const rows: SheetRow[] = [];
  ws.eachRow((row, number) => {
    const cells: string[] = [];
    for (let col = 1; col <= row.cellCount; col++) cells.push(cellText(row.getCell(col).value));
    rows.push({ number, cells });
  });
  return rows;
}

/** Pictures floating over a sheet belong to the row their top-left corner sits in. */
function sheetImages(wb: ExcelJS.Workbook, ws: ExcelJS.Worksheet): Map<number, RowImage[]> {
  const byRow = new Map<number, RowImage[]>();
  for (const image of ws.getImages()) {
    // exceljs types its buffer as an ArrayBuffer; at run time it is a Node Buffer.
    const data = wb.getImage(Number(image.imageId)) as unknown as { extension: string; base64?: string; buffer?: Uint8Array };
    const base64 = data.base64?.replace(/^data:[^,]*,/, '') ?? (data.buffer ? Buffer.from(data.buffer).toString('base64') : undefined);
    if (!base64) continue;
    const row = Math.floor(image.range.tl.nativeRow) + 1;
    byRow.set(row, [...(byRow.get(row) ?? []), { extension: data.extension, base64 }]);
  }
  return byRow;
}

export const xlsxImporter: Importer = {
  format: 'xlsx',
  detect(content, fileName) {
    return isZip(content) && (/\.xlsx$/i.test(fileName) || content.includes('xl/workbook'));
  },
  async import(content, options) {
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(content as unknown as ExcelJS.Buffer);
    } catch (err) {
      throw new Error(`${options.fileName}: not a readable XLSX workbook (${err instanceof Error ? err.message : String(err)})`);
    }
    // Templates put instructions first, or one sheet per item type: every sheet with a header is read.
    const sheets = wb.worksheets.map((ws) => ({ name: ws.name, rows: sheetRows(ws), images: sheetImages(wb, ws) }));
    const result = importSheets(sheets, options, 'xlsx');
    if (result) return result;
    const names = wb.worksheets.map((ws) => ws.name).join(', ');
    throw headerNotFound(options, names ? `any sheet (${names})` : 'the workbook (it has no sheets)');
  },
};

function delimiterOf(text: string, fileName: string): ',' | '\t' {
  if (/\.tsv$/i.test(fileName)) return '\t';
  const line = text.split('\n').find((l) => l.trim()) ?? '';
  let tabs = 0;
  let commas = 0;
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '\t') tabs++;
    else if (!quoted && ch === ',') commas++;
  }
  return tabs > commas ? '\t' : ',';
}

export const csvImporter: Importer = {
  format: 'csv',
  detect(content, fileName) {
    if (isZip(content)) return false;
    if (/\.(csv|tsv)$/i.test(fileName)) return true;
    // Splitting bytes at LF is safe for GB18030: no multi-byte sequence contains 0x0A.
    const end = content.indexOf(0x0a);
    try {
      const first = decodeText(content.subarray(0, end === -1 ? Math.min(content.length, 4096) : Math.min(end, 4096)), fileName);
      return first.includes('题') && first.includes('答案') && /[,\t]/.test(first);
    } catch {
      return false; // binary data
    }
  },
  import(content, options) {
    const text = decodeText(content, options.fileName);
    let records: string[][];
    try {
      records = parse(text, {
        delimiter: delimiterOf(text, options.fileName),
        relax_column_count: true,
        // Chinese text quotes words inside unquoted cells: 他说"是"。
        relax_quotes: true,
        skip_empty_lines: false,
        bom: true,
      }) as string[][];
    } catch (err) {
      throw new Error(`${options.fileName}: not readable as CSV (${err instanceof Error ? err.message : String(err)})`);
    }
    // One record is one row as a spreadsheet program shows it, even when a quoted cell spans lines.
    const rows: SheetRow[] = records.map((cells, i) => ({ number: i + 1, cells }));
    const header = findHeader(rows);
    if (!header) throw headerNotFound(options, 'the first 20 rows');
    return importRows(rows, header, options, 'csv');
  },
};
