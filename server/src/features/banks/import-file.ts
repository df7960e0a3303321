import { OCCUPATION_CODE } from '@shared/domain.ts';
import type { BankFile } from '@shared/bank.ts';
import type { ImportFormat, ImportReportEntryDto } from '@shared/banks-api.ts';
import { ImportFileError, MAX_IMPORT_ITEMS } from './formats/import-error.ts';
import { importBank, type ImportProgress } from './formats/index.ts';
import type { ForeignFormat, ImportOptions } from './formats/types.ts';
import { BankFileError, formatProblem, parseBank } from './load-bank.ts';

/**
 * An uploaded bank file turned into a native bank and its report: everything that parses the
 * upload, and so what runs inside the import worker (never on the server's event loop).
 */

export type ImportRequest = ImportOptions & { format?: ImportFormat; title?: string };
export type ImportedFile = { format: ImportFormat; bank: BankFile; report: ImportReportEntryDto[] };

const looksNative = (content: Buffer, fileName: string) => /\.ya?ml$/i.test(fileName) && /^bank:/m.test(content.toString('utf8', 0, 4096));

export async function importFile(content: Buffer, request: ImportRequest, progress?: ImportProgress): Promise<ImportedFile> {
  const { format, title, ...options } = request;
  if (format === 'native' || (!format && looksNative(content, options.fileName))) {
    const bank = parseBank(content.toString('utf8'), options.fileName);
    const report = bank.items.map((item, i) => ({ index: i + 1, sourceRef: item.id, itemId: item.id, status: 'imported' as const, messages: [] }));
    return { format: 'native', bank, report };
  }
  // The HTTP format names are the importers' names plus 'native'.
  const result = await importBank(content, options, format as ForeignFormat | undefined, progress);
  if (result.report.length > MAX_IMPORT_ITEMS) throw new ImportFileError('input.tooManyItems', { count: result.report.length, max: MAX_IMPORT_ITEMS });
  const bank: BankFile = {
    bank: { id: options.idPrefix.toLowerCase(), title: title ?? options.fileName, occupation: OCCUPATION_CODE, version: 1, language: 'zh-CN' },
    items: result.items,
  };
  return { format: result.format, bank, report: result.report };
}

/** What the worker sends back when the file is refused: a key, its values, and English for logs. */
export function refusal(err: unknown): { key: string; params?: Record<string, string | number>; message: string; issues?: { path: string; message: string }[] } {
  if (err instanceof ImportFileError) return { key: err.key, params: err.params, message: err.message };
  if (err instanceof BankFileError) return { key: 'invalidFile', message: 'The bank file is invalid', issues: err.problems.map((p) => ({ path: p.itemId ?? p.field, message: formatProblem(p) })) };
  const message = err instanceof Error ? err.message : String(err);
  return { key: 'unreadable', params: { detail: message }, message: `The file could not be read: ${message}` };
}
