import { z } from 'zod';
import { knowledgeAreaSchema } from './bank.ts';
import { itemTypeSchema, levelSchema, multiRuleSchema, partKindSchema } from './domain.ts';

/**
 * A paper's recipe for one level and part: how many items of each type (and, optionally, knowledge
 * area) at how many points each. Sections with an area are filled before the general ones.
 */
export const blueprintSectionSchema = z.strictObject({
  type: itemTypeSchema,
  area: knowledgeAreaSchema.optional(),
  count: z.number().int().min(1).max(500),
  points: z.number().positive().max(100),
});
export type BlueprintSection = z.infer<typeof blueprintSectionSchema>;

export const blueprintSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]{1,64}$/).optional(),
  title: z.string().trim().min(1).max(200).optional(),
  level: levelSchema,
  part: partKindSchema.default('theory'),
  multiRule: multiRuleSchema.default('all-or-nothing'),
  sections: z.array(blueprintSectionSchema).min(1).max(50),
});
export type Blueprint = z.input<typeof blueprintSchema>;
export type ParsedBlueprint = z.infer<typeof blueprintSchema>;
