import type { MultiRule, PartKind } from '@shared/domain.ts';
import type { Db } from '../../core/db/store.ts';
import { tablesFor } from '../../core/db/owners.ts';
import type { AssembledItem } from './assemble.ts';

/** Rows per insert statement: well inside both stores' limits on bound parameters. */
const CHUNK = 200;

/** Writes a paper and its items; pass a transaction, so a paper is never half written. */
export async function insertPaper(
  tx: Db,
  paper: { title: string; part: PartKind; multiRule: MultiRule; seed: string; createdAt: number },
  items: readonly AssembledItem[],
): Promise<number> {
  const { papers, paperItems } = tablesFor(tx, 'papers');
  const [row] = await tx.insert(papers).values(paper).returning({ id: papers.id });
  const paperId = row!.id;
  const rows = items.map((item) => ({
    paperId,
    position: item.position,
    bankItemId: item.bankItemId,
    type: item.type,
    stem: item.stem,
    optionsJson: JSON.stringify(item.options),
    answerKeyJson: JSON.stringify(item.key),
    points: item.points,
    detailJson: JSON.stringify(item.detail ?? {}),
  }));
  for (let i = 0; i < rows.length; i += CHUNK) await tx.insert(paperItems).values(rows.slice(i, i + CHUNK));
  return paperId;
}
