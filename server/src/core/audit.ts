import { sql } from 'drizzle-orm';
import { multiRowInsert } from './db/multi-row-insert.ts';
import { prepared } from './db/prepared.ts';
import { tablesOf, type Db } from './db/store.ts';

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

/**
 * The same entry through a statement prepared once per handle (core/db/prepared.ts): for the hot
 * paths (every answer saved, every start and end), where building the SQL text costs more than
 * SQLite takes to run it.
 */
export async function appendAuditPrepared(db: Db, entry: AuditEntry): Promise<void> {
  await insertAudit(db).execute(auditRow(entry));
}

const insertAudit = prepared('core.audit', (db, name) => {
  const { auditLog } = tablesOf(db);
  const p = sql.placeholder;
  return db
    .insert(auditLog)
    .values({ at: p('at'), actorUserId: p('actorUserId'), action: p('action'), entity: p('entity'), entityId: p('entityId'), detailsJson: p('detailsJson') })
    .prepare(name);
});

const insertAuditRows = multiRowInsert('audit.append', 'auditLog', ['at', 'actorUserId', 'action', 'entity', 'entityId', 'detailsJson']);

/**
 * Many entries in a few multi-row inserts, in the order given (ids grow in that order), inside the
 * caller's transaction: what a group commit's batch of answer saves appends at once.
 */
export async function appendAudits(db: Db, entries: readonly AuditEntry[]): Promise<void> {
  await insertAuditRows(db, entries.map(auditRow));
}
