import { sql } from 'drizzle-orm';
import type { Db } from '../../core/db/connection.ts';
import { auditLog } from '../../core/db/schema.ts';
import { auditRow as toRow, type AuditEntry } from '../../core/audit.ts';

export type { AuditEntry };

/** The synchronous writer, for features not yet on the async data layer (then: core/audit.ts). */
export function appendAudit(db: Pick<Db, 'insert'>, entry: AuditEntry): void {
  db.insert(auditLog).values(toRow(entry)).run();
}

/** The same as appendAudit with a prepared statement, for hot paths (every answer saved). */
export function createAuditWriter(db: Db) {
  const insert = db
    .insert(auditLog)
    .values({
      at: sql.placeholder('at'),
      actorUserId: sql.placeholder('actorUserId'),
      action: sql.placeholder('action'),
      entity: sql.placeholder('entity'),
      entityId: sql.placeholder('entityId'),
      detailsJson: sql.placeholder('detailsJson'),
    })
    .prepare();
  return (entry: AuditEntry): void => void insert.run(toRow(entry));
}
