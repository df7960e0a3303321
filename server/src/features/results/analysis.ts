import type { PartAnalysis } from '@shared/results.ts';
import type { Db } from '../../core/db/store.ts';
import { NotFoundError } from '../../core/errors.ts';
import { itemStatistics, scoreDistribution } from './item-stats.ts';
import type { ResultsPorts } from './ports.ts';

type StoredItemScore = { itemId: number; points: number; awarded: number; choices?: string[] | null };

/** Score distribution of a part and, for theory, item analysis from the stored per-item scores. */
export async function partAnalysis(db: Db, ports: ResultsPorts, sittingPartId: number): Promise<PartAnalysis> {
  const part = await ports.planning.part(sittingPartId);
  if (!part) throw new NotFoundError('No such part', { key: 'results.noPart' });
  const rows = (await ports.sessions.ofParts(db, [sittingPartId]))
    // A violation voids the part: it is not a measurement of the paper.
    .filter((r) => r.score !== null && r.endReason !== 'violation')
    .map((r) => ({ score: r.score!.score, detailJson: r.score!.detailJson }));
  const values = rows.map((r) => r.score);
  const base = {
    sittingPartId,
    kind: part.part,
    scored: rows.length,
    mean: values.length ? Math.round((values.reduce((s, x) => s + x, 0) / values.length) * 100) / 100 : null,
    distribution: scoreDistribution(values),
  };
  if (part.part !== 'theory' || part.paperId === null) return { ...base, items: [], kr20: null };
  const items = await ports.papers.itemsOf(db, part.paperId);
  const info = items.map((i) => ({ itemId: i.id, options: (JSON.parse(i.optionsJson) as { id: string }[]).map((o) => o.id) }));
  const scripts = rows.map((r) => ({
    responses: (JSON.parse(r.detailJson) as StoredItemScore[]).map((d) => ({ itemId: d.itemId, correct: d.awarded >= d.points && d.points > 0, choices: d.choices ?? null })),
  }));
  const stats = itemStatistics(info, scripts);
  return {
    ...base,
    kr20: stats.kr20,
    items: stats.items.map((s, i) => ({ ...s, position: items[i]!.position, type: items[i]!.type, key: JSON.parse(items[i]!.answerKeyJson) as string[] })),
  };
}
