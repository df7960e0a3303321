import { parse } from 'csv-parse/sync';
import { readXlsx } from '../banks/formats/xlsx-reader.ts';
import { decodeText } from '../banks/formats/text-decoding.ts';
import type { TableRow } from './roster-rows.ts';

const isZip = (b: Buffer) => b.length > 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

/** A roster file as rows of text: XLSX by its content (a zip), otherwise CSV/TSV in any of our encodings. */
export async function readTable(content: Buffer, fileName: string): Promise<TableRow[]> {
  if (isZip(content)) {
    // Cells only, through the bank importer's zip and sheet readers: validations and ranges are never expanded.
    const [first] = await readXlsx(content);
    if (!first) throw new Error('the workbook has no sheet');
    return first.rows;
  }
  const text = decodeText(content, fileName);
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0);
  const delimiter = /\.tsv$/i.test(fileName) || (firstLine.includes('\t') && !firstLine.includes(',')) ? '\t' : ',';
  try {
    const records = parse(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, bom: true }) as string[][];
    return records.map((cells, i) => ({ number: i + 1, cells }));
  } catch (err) {
    throw new Error(`not readable as CSV (${err instanceof Error ? err.message : String(err)})`);
  }
}
