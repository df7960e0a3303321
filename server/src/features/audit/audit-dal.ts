import { sql } from 'drizzle-orm';
import type { Db } from '../../core/db/connection.ts';
import { auditLog } from '../../core/db/schema.ts';

export type AuditEntry = {
  at: number;
  actorUserId: number | null;
  action: string;
  entity: string;
  entityId?: string | number | null;
  details?: Record<string, unknown>;
};

const toRow = (entry: AuditEntry) => ({
  at: entry.at,
  actorUserId: entry.actorUserId,
  action: entry.action,
  entity: entry.entity,
  entityId: entry.entityId == null ? null : String(entry.entityId),
  detailsJson: JSON.stringify(entry.details ?? {}),
});

/** The only way anything writes to the append-only audit log. */
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
