import { z } from 'zod';

/** Facts of the certification that every layer agrees on (see ../shared/docs/domain.md). */
export const OCCUPATION_CODE = '4-04-04-02';

/** applicant: a registration (报名) account; the exam-day login is a separate candidate user made on approval. */
export const roleSchema = z.enum(['candidate', 'proctor', 'grader', 'admin', 'applicant']);
export type Role = z.infer<typeof roleSchema>;
export const staffRoles = ['proctor', 'grader', 'admin'] as const satisfies readonly Role[];

export const levelSchema = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);
export type Level = z.infer<typeof levelSchema>;

export const partKindSchema = z.enum(['theory', 'skills', 'review']);
export type PartKind = z.infer<typeof partKindSchema>;

/** Default part settings; per-sitting values live in the database and may be edited. */
export const PART_DEFAULTS: Record<PartKind, { durationMinutes: number; passScore: number }> = {
  theory: { durationMinutes: 90, passScore: 60 },
  skills: { durationMinutes: 120, passScore: 60 },
  review: { durationMinutes: 20, passScore: 60 },
};

/** Levels 2 and 1 add the review (综合评审) to theory and skills. */
export function requiredParts(level: Level): PartKind[] {
  return level <= 2 ? ['theory', 'skills', 'review'] : ['theory', 'skills'];
}

export const itemTypeSchema = z.enum(['single', 'multi', 'truefalse', 'short-answer', 'practical']);
export type ItemType = z.infer<typeof itemTypeSchema>;
export const theoryItemTypes = ['single', 'multi', 'truefalse'] as const satisfies readonly ItemType[];
export const skillsItemTypes = ['short-answer', 'practical'] as const satisfies readonly ItemType[];

/** How a multiple-choice item is scored, chosen per paper. */
export const multiRuleSchema = z.enum(['all-or-nothing', 'partial']);
export type MultiRule = z.infer<typeof multiRuleSchema>;

export const sessionStatusSchema = z.enum(['not_started', 'in_progress', 'ended']);
export type SessionStatus = z.infer<typeof sessionStatusSchema>;

/**
 * submitted by the candidate; deadline reached; force_submitted by a proctor; violation (违纪:
 * ended by a proctor, the part counts as failed); absent (缺考: never started).
 */
export const endReasonSchema = z.enum(['submitted', 'deadline', 'force_submitted', 'violation', 'absent']);
export type EndReason = z.infer<typeof endReasonSchema>;
