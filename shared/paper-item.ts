import { z } from 'zod';

/** What a skills item carries on a paper besides its stem (paper_items.detail_json). */
export const rubricCriterionSchema = z.strictObject({
  id: z.string().min(1).max(16),
  text: z.string().min(1).max(1000),
  points: z.number().positive().max(100),
});
export type RubricCriterion = z.infer<typeof rubricCriterionSchema>;

export const skillsItemDetailSchema = z.strictObject({
  rubric: z.array(rubricCriterionSchema).min(1),
  /** Practical tasks: how many screenshots the task asks for (0 for short answers). */
  screenshots: z.number().int().min(0).max(20),
  /** For graders only; never sent to a candidate. */
  referenceAnswer: z.string().max(5000).optional(),
});
export type SkillsItemDetail = z.infer<typeof skillsItemDetailSchema>;
