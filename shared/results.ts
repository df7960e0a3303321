import { z } from 'zod';
import { levelSchema } from './domain.ts';

/** Per-candidate results of a sitting (admin), and what the exam centre reports to the registry. */

export const partOutcomeSchema = z.enum(['passed', 'failed', 'absent', 'violation', 'pending']);
export type PartOutcomeValue = z.infer<typeof partOutcomeSchema>;
export const candidateResultSchema = z.enum(['certified', 'not_certified', 'absent', 'violation', 'pending']);
export type CandidateResultValue = z.infer<typeof candidateResultSchema>;

export const partCellSchema = z.object({ outcome: partOutcomeSchema, score: z.number().nullable() });
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
