import { and, desc, eq, gte, like, lte, sql, type SQL } from 'drizzle-orm';
import type { AuditQuery } from '@shared/audit-api.ts';
import type { Db } from '../../core/db/connection.ts';
import { auditLog, users } from '../../core/db/schema.ts';

/** Reading the append-only log: filtered pages for the browser, every matching row for the export. */
export function createAuditQueryDal(db: Db) {
  const where = (q: Omit<AuditQuery, 'page' | 'pageSize'>): SQL | undefined => {
    const escaped = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
    return and(
      q.action ? sql`${auditLog.action} like ${`${escaped(q.action)}%`} escape '\\'` : undefined,
      q.entity ? eq(auditLog.entity, q.entity) : undefined,
      q.entityId ? eq(auditLog.entityId, q.entityId) : undefined,
      q.actor ? like(users.login, q.actor) : undefined,
      q.from !== undefined ? gte(auditLog.at, q.from) : undefined,
      q.to !== undefined ? lte(auditLog.at, q.to) : undefined,
    );
  };
  const base = (q: Omit<AuditQuery, 'page' | 'pageSize'>) =>
    db
      .select({
        id: auditLog.id,
        at: auditLog.at,
        actorUserId: auditLog.actorUserId,
        actorLogin: users.login,
        action: auditLog.action,
        entity: auditLog.entity,
        entityId: auditLog.entityId,
        details: auditLog.detailsJson,
      })
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.actorUserId))
      .where(where(q))
      .orderBy(desc(auditLog.id));
  return {
    page(q: AuditQuery) {
      const total = db.select({ n: sql<number>`count(*)` }).from(auditLog).leftJoin(users, eq(users.id, auditLog.actorUserId)).where(where(q)).get()?.n ?? 0;
      return { total, page: q.page, pageSize: q.pageSize, rows: base(q).limit(q.pageSize).offset((q.page - 1) * q.pageSize).all() };
    },
    /** Row by row from SQLite: an export of a whole season's log never sits in memory. */
    *iterate(q: Omit<AuditQuery, 'page' | 'pageSize'>) {
      const query = base(q).toSQL();
      // Raw rows come in the select's column order.
      for (const r of db.$client.prepare(query.sql).raw(true).iterate(...query.params) as Iterable<unknown[]>) {
        const [id, at, actorUserId, actorLogin, action, entity, entityId, details] = r;
        yield { id, at: at as number, actorUserId, actorLogin, action, entity, entityId, details };
      }
    },
  };
}
