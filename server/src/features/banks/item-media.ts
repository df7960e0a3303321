import { desc, eq } from 'drizzle-orm';
import { bankItemSchema, type Media } from '@shared/bank.ts';
import type { Db } from '../../core/db/store.ts';
import { tablesFor } from '../../core/db/owners.ts';

/**
 * The banks feature's port for images that item texts refer to as `media:<name>`: papers keep the
 * bank item's key, not its media, so the images come from the most recent import of that item.
 */
export type ItemMedia = { mediaOfItem(bankItemKey: string): Promise<readonly Media[]> };

const mediaOf = (json: string | undefined): readonly Media[] => {
  const parsed = json === undefined ? undefined : bankItemSchema.safeParse(JSON.parse(json));
  return parsed?.success ? (parsed.data.media ?? []) : [];
};

export function createItemMedia(db: Db): ItemMedia {
  const { bankItems } = tablesFor(db, 'banks');
  return {
    async mediaOfItem(bankItemKey) {
      const [row] = await db.select({ json: bankItems.itemJson }).from(bankItems).where(eq(bankItems.itemKey, bankItemKey)).orderBy(desc(bankItems.id)).limit(1);
      return mediaOf(row?.json);
    },
  };
}

