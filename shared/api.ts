import { z } from 'zod';
import { levelSchema, partKindSchema, roleSchema, sessionStatusSchema, endReasonSchema } from './domain.ts';
import { examRulesSchema } from './proctor.ts';

/** HTTP bodies. Every route validates against these; the client infers its types from them. */

const trimmed = (max: number) => z.string().trim().min(1).max(max);

export const candidateLoginBodySchema = z.strictObject({
  ticketNo: trimmed(32),
  password: z.string().min(1).max(128),
});
export type CandidateLoginBody = z.infer<typeof candidateLoginBodySchema>;

export const staffLoginBodySchema = z.strictObject({
  username: trimmed(64),
  password: z.string().min(1).max(128),
});
export type StaffLoginBody = z.infer<typeof staffLoginBodySchema>;

export const meSchema = z.object({
  userId: z.number().int(),
  role: roleSchema,
  displayName: z.string(),
  ticketNo: z.string().nullable(),
});
export type Me = z.infer<typeof meSchema>;

/** `error` (HTTP 503): the database cannot take writes or its schema is not this code's; `warning`: little disk left. */
export const healthSchema = z.object({
  status: z.enum(['ok', 'warning', 'error']),
  version: z.string(),
  uptimeSeconds: z.number(),
  serverTime: z.number(),
  database: z.enum(['ok', 'error']),
  /** Cluster mode only: live fan-out between nodes and shared login limits; `down` degrades, never fails. */
  redis: z.enum(['ok', 'down']).optional(),
  checks: z.object({
    database: z.object({ ok: z.boolean(), writable: z.boolean(), error: z.string().optional() }),
    migrations: z.object({ ok: z.boolean(), applied: z.number().int(), known: z.number().int(), latest: z.string().nullable() }),
    disk: z.object({ ok: z.boolean(), freeBytes: z.number(), totalBytes: z.number() }),
    eventLoop: z.object({ ok: z.boolean(), meanMs: z.number(), p99Ms: z.number(), maxMs: z.number() }),
  }),
});

export const partOverviewSchema = z.object({
  sittingPartId: z.number().int(),
  kind: partKindSchema,
  durationMinutes: z.number().int(),
  /** Extra time planned for this candidate (an accommodation), added to the duration when the part starts. */
  plannedExtraMinutes: z.number().int().optional(),
  passScore: z.number(),
  itemCount: z.number().int(),
  session: z
    .object({
      id: z.number().int(),
      status: sessionStatusSchema,
      deadline: z.number().nullable(),
      endedAt: z.number().nullable(),
      endReason: endReasonSchema.nullable(),
    })
    .nullable(),
  /** Present only once results are released for this part. */
  result: z.object({ score: z.number(), passed: z.boolean() }).nullable(),
});
export type PartOverview = z.infer<typeof partOverviewSchema>;

export const candidateOverviewSchema = z.object({
  candidate: z.object({ name: z.string(), ticketNo: z.string(), room: z.string(), seat: z.string() }),
  sitting: z.object({
    id: z.number().int(),
    name: z.string(),
    level: levelSchema,
    occupationCode: z.string(),
    occupationName: z.string(),
    startsAt: z.number(),
    /** What the 考生须知 page states and the exam page follows. */
    rules: examRulesSchema,
  }),
  parts: z.array(partOverviewSchema),
  /** Safe Exam Browser (#17): whether the sitting requires it, and the address that ends SEB after submission. */
  seb: z.object({ required: z.boolean(), quitUrl: z.string().nullable() }).optional(),
});
export type CandidateOverview = z.infer<typeof candidateOverviewSchema>;

export const idParamsSchema = z.object({ id: z.coerce.number().int().positive() });

export const sittingPartSummarySchema = z.object({
  sittingPartId: z.number().int(),
  sittingId: z.number().int(),
  sittingName: z.string(),
  level: levelSchema,
  kind: partKindSchema,
  durationMinutes: z.number().int(),
  passScore: z.number(),
  releasedAt: z.number().nullable(),
  candidates: z.number().int(),
  ended: z.number().int(),
  passed: z.number().int(),
});
export type SittingPartSummary = z.infer<typeof sittingPartSummarySchema>;

export const partResultRowSchema = z.object({
  ticketNo: z.string(),
  name: z.string(),
  status: sessionStatusSchema,
  endReason: endReasonSchema.nullable(),
  score: z.number().nullable(),
  passed: z.boolean().nullable(),
});
export type PartResultRow = z.infer<typeof partResultRowSchema>;
