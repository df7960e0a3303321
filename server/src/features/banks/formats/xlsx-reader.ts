import path from 'node:path/posix';
import { ImportFileError } from './import-error.ts';
import { sax } from './sax.ts';
import { MAX_IMPORT_ITEMS } from './import-error.ts';
import type { RowImage, SheetRow } from './spreadsheet-rows.ts';
import { openZip, type ZipArchive, type ZipLimits } from './zip.ts';

/**
 * Reads the cells of an XLSX workbook and nothing else. The sheet XML goes through a SAX parser
 * (saxes) that looks only inside <sheetData>: data validations, merged cells, conditional formats
 * and the declared dimension are never read, so a validation over `A1:XFD1048576` costs what its
 * text costs. exceljs expands such ranges into one object per cell (seconds and gigabytes for a
 * template with whole-column drop-downs), which is why it is not used for reading here.
 */

export type SheetData = { name: string; rows: SheetRow[]; images: Map<number, RowImage[]> };

export type XlsxLimits = { maxRows: number; maxColumns: number };
export const DEFAULT_XLSX_LIMITS: XlsxLimits = { maxRows: MAX_IMPORT_ITEMS + 100, maxColumns: 256 };

async function part(zip: ZipArchive, name: string): Promise<Buffer | null> {
  return zip.read(name.replace(/^\//, ''));
}

/** Targets of a part's relationships, resolved against the part's folder. */
async function relationships(zip: ZipArchive, partName: string): Promise<Map<string, { target: string; type: string }>> {
  const dir = path.dirname(partName);
  const rels = await part(zip, path.join(dir, '_rels', `${path.basename(partName)}.rels`));
  const map = new Map<string, { target: string; type: string }>();
  if (!rels) return map;
  sax(rels, partName, {
    open(name, a) {
      if (name !== 'Relationship' || !a.Id || !a.Target || a.TargetMode === 'External') return;
      const target = a.Target.startsWith('/') ? a.Target.slice(1) : path.normalize(path.join(dir, a.Target));
      map.set(a.Id, { target, type: a.Type ?? '' });
    },
  });
  return map;
}

async function sharedStrings(zip: ZipArchive, target: string | undefined): Promise<string[]> {
  const xml = target ? await part(zip, target) : null;
  if (!xml) return [];
  const strings: string[] = [];
  let current: string | null = null;
  let inText = false;
  let phonetic = 0;
  sax(xml, target!, {
    open(name) {
      if (name === 'si') current = '';
      else if (name === 'rPh') phonetic++;
      else if (name === 't' && phonetic === 0) inText = true;
    },
    close(name) {
      if (name === 'si') {
        strings.push(current ?? '');
        current = null;
      } else if (name === 'rPh') phonetic--;
      else if (name === 't') inText = false;
    },
    text(t) {
      if (inText && current !== null) current += t;
    },
  });
  return strings;
}

// Built-in number formats that are dates (ECMA-376 18.8.30).
const DATE_FORMAT_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 30, 36, 45, 46, 47, 50, 57]);

