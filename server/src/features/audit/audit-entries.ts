import { and, asc, like } from 'drizzle-orm';
import { tablesFor } from '../../core/db/owners.ts';
import type { Db } from '../../core/db/store.ts';

/** What another feature reads back of the audit log (the proctor console's action history). */
export function createAuditEntries(db: Db) {
  const { auditLog } = tablesFor(db, 'audit');
  return {
    /**
     * Entries whose action starts with `actionPrefix` and whose details name this sitting, oldest
     * first. No JSON function both stores share: the text match narrows to the sitting's entries (a
     * superset: sitting 1 also matches 12); the caller's parsed details decide.
     */
    async ofSitting(actionPrefix: string, sittingId: number) {
      return db
        .select()
        .from(auditLog)
        .where(and(like(auditLog.action, `${actionPrefix}%`), like(auditLog.detailsJson, `%"sittingId":${sittingId}%`)))
        .orderBy(asc(auditLog.at), asc(auditLog.id));
    },
  };
}
export type AuditEntries = ReturnType<typeof createAuditEntries>;
