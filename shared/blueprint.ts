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

/** Why a blueprint does not fit a sitting's part, as message keys (errors.detail.paperFit.*); [] when it fits. */
export type FitProblem = { key: string; params: Record<string, string | number>; message: string };

/**
 * A blueprint fits a part when it is for that part (theory or skills) and the sitting's level. The
 * paper page offers only fitting blueprints, and the feasibility check and the assembly both apply
 * this same rule, so "可行" is never followed by a refusal of the assembly.
 */
export function blueprintFitProblems(blueprint: Pick<Blueprint, 'part' | 'level'>, part: { kind: 'theory' | 'skills' | 'review'; level: number }): FitProblem[] {
  const problems: FitProblem[] = [];
  const bpPart = blueprint.part ?? 'theory';
  if (part.kind === 'review') return [{ key: 'paperFit.reviewPart', params: {}, message: 'The review part has no paper: a panel scores it' }];
  if (bpPart !== part.kind) problems.push({ key: 'paperFit.part', params: { blueprint: bpPart, part: part.kind }, message: `The blueprint is for the ${bpPart} part, this is the ${part.kind} part` });
  if (blueprint.level !== part.level) problems.push({ key: 'paperFit.level', params: { blueprint: blueprint.level, part: part.level }, message: `The blueprint is for level ${blueprint.level}, the sitting is level ${part.level}` });
  return problems;
}
