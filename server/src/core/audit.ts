import { sql } from 'drizzle-orm';
import type { Db as SyncDb } from './db/connection.ts';
import { auditLog as sqliteAuditLog } from './db/schema.ts';
import type { Db } from './db/store.ts';
import { tablesOf } from './db/store.ts';

/** One entry of the append-only audit log; every feature writes them, so the writer lives in core. */
export type AuditEntry = {
  at: number;
  actorUserId: number | null;
  action: string;
  entity: string;
  entityId?: string | number | null;
  details?: Record<string, unknown>;
};

export const auditRow = (entry: AuditEntry) => ({
  at: entry.at,
  actorUserId: entry.actorUserId,
  action: entry.action,
  entity: entry.entity,
  entityId: entry.entityId == null ? null : String(entry.entityId),
  detailsJson: JSON.stringify(entry.details ?? {}),
});

/**
 * The only way anything writes to the audit log, on either store. Pass the transaction (or the
 * group commit's tx) of the change being audited, so the entry commits with it or not at all.
 */
export async function appendAudit(db: Db, entry: AuditEntry): Promise<void> {
  const { auditLog } = tablesOf(db);
  await db.insert(auditLog).values(auditRow(entry));
}

/** The synchronous writer, for features not yet on the async data layer (deleted at the switch-over). */
export function appendAuditSync(db: Pick<SyncDb, 'insert'>, entry: AuditEntry): void {
  db.insert(sqliteAuditLog).values(auditRow(entry)).run();
}

/** The same as appendAuditSync with a prepared statement, for hot paths (every answer saved). */
export function createAuditWriterSync(db: SyncDb) {
  const insert = db
    .insert(sqliteAuditLog)
    .values({
      at: sql.placeholder('at'),
      actorUserId: sql.placeholder('actorUserId'),
      action: sql.placeholder('action'),
      entity: sql.placeholder('entity'),
      entityId: sql.placeholder('entityId'),
      detailsJson: sql.placeholder('detailsJson'),
    })
    .prepare();
  return (entry: AuditEntry): void => void insert.run(auditRow(entry));
}
