import { eq } from 'drizzle-orm';
import type { Db } from '../../core/db/connection.ts';
import { sebSettings } from '../../core/db/schema.ts';

export type SebSettingsRow = typeof sebSettings.$inferSelect;

/** The seb feature's one table: a row per sitting whose SEB settings were saved. */
export function createSebDal(db: Db) {
  return {
    find(sittingId: number, tx: Pick<Db, 'select'> = db): SebSettingsRow | undefined {
      return tx.select().from(sebSettings).where(eq(sebSettings.sittingId, sittingId)).get();
    },
    save(row: SebSettingsRow, tx: Pick<Db, 'insert'> = db): void {
      const { sittingId: _key, ...values } = row;
      tx.insert(sebSettings).values(row).onConflictDoUpdate({ target: sebSettings.sittingId, set: values }).run();
    },
  };
}
export type SebDal = ReturnType<typeof createSebDal>;