/** For each cell style index, whether it shows a date. */
async function dateStyles(zip: ZipArchive, target: string | undefined): Promise<boolean[]> {
  const xml = target ? await part(zip, target) : null;
  if (!xml) return [];
  const custom = new Map<number, boolean>();
  const styles: boolean[] = [];
  let inCellXfs = false;
  sax(xml, target!, {
    open(name, a) {
      if (name === 'numFmt') {
        // A format is a date when it has date letters outside quotes, brackets and escapes.
        const code = (a.formatCode ?? '').replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
        custom.set(Number(a.numFmtId), /[dmyhs]/i.test(code) && !/^[#0.,%\s]*$/.test(code));
      } else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) {
        const id = Number(a.numFmtId ?? 0);
        styles.push(DATE_FORMAT_IDS.has(id) || custom.get(id) === true);
      }
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  return styles;
}

/** Excel's serial day number (1900 system, with its phantom 29 Feb 1900) as yyyy-mm-dd. */
function serialDate(serial: number): string {
  const ms = Math.round((serial - 25569) * 86_400_000);
  return new Date(ms).toISOString().slice(0, 10);
}

/** "BC12" -> 54 (0-based column). */
function columnOf(ref: string): number | null {
  const letters = /^([A-Z]{1,3})\d*$/i.exec(ref)?.[1]?.toUpperCase();
  if (!letters) return null;
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

type SheetContext = { strings: string[]; dates: boolean[]; limits: XlsxLimits; name: string };

function cellValue(type: string, raw: string, inline: string, style: number, ctx: SheetContext): string {
  switch (type) {
    case 's':
      return ctx.strings[Number(raw)] ?? '';
    case 'inlineStr':
      return inline;
    case 'b':
      return raw === '1' ? 'TRUE' : 'FALSE';
    case 'str':
    case 'e':
      return raw;
    default: {
      if (raw === '') return '';
      const n = Number(raw);
      if (ctx.dates[style] && Number.isFinite(n)) return serialDate(n);
      return Number.isFinite(n) ? String(n) : raw;
    }
  }
}

function sheetRows(xml: Buffer, partName: string, ctx: SheetContext): SheetRow[] {
  const rows: SheetRow[] = [];
  let row: SheetRow | null = null;
  let nextRow = 1;
  let cell: { col: number; type: string; style: number; v: string; is: string } | null = null;
  let nextCol = 0;
  let inData = false;
  let into: 'v' | 'is' | null = null;
  let phonetic = 0;
  sax(xml, partName, {
    open(name, a) {
      if (name === 'sheetData') inData = true;
      if (!inData) return;
      if (name === 'row') {
        const number = a.r ? Number(a.r) : nextRow;
        if (!Number.isInteger(number) || number < 1) throw new ImportFileError('xlsx.badCell', { sheet: ctx.name, ref: a.r ?? '' });
        if (rows.length >= ctx.limits.maxRows) throw new ImportFileError('xlsx.tooManyRows', { sheet: ctx.name, max: ctx.limits.maxRows });
        row = { number, cells: [] };
        nextRow = number + 1;
        nextCol = 0;
      } else if (name === 'c' && row) {
        const col = a.r ? columnOf(a.r) : nextCol;
        if (col === null) throw new ImportFileError('xlsx.badCell', { sheet: ctx.name, ref: a.r ?? '' });
        cell = { col, type: a.t ?? 'n', style: Number(a.s ?? 0), v: '', is: '' };
        nextCol = col + 1;
      } else if (cell && name === 'v') into = 'v';
      else if (cell && name === 'rPh') phonetic++;
      else if (cell && name === 't' && cell.type === 'inlineStr' && phonetic === 0) into = 'is';
    },
    text(t) {
      if (cell && into === 'v') cell.v += t;
      else if (cell && into === 'is') cell.is += t;
    },
    close(name) {
      if (name === 'sheetData') inData = false;
      else if (name === 'v' || name === 't') into = null;
      else if (name === 'rPh') phonetic--;
      else if (name === 'c' && cell && row) {
        const value = cellValue(cell.type, cell.v, cell.is, cell.style, ctx);
        // Columns past the limit are dropped, never padded out: a row cannot grow to XFD.
        if (value !== '' && cell.col < ctx.limits.maxColumns) {
          while (row.cells.length < cell.col) row.cells.push('');
          row.cells[cell.col] = value;
        }
        cell = null;
      } else if (name === 'row' && row) {
        if (row.cells.length > 0) rows.push(row);
        row = null;
      }
    },
  });
  return rows;
}

/** Pictures floating over a sheet belong to the row their top-left corner sits in. */
async function sheetImages(zip: ZipArchive, sheetPart: string): Promise<Map<number, RowImage[]>> {
  const byRow = new Map<number, RowImage[]>();
  const sheetRels = await relationships(zip, sheetPart);
  for (const rel of sheetRels.values()) {
    if (!rel.type.endsWith('/drawing')) continue;
    const drawing = await part(zip, rel.target);
    if (!drawing) continue;
    const drawingRels = await relationships(zip, rel.target);
    const anchors: { row: number; embed: string }[] = [];
    let inFrom = false;
    let inRow = false;
    let row = 0;
    let rowText = '';
    sax(drawing, rel.target, {
      open(name, a) {
        if (name === 'twoCellAnchor' || name === 'oneCellAnchor' || name === 'absoluteAnchor') row = 0;
        else if (name === 'from') inFrom = true;
        else if (name === 'row' && inFrom) {
          inRow = true;
          rowText = '';
        } else if (name === 'blip') {
          const embed = a['r:embed'] ?? Object.entries(a).find(([k]) => k.endsWith(':embed'))?.[1];
          if (embed) anchors.push({ row, embed });
        }
      },
      text(t) {
        if (inRow) rowText += t;
      },
      close(name) {
        if (name === 'from') inFrom = false;
        else if (name === 'row' && inRow) {
          inRow = false;
          row = Number(rowText) || 0;
        }
      },
    });
    for (const anchor of anchors) {
      const media = drawingRels.get(anchor.embed);
      const data = media ? await part(zip, media.target) : null;
      if (!media || !data) continue;
      const images = byRow.get(anchor.row + 1) ?? [];
      images.push({ extension: path.extname(media.target).slice(1).toLowerCase(), base64: data.toString('base64') });
      byRow.set(anchor.row + 1, images);
    }
  }
  return byRow;
}

/** The workbook's sheets in tab order, each with its name, its non-empty rows and its pictures. */
export async function readXlsx(content: Buffer, limits: XlsxLimits = DEFAULT_XLSX_LIMITS, zipLimits?: ZipLimits): Promise<SheetData[]> {
  const zip = await openZip(content, zipLimits);
  const workbookPart = 'xl/workbook.xml';
  const workbook = await part(zip, workbookPart);
  if (!workbook) throw new ImportFileError('xlsx.noWorkbook');
  const rels = await relationships(zip, workbookPart);
  const sheets: { name: string; rid: string }[] = [];
  sax(workbook, workbookPart, {
    open(name, a) {
      const rid = a['r:id'] ?? Object.entries(a).find(([k]) => k.endsWith(':id'))?.[1];
      if (name === 'sheet' && rid) sheets.push({ name: a.name ?? '', rid });
    },
  });
  const relOfType = (suffix: string) => [...rels.values()].find((r) => r.type.endsWith(suffix))?.target;
  const strings = await sharedStrings(zip, relOfType('/sharedStrings'));
  const dates = await dateStyles(zip, relOfType('/styles'));
  const out: SheetData[] = [];
  for (const sheet of sheets) {
    const target = rels.get(sheet.rid)?.target;
    const xml = target ? await part(zip, target) : null;
    // Chart sheets and dialog sheets have no cells.
    if (!target || !xml || !rels.get(sheet.rid)!.type.endsWith('/worksheet')) continue;
    out.push({ name: sheet.name, rows: sheetRows(xml, target, { strings, dates, limits, name: sheet.name }), images: await sheetImages(zip, target) });
  }
  return out;
}
