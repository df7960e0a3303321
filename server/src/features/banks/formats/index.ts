import type { BankFile } from '@shared/bank.ts';
import { aikenImporter } from './aiken.ts';
import { giftImporter } from './gift.ts';
import { exportMoodleXml, moodleXmlImporter } from './moodle-xml.ts';
import { exportQti30, qti21Importer, qti30Importer } from './qti.ts';
import { qti12Importer } from './qti12.ts';
import { csvImporter, xlsxImporter } from './spreadsheet.ts';
import type { ForeignFormat, Importer, ImportOptions, ImportResult } from './types.ts';

/** Most specific first: binary and XML formats before the lenient text formats. */
export const importers: readonly Importer[] = [xlsxImporter, moodleXmlImporter, qti12Importer, qti30Importer, qti21Importer, aikenImporter, giftImporter, csvImporter];

export const foreignFormats = importers.map((i) => i.format);

export class UnknownFormatError extends Error {}

export function detectFormat(content: Buffer, fileName: string): ForeignFormat {
  const hit = importers.find((i) => i.detect(content, fileName));
  if (!hit) throw new UnknownFormatError(`Cannot tell the format of ${fileName}; name it with --format (${foreignFormats.join(', ')})`);
  return hit.format;
}

export async function importBank(content: Buffer, options: ImportOptions, format?: ForeignFormat): Promise<ImportResult> {
  const chosen = format ?? detectFormat(content, options.fileName);
  const importer = importers.find((i) => i.format === chosen);
  if (!importer) throw new UnknownFormatError(`Unknown format ${chosen}`);
  return importer.import(content, options);
}

export const exportFormats = ['moodle-xml', 'qti3'] as const;
export type ExportFormat = (typeof exportFormats)[number];

/** Moodle XML is one file; a QTI 3.0 content package is a set of files. */
export function exportBank(bank: BankFile, format: ExportFormat): { path: string; content: string }[] {
  if (format === 'moodle-xml') return [{ path: `${bank.bank.id}.moodle.xml`, content: exportMoodleXml(bank) }];
  return exportQti30(bank).files;
}

export type { ForeignFormat, ImportOptions, ImportResult };
