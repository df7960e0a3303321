import { z } from 'zod';
import { itemTypeSchema } from './domain.ts';
import { rubricCriterionSchema } from './paper-item.ts';

/**
 * Grader API shapes. None of them carries a candidate's name, ticket number, ID number, user id or
 * session id: a script is addressed by its marking code and paper item.
 */

export const markKindSchema = z.enum(['first', 'second', 'arbitration']);
export type MarkKind = z.infer<typeof markKindSchema>;

export const scriptStateSchema = z.enum(['unmarked', 'awaiting_second', 'awaiting_arbitration', 'resolved']);
export type ScriptState = z.infer<typeof scriptStateSchema>;

export const markingCodeSchema = z.string().regex(/^[A-Z0-9]{4,12}$/);

export const scriptParamsSchema = z.object({ code: markingCodeSchema, itemId: z.coerce.number().int().positive() });
export const taskParamsSchema = z.object({ itemId: z.coerce.number().int().positive() });

export const gradingTaskSchema = z.object({
  paperItemId: z.number().int(),
  sittingName: z.string(),
  position: z.number().int(),
  type: itemTypeSchema,
  stem: z.string(),
  points: z.number(),
  doubleMarking: z.boolean(),
  thresholdPoints: z.number(),
  canArbitrate: z.boolean(),
  scripts: z.number().int(),
  resolved: z.number().int(),
  awaitingSecond: z.number().int(),
  awaitingArbitration: z.number().int(),
  markedByMe: z.number().int(),
  /** Scripts this grader could open now (not marked by them, a slot open, not claimed by another). */
  availableToMe: z.number().int(),
});
export type GradingTask = z.infer<typeof gradingTaskSchema>;

export const scriptSummarySchema = z.object({
  code: z.string(),
  paperItemId: z.number().int(),
  position: z.number().int(),
  state: scriptStateSchema,
  markedByMe: z.boolean(),
  claimedByOther: z.boolean(),
  /** This user may reopen a mark of this script now (their own before the task is settled; an admin any time). */
  canReopen: z.boolean(),
});
export type ScriptSummary = z.infer<typeof scriptSummarySchema>;

export const screenshotMetaSchema = z.object({
  id: z.number().int(),
  width: z.number().int(),
  height: z.number().int(),
  caption: z.string().nullable(),
});
export type ScreenshotMeta = z.infer<typeof screenshotMetaSchema>;

export const criterionMarkSchema = z.strictObject({
  id: z.string().min(1).max(16),
  awarded: z.number().finite().min(0).max(100),
  comment: z.string().trim().max(1000).optional(),
});
export type CriterionMark = z.infer<typeof criterionMarkSchema>;

/**
 * Why a criterion's score is not acceptable (0 to its points, steps of 0.5), as a message key with
 * its values; null when it is fine. The grader's page and the server use this one rule.
 */
export function criterionScoreProblem(points: number, awarded: number): { key: string; params: Record<string, number> } | null {
  const cents = (n: number) => Math.round(n * 100);
  if (!Number.isFinite(awarded) || awarded < 0) return { key: 'marking.negative', params: { max: points } };
  if (cents(awarded) > cents(points)) return { key: 'marking.outOfRange', params: { max: points, awarded } };
  if (cents(awarded) % 50 !== 0) return { key: 'marking.step', params: { max: points } };
  return null;
}

export const submitMarkBodySchema = z.strictObject({
  criteria: z.array(criterionMarkSchema).min(1).max(50),
  comment: z.string().trim().max(2000).optional(),
});
export type SubmitMarkBody = z.infer<typeof submitMarkBodySchema>;

export const priorMarkSchema = z.object({ kind: markKindSchema, total: z.number(), criteria: z.array(criterionMarkSchema), comment: z.string().nullable() });

export const scriptViewSchema = z.object({
  code: z.string(),
  paperItemId: z.number().int(),
  position: z.number().int(),
  type: itemTypeSchema,
  stem: z.string(),
  points: z.number(),
  rubric: z.array(rubricCriterionSchema),
  referenceAnswer: z.string().nullable(),
  requiredScreenshots: z.number().int(),
  answerText: z.string().nullable(),
  screenshots: z.array(screenshotMetaSchema),
  /** The slot this grader fills. */
  kind: markKindSchema,
  claimExpiresAt: z.number(),
  /** Only an arbitrator sees the two earlier marks. */
  priorMarks: z.array(priorMarkSchema),
});
export type ScriptView = z.infer<typeof scriptViewSchema>;

/** Taking back a submitted mark so the script can be marked again: always with a reason (audited). */
export const reopenMarkBodySchema = z.strictObject({
  reason: z.string().trim().min(2).max(500),
  /** Which mark (admins); a grader reopens their own. */
  kind: markKindSchema.optional(),
});
export type ReopenMarkBody = z.infer<typeof reopenMarkBodySchema>;

export const markResultSchema = z.object({ state: scriptStateSchema, score: z.number().nullable() });
export type MarkResult = z.infer<typeof markResultSchema>;

export const gradingTaskSettingsBodySchema = z.strictObject({
  doubleMarking: z.boolean(),
  thresholdPoints: z.number().positive().max(100).nullable(),
  arbitratorLogin: z.string().trim().min(1).max(64).nullable(),
  /** Graders who alone may mark the task ([] = every grader); omitted = left as it is. */
  graderUserIds: z.array(z.number().int().positive()).max(50).optional(),
});
export type GradingTaskSettingsBody = z.infer<typeof gradingTaskSettingsBodySchema>;

/** A skills task of a sitting as the exam office staffs it (admin only: it names graders). */
export const staffedTaskSchema = z.object({
  paperItemId: z.number().int(),
  position: z.number().int(),
  type: itemTypeSchema,
  stem: z.string(),
  points: z.number(),
  doubleMarking: z.boolean(),
  /** As set; null = the default (15% of the points), shown as defaultThreshold. */
  thresholdPoints: z.number().nullable(),
  defaultThreshold: z.number(),
  arbitratorLogin: z.string().nullable(),
  graderUserIds: z.array(z.number().int()),
  /** Marks given so far: once any exists, single/double marking is fixed. */
  marks: z.number().int(),
});
export type StaffedTask = z.infer<typeof staffedTaskSchema>;

export const sittingGradingSchema = z.object({ sittingId: z.number().int(), skillsPartId: z.number().int().nullable(), tasks: z.array(staffedTaskSchema) });
export type SittingGrading = z.infer<typeof sittingGradingSchema>;
