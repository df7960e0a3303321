import { z } from 'zod';
import { bankItemSchema, knowledgeAreaSchema } from './bank.ts';
import { blueprintSchema } from './blueprint.ts';
import { itemTypeSchema, levelSchema } from './domain.ts';
import { candidateItemSchema } from './events.ts';
import { messageParamsSchema, messageRefSchema } from './errors.ts';

/** HTTP shapes of the admin's question-bank pages. */

export const importFormatSchema = z.enum(['native', 'gift', 'aiken', 'moodle-xml', 'qti12', 'qti21', 'qti30', 'xlsx', 'csv']);
export type ImportFormat = z.infer<typeof importFormatSchema>;

const TYPE_CODES = /^\s*[0-9A-Za-z]{1,8}\s*[=:：]\s*[^,，;；=]{1,20}\s*(?:[,，;；]\s*[0-9A-Za-z]{1,8}\s*[=:：]\s*[^,，;；=]{1,20}\s*)*$/;

/** "0=单选,1=多选" to { "0": "单选", "1": "多选" }; the words are the type column's own vocabulary. */
export const typeCodesSchema = z
  .string()
  .max(400)
  .refine((s) => TYPE_CODES.test(s), { message: 'Type codes are code=type pairs, e.g. 0=单选,1=多选,2=判断', params: { key: 'bank.typeCodes' } })
  .transform((s) =>
    Object.fromEntries(
      s
        .split(/[,，;；]/)
        .filter((pair) => pair.trim())
        .map((pair) => pair.split(/[=:：]/).map((p) => p.trim()) as [string, string]),
    ),
  );

export const importQuerySchema = z.strictObject({
  fileName: z.string().trim().min(1).max(200),
  format: importFormatSchema.optional(),
  idPrefix: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,15}$/).default('IMP'),
  levels: z
    .string()
    .default('4,3')
    .transform((s, ctx) => {
      const levels = s.split(',').map((v) => levelSchema.safeParse(Number(v.trim())));
      if (levels.some((l) => !l.success)) ctx.addIssue({ code: 'custom', message: 'levels are 1-4, comma-separated', params: { key: 'bank.levelsList' } });
      return levels.flatMap((l) => (l.success ? [l.data] : []));
    }),
  area: knowledgeAreaSchema.default('network-basics'),
  difficulty: z.coerce.number().int().min(1).max(5).default(3),
  title: z.string().trim().min(1).max(200).optional(),
  /**
   * Numeric type codes of a spreadsheet's type column, "0=单选,1=多选,2=判断": exam systems number
   * their types differently, so codes are imported only with this mapping, never guessed.
   */
  typeCodes: typeCodesSchema.optional(),
});

export const importReportEntrySchema = z.object({
  index: z.number().int(),
  sourceRef: z.string().nullable(),
  itemId: z.string().nullable(),
  status: z.enum(['imported', 'warning', 'error']),
  /**
   * Each line a key under `importMessages.<key>` of the client's strings, with its values, worded
   * in the UI's language. Lines importers still write as English travel as `{ key: 'text', params: { text } }`.
   */
  messages: z.array(messageRefSchema),
});
export type ImportReportEntryDto = z.infer<typeof importReportEntrySchema>;

export const bankSummarySchema = z.object({
  id: z.number().int(),
  bankKey: z.string(),
  title: z.string(),
  version: z.number().int(),
  sourceFormat: z.string(),
  sourceName: z.string(),
  importedAt: z.number(),
  items: z.number().int(),
});
export type BankSummary = z.infer<typeof bankSummarySchema>;

export const importResponseSchema = z.object({
  format: importFormatSchema,
  bank: bankSummarySchema.nullable(),
  report: z.array(importReportEntrySchema),
});
export type ImportResponse = z.infer<typeof importResponseSchema>;

export const bankItemsQuerySchema = z.strictObject({
  q: z.string().trim().max(100).optional(),
  type: itemTypeSchema.optional(),
  area: knowledgeAreaSchema.optional(),
  level: z.coerce.number().pipe(levelSchema).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const bankItemRowSchema = z.object({
  id: z.number().int(),
  itemKey: z.string(),
  type: itemTypeSchema,
  area: z.string(),
  difficulty: z.number().int(),
  levels: z.array(levelSchema),
  stem: z.string(),
});
export type BankItemRow = z.infer<typeof bankItemRowSchema>;

export const bankItemsPageSchema = z.object({ total: z.number().int(), page: z.number().int(), pageSize: z.number().int(), items: z.array(bankItemRowSchema) });
export type BankItemsPage = z.infer<typeof bankItemsPageSchema>;

/** The admin sees the item with its key, and the preview exactly as a candidate would get it. */
export const bankItemDetailSchema = z.object({ item: bankItemSchema, preview: candidateItemSchema });
export type BankItemDetail = z.infer<typeof bankItemDetailSchema>;

export const bankItemParamsSchema = z.object({ id: z.coerce.number().int().positive(), itemId: z.coerce.number().int().positive() });

/** `sittingPartId`: check against that part too (part and level), with the assembly's own rule. */
export const blueprintCheckBodySchema = z.strictObject({ bankId: z.number().int().positive(), blueprint: blueprintSchema, sittingPartId: z.number().int().positive().optional() });
export const blueprintCheckSchema = z.object({
  problems: z.array(z.string()),
  /** The blueprint does not fit the chosen part (shared/blueprint.ts blueprintFitProblems), as message keys. */
  fit: z.array(z.object({ key: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) })).default([]),
  totalPoints: z.number(),
  itemCount: z.number().int(),
});
export type BlueprintCheck = z.infer<typeof blueprintCheckSchema>;

export const assembleBodySchema = z.strictObject({
  bankId: z.number().int().positive(),
  blueprint: blueprintSchema,
  seed: z.string().trim().min(1).max(64).optional(),
});
export const assembledPaperSchema = z.object({ paperId: z.number().int(), sittingPartId: z.number().int(), items: z.number().int(), seed: z.string() });
export type AssembledPaper = z.infer<typeof assembledPaperSchema>;

/** Where an import job is: reading the file, then items (documents of a package) done of total. */
export const importProgressSchema = z.object({ stage: z.enum(['queued', 'reading', 'items', 'saving']), done: z.number().int(), total: z.number().int() });
export type ImportProgressDto = z.infer<typeof importProgressSchema>;

/**
 * A bank import running in its worker thread, watched and cancelled from the banks page. A refused
 * file ends it `failed` with the keyed error (`errors.detail.bankImport.<key>`).
 */
export const importJobSchema = z.object({
  id: z.string(),
  fileName: z.string(),
  state: z.enum(['running', 'done', 'failed', 'cancelled']),
  startedAt: z.number(),
  progress: importProgressSchema,
  result: importResponseSchema.nullable(),
  error: z.object({ key: z.string(), params: messageParamsSchema.optional(), message: z.string(), issues: z.array(z.object({ path: z.string(), message: z.string() })).optional() }).nullable(),
});
export type ImportJob = z.infer<typeof importJobSchema>;
export const importJobParamsSchema = z.object({ jobId: z.string().uuid() });
