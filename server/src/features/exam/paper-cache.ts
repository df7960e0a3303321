import { z } from 'zod';
import type { Db } from '../../core/db/store.ts';
import { localCacheBus, type CacheBus } from '../../core/cache-bus.ts';
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

const TOPIC = 'exam.paper';
const isSkillsType = (type: string) => (skillsItemTypes as readonly string[]).includes(type);
export type LoadedPaper = { id: number; title: string; seed: string; multiRule: MultiRule; items: PaperItem[]; byId: Map<number, PaperItem> };

/**
 * Papers are fixed before a sitting starts, so they are read once and kept: a storm of
 * starts and saves then costs no paper queries. A key corrected (results) is announced on the
 * cache bus, so every node reads the paper again before it scores with it.
 */
export function createPaperCache(db: Db, owners: Pick<ExamOwners, 'papers'>, bus: CacheBus = localCacheBus()) {
  const cache = new Map<number, { paper: LoadedPaper; at: number }>();
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
  function invalidate(paperId: number) {
    cache.delete(paperId);
    loading.delete(paperId);
    generation.set(paperId, (generation.get(paperId) ?? 0) + 1);
  }
  /** Bumped when every paper may have changed (this node's Redis link was away). */
  let epoch = 0;
  bus.on(TOPIC, (paperId) => {
    if (paperId !== null) return invalidate(paperId);
    epoch++;
    for (const id of new Set([...cache.keys(), ...loading.keys()])) invalidate(id);
  });

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
      // Only while the bus may have missed a change is a paper's age looked at.
      const maxAge = bus.maxAgeMs();
      if (hit && (maxAge === Infinity || Date.now() - hit.at <= maxAge)) return hit.paper;
      const before = generation.get(paperId) ?? 0;
      const epochBefore = epoch;
      const loaded = tx ? await load(tx, paperId) : await shared(paperId);
      if (loaded && (generation.get(paperId) ?? 0) === before && epoch === epochBefore) cache.set(paperId, { paper: loaded, at: Date.now() });
      return loaded;
    },
    /** The paper changed (a key corrected): every node's copy is dropped, this one's at once. */
    changed(paperId: number) {
      bus.changed(TOPIC, paperId);
    },
  };
}
export type PaperCache = ReturnType<typeof createPaperCache>;
