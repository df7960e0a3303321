import { z } from 'zod';
import type { ExamDal, PaperItemRow } from './exam-dal.ts';
import { skillsItemTypes, type MultiRule } from '@shared/domain.ts';
import { skillsItemDetailSchema, type SkillsItemDetail } from '@shared/paper-item.ts';

const optionsSchema = z.array(z.object({ id: z.string(), text: z.string() }));
const keySchema = z.array(z.string());

export type PaperItem = Omit<PaperItemRow, 'optionsJson' | 'answerKeyJson' | 'detailJson'> & {
  options: { id: string; text: string }[];
  key: string[];
  /** Skills items: rubric, screenshot count, reference answer (graders only). Null for theory items. */
  detail: SkillsItemDetail | null;
};

const isSkillsType = (type: string) => (skillsItemTypes as readonly string[]).includes(type);
export type LoadedPaper = { id: number; title: string; seed: string; multiRule: MultiRule; items: PaperItem[]; byId: Map<number, PaperItem> };

/**
 * Papers are fixed before a sitting starts, so they are read once and kept: a storm of
 * starts and saves then costs no paper queries.
 */
export function createPaperCache(dal: ExamDal) {
  const cache = new Map<number, LoadedPaper>();
  return {
    get(paperId: number): LoadedPaper | undefined {
      const hit = cache.get(paperId);
      if (hit) return hit;
      const paper = dal.paper(paperId);
      if (!paper) return undefined;
      const items = dal.paperItems(paperId).map(({ optionsJson, answerKeyJson, detailJson, ...row }) => ({
        ...row,
        options: optionsSchema.parse(JSON.parse(optionsJson)),
        key: keySchema.parse(JSON.parse(answerKeyJson)),
        detail: isSkillsType(row.type) ? skillsItemDetailSchema.parse(JSON.parse(detailJson)) : null,
      }));
      const loaded = { id: paper.id, title: paper.title, seed: paper.seed, multiRule: paper.multiRule, items, byId: new Map(items.map((i) => [i.id, i])) };
      cache.set(paperId, loaded);
      return loaded;
    },
    invalidate(paperId: number) {
      cache.delete(paperId);
    },
  };
}
export type PaperCache = ReturnType<typeof createPaperCache>;
