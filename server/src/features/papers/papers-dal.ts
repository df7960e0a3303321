import type { Db } from '../../core/db/connection.ts';
import { paperItems, papers } from '../../core/db/schema.ts';
import type { MultiRule, PartKind } from '@shared/domain.ts';
import type { AssembledItem } from './assemble.ts';

export function insertPaper(
  db: Db,
  paper: { title: string; part: PartKind; multiRule: MultiRule; seed: string; createdAt: number },
  items: readonly AssembledItem[],
): number {
  return db.transaction((tx) => {
    const row = tx.insert(papers).values(paper).returning({ id: papers.id }).get();
    for (const item of items) {
      tx.insert(paperItems)
        .values({
          paperId: row.id,
          position: item.position,
          bankItemId: item.bankItemId,
          type: item.type,
          stem: item.stem,
          optionsJson: JSON.stringify(item.options),
          answerKeyJson: JSON.stringify(item.key),
          points: item.points,
          detailJson: JSON.stringify(item.detail ?? {}),
        })
        .run();
    }
    return row.id;
  });
}
