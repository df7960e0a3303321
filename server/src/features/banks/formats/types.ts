import type { MessageRef } from '@shared/errors.ts';
import type { BankItem, KnowledgeArea } from '@shared/bank.ts';
import type { Level } from '@shared/domain.ts';

/** Foreign formats a bank can be imported from (and, for some, exported to). */
export type ForeignFormat = 'gift' | 'aiken' | 'moodle-xml' | 'qti12' | 'qti21' | 'qti30' | 'xlsx' | 'csv';

/**
 * A report line the client words in the UI language: `key` under importMessages.* of the string
 * tables, with its params. Never English text: the report is read on zh-CN screens.
 */
export type ImportMessage = MessageRef;

/** One line of the import report per source item: nothing is ever dropped silently. */
export type ImportReportEntry = {
  /** 1-based position of the item in the source (question number, row number…). */
  index: number;
  /** The source's own identifier or name, when it has one. */
  sourceRef: string | null;
  /** The native id given to the item; null when the item could not be imported. */
  itemId: string | null;
  status: 'imported' | 'warning' | 'error';
  messages: ImportMessage[];
};

export type ImportResult = { format: ForeignFormat; items: BankItem[]; report: ImportReportEntry[] };

/**
 * Foreign formats do not know our levels, areas or difficulties: these fill the gaps, and every
 * filled gap is a warning in the report. Category names that match a knowledge area (its key, or
 * its Chinese or English name) set the area.
 */
export type ImportOptions = {
  fileName: string;
  idPrefix: string;
  levels: Level[];
  area: KnowledgeArea;
  difficulty: number;
  /**
   * What numeric type codes in a spreadsheet's type column mean ("0" -> single…), given by the
   * person importing: codes differ between exam systems, so they are never guessed.
   */
  typeCodes?: Record<string, string>;
};

/**
 * The other files of the IMS package a document came in, by a path relative to the document
 * (undefined when absent): the images its HTML shows.
 */
export type PackageFiles = (href: string) => Buffer | undefined;

export type Importer = {
  format: ForeignFormat;
  /** Whether the content looks like this format (used when no --format is given). */
  detect(content: Buffer, fileName: string): boolean;
  /** `files` is given for a document of a content package. */
  import(content: Buffer, options: ImportOptions, files?: PackageFiles): ImportResult | Promise<ImportResult>;
};
