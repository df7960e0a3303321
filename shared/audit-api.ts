import { z } from 'zod';

/** The audit log browser: filters, one page of entries, the CSV export. */
export const auditQuerySchema = z.object({
  action: z.string().trim().max(64).optional(),
  entity: z.string().trim().max(64).optional(),
  entityId: z.string().trim().max(64).optional(),
  actor: z.string().trim().max(64).optional(),
  from: z.coerce.number().int().nonnegative().optional(),
  to: z.coerce.number().int().nonnegative().optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

/** The export takes the filter and the language its header and sentences are written in. */
export const auditExportQuerySchema = auditQuerySchema.omit({ page: true, pageSize: true }).extend({ lang: z.enum(['zh-CN', 'en']).default('zh-CN') });

export const auditEntrySchema = z.object({
  id: z.number().int(),
  at: z.number(),
  actorUserId: z.number().int().nullable(),
  actorLogin: z.string().nullable(),
  /** The actor's display name; the page words the entry from these names, not from ids. */
  actorName: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  details: z.string(),
  /** What the entry is about, named by the server (wording: shared/wording/audit-log.ts). */
  subject: z.object({ entity: z.string(), name: z.string().nullable(), part: z.string().nullable().optional(), position: z.number().nullable().optional() }),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditPageSchema = z.object({ total: z.number().int(), page: z.number().int(), pageSize: z.number().int(), rows: z.array(auditEntrySchema) });
export type AuditPage = z.infer<typeof auditPageSchema>;
