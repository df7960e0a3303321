import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Screenshot } from '@shared/evidence.ts';
import type { Db } from '../../core/db/connection.ts';
import { screenshots } from '../../core/db/schema.ts';

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

/** All SQL about screenshot evidence. Removed screenshots keep their row (removedAt set) for the record. */
export function createEvidenceDal(db: Db) {
  const activeOfSession = db
    .select()
    .from(screenshots)
    .where(and(eq(screenshots.sessionId, sql.placeholder('sessionId')), isNull(screenshots.removedAt)))
    .orderBy(asc(screenshots.uploadedAt), asc(screenshots.id))
    .prepare();
  const countActive = db
    .select({ n: sql<number>`count(*)` })
    .from(screenshots)
    .where(and(eq(screenshots.sessionId, sql.placeholder('sessionId')), eq(screenshots.paperItemId, sql.placeholder('itemId')), isNull(screenshots.removedAt)))
    .prepare();
  const byId = db.select().from(screenshots).where(eq(screenshots.id, sql.placeholder('id'))).prepare();

  return {
    activeOf(sessionId: number): ScreenshotRow[] {
      return activeOfSession.all({ sessionId });
    },
    countActive(sessionId: number, itemId: number): number {
      return countActive.get({ sessionId, itemId })?.n ?? 0;
    },
    /** Tasks that hold at least one screenshot, per session: a practical task with screenshots is answered. */
    itemsWithScreenshots(sessionIds: readonly number[]): { sessionId: number; itemId: number }[] {
      if (sessionIds.length === 0) return [];
      return db
        .selectDistinct({ sessionId: screenshots.sessionId, itemId: screenshots.paperItemId })
        .from(screenshots)
        .where(and(inArray(screenshots.sessionId, [...sessionIds]), isNull(screenshots.removedAt)))
        .all();
    },
    byId(id: number): ScreenshotRow | undefined {
      return byId.get({ id });
    },
    insert(values: Omit<typeof screenshots.$inferInsert, 'id' | 'removedAt'>): ScreenshotRow {
      return db.insert(screenshots).values(values).returning().get();
    },
    markRemoved(id: number, at: number): boolean {
      return db.update(screenshots).set({ removedAt: at }).where(and(eq(screenshots.id, id), isNull(screenshots.removedAt))).run().changes === 1;
    },
    setCaption(id: number, caption: string | null): void {
      db.update(screenshots).set({ caption }).where(eq(screenshots.id, id)).run();
    },
  };
}
export type EvidenceDal = ReturnType<typeof createEvidenceDal>;

/** What the exam feature reads of a session's evidence (its page, the proctor's answered counts), handed to it at wiring. */
export function createScreenshotPort(db: Db) {
  const dal = createEvidenceDal(db);
  return {
    screenshotsOf: (sessionId: number): Screenshot[] => dal.activeOf(sessionId).map(toScreenshot),
    itemsWithScreenshots: (sessionIds: readonly number[]) => dal.itemsWithScreenshots(sessionIds),
  };
}
