import { z } from 'zod';
import { levelSchema } from './domain.ts';

/** Per-candidate results of a sitting (admin), and what the exam centre reports to the registry. */

/** not_started / in_progress: the part is still open (shared/part-window.ts); absent only after it. */
export const partOutcomeSchema = z.enum(['passed', 'failed', 'absent', 'violation', 'pending', 'not_started', 'in_progress']);
export type PartOutcomeValue = z.infer<typeof partOutcomeSchema>;
export const candidateResultSchema = z.enum(['certified', 'not_certified', 'absent', 'violation', 'pending']);
export type CandidateResultValue = z.infer<typeof candidateResultSchema>;

export const partCellSchema = z.object({
  outcome: partOutcomeSchema,
  score: z.number().nullable(),
  /** A proctor accepted answers made offline before the deadline (late sync) into this part. */
  lateSync: z.boolean().optional(),
  /** Extra time in the part's deadline, minutes: planned ahead (accommodation) and given by proctors (incident). */
  extraTime: z.object({ planned: z.number().int(), incident: z.number().int() }).optional(),
});
export type PartCell = z.infer<typeof partCellSchema>;

export const sittingResultRowSchema = z.object({
  ticketNo: z.string(),
  name: z.string(),
  idNumber: z.string().nullable(),
  theory: partCellSchema,
  skills: partCellSchema,
  /** Levels 2 and 1 only. */
  review: partCellSchema.nullable(),
  result: candidateResultSchema,
});
export type SittingResultRow = z.infer<typeof sittingResultRowSchema>;

export const sittingResultsSchema = z.object({
  sittingId: z.number().int(),
  sittingName: z.string(),
  level: levelSchema,
  occupationCode: z.string(),
  releasedAt: z.number().nullable(),
  /** Skills scripts of ended sessions still to be graded (the skills part has no score yet). */
  pendingGrading: z.number().int(),
  rows: z.array(sittingResultRowSchema),
});
export type SittingResults = z.infer<typeof sittingResultsSchema>;

export const itemAnalysisSchema = z.object({
  itemId: z.number().int(),
  position: z.number().int(),
  type: z.string(),
  key: z.array(z.string()),
  p: z.number(),
  pointBiserial: z.number().nullable(),
  discrimination: z.number().nullable(),
  optionCounts: z.record(z.string(), z.number().int()),
  blank: z.number().int(),
});

export const partAnalysisSchema = z.object({
  sittingPartId: z.number().int(),
  kind: z.enum(['theory', 'skills', 'review']),
  scored: z.number().int(),
  mean: z.number().nullable(),
  /** Counts of scores in [0,10), [10,20) … [90,100]. */
  distribution: z.array(z.number().int()),
  /** Theory only: classical item analysis and the paper's reliability. */
  items: z.array(itemAnalysisSchema),
  kr20: z.number().nullable(),
});
export type PartAnalysis = z.infer<typeof partAnalysisSchema>;

export const correctKeyBodySchema = z.strictObject({ key: z.array(z.string().min(1).max(16)).min(1).max(10) });
export const regradeResultSchema = z.object({ rescored: z.number().int(), changed: z.number().int() });
