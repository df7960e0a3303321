import type { MessageParams } from '@shared/errors.ts';

/** Items one import may bring: larger banks are split. The saving transaction stays short. */
export const MAX_IMPORT_ITEMS = 20_000;

/** English wording of each refusal, for logs, the CLI and API users; screens word the key. */
const ENGLISH: Record<string, (p: MessageParams) => string> = {
  'zip.tooManyEntries': (p) => `the archive has ${p.count} entries, more than the ${p.max} allowed`,
  'zip.tooLarge': (p) => `the archive unpacks to ${p.mb} MB, more than the ${p.maxMb} MB allowed (a zip bomb?)`,
  'zip.ratio': (p) => `entry ${p.name} is compressed ${p.ratio} to 1, more than the ${p.max} to 1 allowed (a zip bomb?)`,
  'zip.sizeMismatch': (p) => `an entry of the archive is not the size it declares (${p.detail})`,
  'zip.unreadable': (p) => `not a readable zip archive (${p.detail})`,
  'xml.doctype': (p) => `${p.part} has a DOCTYPE; entity declarations are refused`,
  'xml.entity': () => 'the XML declares entities (<!ENTITY>); such files are refused',
  'xml.malformed': (p) => `not well-formed XML (line ${p.line}): ${p.detail}`,
  'xml.encoding': (p) => `the XML declares the encoding "${p.encoding}", which cannot be read`,
  'xml.roots': (p) => `an XML document needs exactly one root element, found ${p.count}`,
  'text.binary': () => 'binary data, not a text question file',
  'csv.unreadable': (p) => `not readable as CSV (${p.detail})`,
  'sheet.noHeader': (p) => `no header row (题目, 类型, 答案, 选项A…) found in any sheet (${p.sheets})`,
  'sheet.noHeaderCsv': () => 'no header row (题目, 类型, 答案, 选项A…) found in the first 20 rows',
  'qti.otherDialect': (p) => `this is a ${p.found} item, not ${p.expected}; import it as ${p.found}`,
  'qti.testOnly': () => 'an assessment test only refers to item files; import the item files instead',
  'xlsx.unreadable': (p) => `not a readable XLSX workbook (${p.part}: ${p.detail})`,
  'xlsx.noWorkbook': () => 'not an XLSX workbook (no xl/workbook.xml)',
  'xlsx.badCell': (p) => `sheet ${p.sheet}: a cell or row reference "${p.ref}" is not valid`,
  'xlsx.tooManyRows': (p) => `sheet ${p.sheet} has more than ${p.max} rows`,
  'format.unknown': (p) => `cannot tell the format; name it with --format (${p.formats})`,
  'format.noQuestions': (p) => `no ${p.format} questions found in the file`,
  'format.wrongRoot': (p) => `not ${p.format}: the root element must be <${p.expected}>`,
  'format.unsupported': (p) => `${p.format} files cannot be imported yet`,
  'package.noManifest': () => 'a zip that is neither an XLSX workbook nor a content package with imsmanifest.xml',
  'package.noItems': () => 'the content package lists no question item or assessment file',
  'package.badManifest': (p) => `imsmanifest.xml is not readable XML: ${p.detail}`,
  'package.missingFile': (p) => `the manifest names ${p.file}, which is not in the package`,
  'input.tooManyItems': (p) => `the file has ${p.count} items, more than the ${p.max} one import may bring; split it`,
  'input.tooLarge': (p) => `the file is ${p.mb} MB, more than the ${p.maxMb} MB allowed`,
  'job.timeout': (p) => `the import took longer than ${p.seconds} s and was stopped`,
  'job.memory': () => 'the import needed more memory than allowed and was stopped',
  'job.cancelled': () => 'the import was cancelled',
  'job.busy': (p) => `${p.running} imports are already running; try again when one has finished`,
  'job.failed': (p) => `the import failed: ${p.detail}`,
};

export function englishImportError(key: string, params: MessageParams = {}): string {
  return ENGLISH[key]?.(params) ?? `${key} ${JSON.stringify(params)}`;
}

/**
 * A whole file refused (a zip bomb, an entity declaration, a format we cannot tell), with a key the
 * client words (`errors.detail.bankImport.<key>`) and its values.
 */
export class ImportFileError extends Error {
  constructor(
    readonly key: string,
    readonly params: MessageParams = {},
  ) {
    super(englishImportError(key, params));
  }
}

export const importErrorKeys = Object.keys(ENGLISH);
