import { and, count, desc, eq, gte, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { AuditQuery } from '@shared/audit-api.ts';
import { tablesOf, type Db } from '../../core/db/store.ts';

type Filter = Omit<AuditQuery, 'page' | 'pageSize'>;

/** Rows per query of the export: bounded memory however long the log, on either store. */
const EXPORT_PAGE = 1000;

/** Reading the append-only log: filtered pages for the browser, every matching row for the export. */
export function createAuditQueryDal(db: Db) {
  const { auditLog, users } = tablesOf(db);
  const where = (q: Filter, beforeId?: number): SQL | undefined => {
    const escaped = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
    return and(
      q.action ? sql`${auditLog.action} like ${`${escaped(q.action)}%`} escape '\\'` : undefined,
      q.entity ? eq(auditLog.entity, q.entity) : undefined,
      q.entityId ? eq(auditLog.entityId, q.entityId) : undefined,
      // Logins are unique without regard to case (the users_login_nocase index serves this).
      q.actor ? eq(sql`lower(${users.login})`, q.actor.toLowerCase()) : undefined,
      q.from !== undefined ? gte(auditLog.at, q.from) : undefined,
      q.to !== undefined ? lte(auditLog.at, q.to) : undefined,
      beforeId !== undefined ? lt(auditLog.id, beforeId) : undefined,
    );
  };
  const rows = (q: Filter, beforeId?: number) =>
    db
      .select({
        id: auditLog.id,
        at: auditLog.at,
        actorUserId: auditLog.actorUserId,
        actorLogin: users.login,
        actorName: users.displayName,
        action: auditLog.action,
        entity: auditLog.entity,
        entityId: auditLog.entityId,
        details: auditLog.detailsJson,
      })
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.actorUserId))
      .where(where(q, beforeId))
      .orderBy(desc(auditLog.id));
  return {
    async page(q: AuditQuery) {
      const [counted] = await db.select({ n: count() }).from(auditLog).leftJoin(users, eq(users.id, auditLog.actorUserId)).where(where(q));
      const page = await rows(q).limit(q.pageSize).offset((q.page - 1) * q.pageSize);
      return { total: counted?.n ?? 0, page: q.page, pageSize: q.pageSize, rows: page };
    },
    /**
     * Newest first, a page of rows at a time below the last id seen (keyset paging): no cursor or
     * transaction stays open while the client downloads, and rows appended meanwhile are not mixed in.
     */
    async *iterate(q: Filter) {
      let beforeId: number | undefined;
      for (;;) {
        const page = await rows(q, beforeId).limit(EXPORT_PAGE);
        yield* page;
        if (page.length < EXPORT_PAGE) return;
        beforeId = page.at(-1)!.id;
      }
    },
  };
}
