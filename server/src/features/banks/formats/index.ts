import type { BankFile } from '@shared/bank.ts';
import { aikenImporter } from './aiken.ts';
import { giftImporter } from './gift.ts';
import { ImportFileError } from './import-error.ts';
import { exportMoodleXml, moodleXmlImporter } from './moodle-xml.ts';
import { importPackage, isPackage, type DocumentImporter } from './package.ts';
import { decodeXml } from './qti-common.ts';
import { exportQti30, qti21Importer, qti30Importer } from './qti.ts';
import { qti12Importer } from './qti12.ts';
import { csvImporter, xlsxImporter } from './spreadsheet.ts';
import type { ForeignFormat, Importer, ImportOptions, ImportResult, PackageFiles } from './types.ts';
import { assertNoEntityDeclarations, rootOf } from './xml-prolog.ts';
import { isZip, openZip } from './zip.ts';

/** Most specific first: binary and XML formats before the lenient text formats. */
export const importers: readonly Importer[] = [xlsxImporter, moodleXmlImporter, qti12Importer, qti30Importer, qti21Importer, aikenImporter, giftImporter, csvImporter];

export const foreignFormats = importers.map((i) => i.format);

/** Formats whose files are XML documents: their DOCTYPEs are checked for entity declarations. */
const XML_FORMATS = new Set<string>(['moodle-xml', 'qti12', 'qti21', 'qti30']);

/** Kept for callers that catch it; every refusal is an ImportFileError with a key. */
export class UnknownFormatError extends ImportFileError {}

/**
 * A QTI assessment test on its own: no importer claims it (inside a package a test is passed over),
 * but "cannot tell the format" would send its uploader looking for a format option that does not help.
 */
function isQtiTest(content: Buffer): boolean {
  const root = rootOf(content.subarray(0, 1_000_000).toString('utf8'));
  return !!root && /^(assessmentTest|qti-assessment-test)$/.test(root.local) && (root.ns === null || /imsqti/.test(root.ns));
}

export function detectFormat(content: Buffer, fileName: string): ForeignFormat {
  const hit = importers.find((i) => i.detect(content, fileName));
  if (!hit && isQtiTest(content)) throw new ImportFileError('qti.testOnly');
  if (!hit) throw new UnknownFormatError('format.unknown', { fileName, formats: foreignFormats.join(', ') });
  return hit.format;
}

function importerFor(format: ForeignFormat): Importer {
  const importer = importers.find((i) => i.format === format);
  if (!importer) throw new ImportFileError('format.unsupported', { format });
  return importer;
}

/** One document of any format, the format known: the XML checks come first. */
async function importDocument(content: Buffer, options: ImportOptions, format: ForeignFormat, files?: PackageFiles): Promise<ImportResult> {
  if (XML_FORMATS.has(format)) assertNoEntityDeclarations(decodeXml(content));
  return importerFor(format).import(content, options, files);
}

/** Documents inside a content package: only XML importers apply. */
const packageDocuments: DocumentImporter = {
  detect: (content, fileName) => importers.find((i) => XML_FORMATS.has(i.format) && i.detect(content, fileName))?.format ?? null,
  import: importDocument,
};

export type ImportProgress = (stage: 'reading' | 'items', done: number, total: number) => void;

/**
 * Any bank file: a zip is a workbook or a content package (told apart by its entries, never by
 * inflating it: see zip.ts); anything else goes to the importer named or detected.
 */
export async function importBank(content: Buffer, options: ImportOptions, format?: ForeignFormat, progress?: ImportProgress): Promise<ImportResult> {
  if (isZip(content) && format !== 'xlsx') {
    const zip = await openZip(content);
    if (isPackage(zip)) return importPackage(zip, options, packageDocuments, (done, total) => progress?.('items', done, total));
    if (!zip.has('xl/workbook.xml')) throw new ImportFileError('package.noManifest');
  }
  return importDocument(content, options, format ?? detectFormat(content, options.fileName));
}

export const exportFormats = ['moodle-xml', 'qti3'] as const;
export type ExportFormat = (typeof exportFormats)[number];

/** Moodle XML is one file; a QTI 3.0 content package is a set of files. */
export function exportBank(bank: BankFile, format: ExportFormat): { path: string; content: string }[] {
  if (format === 'moodle-xml') return [{ path: `${bank.bank.id}.moodle.xml`, content: exportMoodleXml(bank) }];
  return exportQti30(bank).files;
}

export { ImportFileError };
export type { ForeignFormat, ImportOptions, ImportResult };
