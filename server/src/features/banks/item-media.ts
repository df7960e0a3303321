import { desc, eq, sql } from 'drizzle-orm';
import { bankItemSchema, type Media } from '@shared/bank.ts';
import type { Db } from '../../core/db/connection.ts';
import { bankItems } from '../../core/db/schema.ts';

/**
 * The banks feature's port for images that item texts refer to as `media:<name>`: papers keep the
 * bank item's key, not its media, so the images come from the most recent import of that item.
 */
export type ItemMedia = { mediaOfItem(bankItemKey: string): readonly Media[] };

export function createItemMedia(db: Db): ItemMedia {
  const latestItem = db
    .select({ json: bankItems.itemJson })
    .from(bankItems)
    .where(eq(bankItems.itemKey, sql.placeholder('key')))
    .orderBy(desc(bankItems.id))
    .limit(1)
    .prepare();
  return {
    mediaOfItem(bankItemKey) {
      const row = latestItem.get({ key: bankItemKey });
      const parsed = row ? bankItemSchema.safeParse(JSON.parse(row.json)) : undefined;
      return parsed?.success ? (parsed.data.media ?? []) : [];
    },
  };
}
