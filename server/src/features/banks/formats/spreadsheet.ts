import { parse } from 'csv-parse/sync';
import { decodeText } from './text-decoding.ts';
import { findHeader, importRows, importSheets, type SheetRow } from './spreadsheet-rows.ts';
import { ImportFileError } from './import-error.ts';
import type { Importer } from './types.ts';
import { readXlsx } from './xlsx-reader.ts';
import { isZip } from './zip.ts';

/** XLSX and CSV question sheets in the column layout of Chinese exam systems (题目, 类型, 答案, 选项A…). */

/** The columns are named in the wording (importMessages' sheet vocabulary), not sent. */
const headerNotFound = (sheets?: string) => (sheets === undefined ? new ImportFileError('sheet.noHeaderCsv') : new ImportFileError('sheet.noHeader', { sheets: sheets || '-' }));

export const xlsxImporter: Importer = {
  format: 'xlsx',
  detect(content, fileName) {
    return isZip(content) && (/\.xlsx$/i.test(fileName) || content.includes('xl/workbook'));
  },
  async import(content, options) {
    const sheets = await readXlsx(content);
    // Templates put instructions first, or one sheet per item type: every sheet with a header is read.
    const result = importSheets(sheets, options, 'xlsx');
    if (result) return result;
    throw headerNotFound(sheets.map((s) => s.name).join(', '));
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
      throw new ImportFileError('csv.unreadable', { detail: err instanceof Error ? err.message : String(err) });
    }
    // One record is one row as a spreadsheet program shows it, even when a quoted cell spans lines.
    const rows: SheetRow[] = records.map((cells, i) => ({ number: i + 1, cells }));
    const header = findHeader(rows);
    if (!header) throw headerNotFound();
    return importRows(rows, header, options, 'csv');
  },
};
