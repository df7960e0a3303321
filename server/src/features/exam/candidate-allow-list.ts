import type { CandidateItem } from '@shared/events.ts';
import type { SkillsItemDetail } from '@shared/paper-item.ts';
import { acceptsEvidence } from '@shared/evidence.ts';

/** What the views read of a paper item (paper-cache.ts's PaperItem, and the tests' items). */
export type ItemLike = {
  id: number;
  type: CandidateItem['type'];
  stem: string;
  points: number;
  options: readonly { id: string; text: string }[];
  detail?: SkillsItemDetail | null;
};

/** Rubric criteria by text and points, field by field: the reference answer is never copied. */
export function candidateSkills(item: ItemLike): CandidateItem['skills'] {
  if (!item.detail) return undefined;
  return {
    rubric: item.detail.rubric.map((c) => ({ id: c.id, text: c.text, points: c.points })),
    screenshots: item.detail.screenshots,
    acceptsEvidence: acceptsEvidence(item.type),
  };
}
