import { eq } from 'drizzle-orm';
import { forUpdate } from '../../core/db/dialect.ts';
import type { Db } from '../../core/db/store.ts';
import { tablesFor } from '../../core/db/owners.ts';
import type { sebSettings } from '../../core/db/pg-schema.ts';

export type SebSettingsRow = typeof sebSettings.$inferSelect;

/** The seb feature's one table: a row per sitting whose SEB settings were saved. */
export function createSebDal(db: Db) {
  const { sebSettings: t } = tablesFor(db, 'seb');
  return {
    async find(sittingId: number): Promise<SebSettingsRow | undefined> {
      const [row] = await db.select().from(t).where(eq(t.sittingId, sittingId));
      return row;
    },
    /** Locks the row (PostgreSQL) so two admins saving at once take turns and each audit names what it replaced. */
    async findForUpdate(sittingId: number): Promise<SebSettingsRow | undefined> {
      const [row] = await forUpdate(db, db.select().from(t).where(eq(t.sittingId, sittingId)));
      return row;
    },
    async save(row: SebSettingsRow): Promise<void> {
      const { sittingId: _key, ...values } = row;
      await db.insert(t).values(row).onConflictDoUpdate({ target: t.sittingId, set: values });
    },
  };
}
export type SebDal = ReturnType<typeof createSebDal>;
