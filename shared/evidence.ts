import { z } from 'zod';

/** Screenshot evidence of practical tasks (skills part): what the candidate and staff see of it. */

export const screenshotMimeSchema = z.enum(['image/png', 'image/jpeg', 'image/webp']);
export const screenshotCaptionSchema = z.string().trim().max(200);

export const screenshotSchema = z.object({
  id: z.number().int().positive(),
  itemId: z.number().int().positive(),
  bytes: z.number().int(),
  mimeType: screenshotMimeSchema,
  width: z.number().int(),
  height: z.number().int(),
  caption: z.string().nullable(),
  uploadedAt: z.number(),
});
export type Screenshot = z.infer<typeof screenshotSchema>;

/** Shown to the candidate before any upload, enforced by the server. */
export const screenshotLimitsSchema = z.object({
  perTask: z.number().int(),
  maxBytes: z.number().int(),
  maxWidth: z.number().int(),
  maxHeight: z.number().int(),
  maxPixels: z.number().int(),
});
export type ScreenshotLimitsView = z.infer<typeof screenshotLimitsSchema>;

export const screenshotListSchema = z.object({ screenshots: z.array(screenshotSchema) });
export const captionBodySchema = z.strictObject({ caption: screenshotCaptionSchema.nullable() });

/** Screenshots are evidence of practical tasks; short answers are text only. */
export const acceptsEvidence = (itemType: string) => itemType === 'practical';

/** The visible part of a skills item: rubric criteria (text and points) and how many screenshots it asks for. */
export const candidateSkillsSchema = z.object({
  rubric: z.array(z.object({ id: z.string(), text: z.string(), points: z.number() })),
  screenshots: z.number().int(),
  acceptsEvidence: z.boolean(),
});
export type CandidateSkills = z.infer<typeof candidateSkillsSchema>;
