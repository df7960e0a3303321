import { and, asc, count, eq, isNull } from 'drizzle-orm';
import type { Screenshot } from '@shared/evidence.ts';
import { tablesFor } from '../../core/db/owners.ts';
import type { Db } from '../../core/db/store.ts';
import type { screenshots } from '../../core/db/pg-schema.ts';
import { idIn } from '../../core/db/dialect.ts';

export type ScreenshotRow = typeof screenshots.$inferSelect;

export const toScreenshot = (r: ScreenshotRow): Screenshot => ({
  id: r.id,
  itemId: r.paperItemId,
  bytes: r.bytes,
  mimeType: r.mimeType,
  width: r.width,
  height: r.height,
  caption: r.caption,
  uploadedAt: r.uploadedAt,
});

/**
 * All SQL about screenshot evidence, on the async data layer (docs/cluster.md §1). Removed
 * screenshots keep their row (removedAt set) for the record. The session's lock is exam's
 * (`EvidenceSessions.lockSession`, taking the transaction).
 */
export function createEvidenceDal(db: Db) {
  const { screenshots } = tablesFor(db, 'evidence');
  const active = (sessionId: number) => and(eq(screenshots.sessionId, sessionId), isNull(screenshots.removedAt));
  return {
    async activeOf(sessionId: number): Promise<ScreenshotRow[]> {
      return db.select().from(screenshots).where(active(sessionId)).orderBy(asc(screenshots.uploadedAt), asc(screenshots.id));
    },
    async countActive(sessionId: number, itemId: number): Promise<number> {
      const [row] = await db.select({ n: count() }).from(screenshots).where(and(active(sessionId), eq(screenshots.paperItemId, itemId)));
      return row?.n ?? 0;
    },
    /** The task's screenshot with these exact bytes, if it is kept: a retried upload is the same screenshot. */
    async sameImage(sessionId: number, itemId: number, sha256: string): Promise<ScreenshotRow | undefined> {
      const [row] = await db
        .select()
        .from(screenshots)
        .where(and(active(sessionId), eq(screenshots.paperItemId, itemId), eq(screenshots.sha256, sha256)))
        .orderBy(asc(screenshots.id))
        .limit(1);
      return row;
    },
    /** Tasks that hold at least one screenshot, per session: a practical task with screenshots is answered. */
    async itemsWithScreenshots(sessionIds: readonly number[]): Promise<{ sessionId: number; itemId: number }[]> {
      if (sessionIds.length === 0) return [];
      return db
        .selectDistinct({ sessionId: screenshots.sessionId, itemId: screenshots.paperItemId })
        .from(screenshots)
        .where(and(idIn(db, screenshots.sessionId, sessionIds), isNull(screenshots.removedAt)));
    },
    async byId(id: number): Promise<ScreenshotRow | undefined> {
      const [row] = await db.select().from(screenshots).where(eq(screenshots.id, id));
      return row;
    },
    async insert(values: Omit<typeof screenshots.$inferInsert, 'id' | 'removedAt'>): Promise<ScreenshotRow> {
      const [row] = await db.insert(screenshots).values(values).returning();
      return row!;
    },
    async markRemoved(id: number, at: number): Promise<boolean> {
      return (await db.update(screenshots).set({ removedAt: at }).where(and(eq(screenshots.id, id), isNull(screenshots.removedAt)))).rowCount === 1;
    },
    /** false when the screenshot was removed meanwhile. */
    async setCaption(id: number, caption: string | null): Promise<boolean> {
      return (await db.update(screenshots).set({ caption }).where(and(eq(screenshots.id, id), isNull(screenshots.removedAt)))).rowCount === 1;
    },
  };
}
export type EvidenceDal = ReturnType<typeof createEvidenceDal>;

/** What the exam feature reads of a session's evidence (its page, the proctor's answered counts), handed to it at wiring. */
export function createScreenshotPort(db: Db) {
  const dal = createEvidenceDal(db);
  return {
    screenshotsOf: async (sessionId: number): Promise<Screenshot[]> => (await dal.activeOf(sessionId)).map(toScreenshot),
    itemsWithScreenshots: (sessionIds: readonly number[]) => dal.itemsWithScreenshots(sessionIds),
  };
}
