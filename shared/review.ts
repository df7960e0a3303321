import { z } from 'zod';
import { levelSchema } from './domain.ts';

/** Review panel (综合评审) shapes: the panel hears the candidate in person, so it knows who they are. */

export const reviewPanelBodySchema = z.strictObject({
  sittingPartId: z.number().int().positive(),
  chairLogin: z.string().trim().min(1).max(64),
  memberLogins: z.array(z.string().trim().min(1).max(64)).min(1).max(9),
});
export type ReviewPanelBody = z.infer<typeof reviewPanelBodySchema>;

/** A review part's panel as set (admin only), by login like the body that sets it. */
export const reviewPanelSetupSchema = z.object({ panel: z.object({ chairLogin: z.string(), memberLogins: z.array(z.string()) }).nullable() });
export type ReviewPanelSetup = z.infer<typeof reviewPanelSetupSchema>;
export const reviewPanelQuerySchema = z.object({ sittingPartId: z.coerce.number().int().positive() });

export const reviewScoreBodySchema = z.strictObject({ score: z.number().finite().min(0).max(100).multipleOf(0.5) });

export const reviewParamsSchema = z.object({ panelId: z.coerce.number().int().positive(), candidateId: z.coerce.number().int().positive() });

export const reviewCandidateSchema = z.object({
  candidateId: z.number().int(),
  ticketNo: z.string(),
  name: z.string(),
  state: z.enum(['waiting', 'in_progress', 'ended', 'scored']),
  startedAt: z.number().nullable(),
  /** startedAt + the part's minutes: the panel's time limit, shown against the server clock. */
  plannedEnd: z.number().nullable(),
  myScore: z.number().nullable(),
  scoredBy: z.number().int(),
  finalScore: z.number().nullable(),
  passed: z.boolean().nullable(),
});

export const reviewBoardSchema = z.object({
  panelId: z.number().int(),
  sittingPartId: z.number().int(),
  sittingName: z.string(),
  level: levelSchema,
  durationMinutes: z.number().int(),
  passScore: z.number(),
  isChair: z.boolean(),
  isMember: z.boolean(),
  members: z.array(z.string()),
  serverTime: z.number(),
  candidates: z.array(reviewCandidateSchema),
});
export type ReviewBoard = z.infer<typeof reviewBoardSchema>;
