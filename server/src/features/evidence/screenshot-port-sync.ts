import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Screenshot } from '@shared/evidence.ts';
import type { Db as SyncDb } from '../../core/db/connection.ts';
import { screenshots } from '../../core/db/schema.ts';
import { toScreenshot } from './evidence-dal.ts';

/**
 * The synchronous twin of `createScreenshotPort`, for the exam feature while its session view and
 * the proctor's answered counts are still synchronous (issue #16: exam converts in step 4, when it
 * is wired with `createScreenshotPort(store.db)` and this file is deleted).
 */
export function createScreenshotPortSync(db: SyncDb) {
  // Prepared once, as before the conversion: every start and resume of a skills part reads it.
  const activeOfSession = db
    .select()
    .from(screenshots)
    .where(and(eq(screenshots.sessionId, sql.placeholder('sessionId')), isNull(screenshots.removedAt)))
    .orderBy(asc(screenshots.uploadedAt), asc(screenshots.id))
    .prepare();
  return {
    screenshotsOf: (sessionId: number): Screenshot[] => activeOfSession.all({ sessionId }).map(toScreenshot),
    itemsWithScreenshots: (sessionIds: readonly number[]): { sessionId: number; itemId: number }[] =>
      sessionIds.length === 0
        ? []
        : db
            .selectDistinct({ sessionId: screenshots.sessionId, itemId: screenshots.paperItemId })
            .from(screenshots)
            .where(and(inArray(screenshots.sessionId, [...sessionIds]), isNull(screenshots.removedAt)))
            .all(),
  };
}
