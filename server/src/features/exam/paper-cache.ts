import { z } from 'zod';
import type { Db } from '../../core/db/store.ts';
import type { ExamOwners, PaperItemRow } from './ports.ts';
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
export function createPaperCache(db: Db, owners: Pick<ExamOwners, 'papers'>) {
  const cache = new Map<number, LoadedPaper>();
  /** Loads through the root db, shared by whoever asks meanwhile (a start storm reads the paper once). */
  const loading = new Map<number, Promise<LoadedPaper | undefined>>();

  async function load(via: Db, paperId: number): Promise<LoadedPaper | undefined> {
    const contents = owners.papers(via);
    const paper = await contents.paper(paperId);
    if (!paper) return undefined;
    const items = (await contents.itemsOf(via, paperId)).map(({ optionsJson, answerKeyJson, detailJson, ...row }) => ({
      ...row,
      options: optionsSchema.parse(JSON.parse(optionsJson)),
      key: keySchema.parse(JSON.parse(answerKeyJson)),
      detail: isSkillsType(row.type) ? skillsItemDetailSchema.parse(JSON.parse(detailJson)) : null,
    }));
    return { id: paper.id, title: paper.title, seed: paper.seed, multiRule: paper.multiRule, items, byId: new Map(items.map((i) => [i.id, i])) };
  }

  /** Bumped by `invalidate`: a load that began before it is not kept (it may have read the old paper). */
  const generation = new Map<number, number>();

  function shared(paperId: number): Promise<LoadedPaper | undefined> {
    let pending = loading.get(paperId);
    if (!pending) {
      const mine = load(db, paperId).finally(() => {
        if (loading.get(paperId) === mine) loading.delete(paperId);
      });
      loading.set(paperId, mine);
      pending = mine;
    }
    return pending;
  }

  return {
    /** The paper; pass `tx` inside a transaction (its body must not wait for the root db). */
    async get(paperId: number, tx?: Db): Promise<LoadedPaper | undefined> {
      const hit = cache.get(paperId);
      if (hit) return hit;
      const before = generation.get(paperId) ?? 0;
      const loaded = tx ? await load(tx, paperId) : await shared(paperId);
      if (loaded && (generation.get(paperId) ?? 0) === before) cache.set(paperId, loaded);
      return loaded;
    },
    invalidate(paperId: number) {
      cache.delete(paperId);
      loading.delete(paperId);
      generation.set(paperId, (generation.get(paperId) ?? 0) + 1);
    },
  };
}
export type PaperCache = ReturnType<typeof createPaperCache>;
