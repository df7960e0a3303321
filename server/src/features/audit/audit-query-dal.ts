import { and, count, desc, eq, gte, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { AuditQuery } from '@shared/audit-api.ts';
import { tablesFor } from '../../core/db/owners.ts';
import type { Db } from '../../core/db/store.ts';
import type { AuditActors } from './ports.ts';

type Filter = Omit<AuditQuery, 'page' | 'pageSize'>;

/** Rows per query of the export: bounded memory however long the log, on either store. */
const EXPORT_PAGE = 1000;

/**
 * Reading the append-only log: filtered pages for the browser, every matching row for the export.
 * Actors are named through auth's port, once per page of rows.
 */
export function createAuditQueryDal(db: Db, actors: AuditActors) {
  const { auditLog } = tablesFor(db, 'audit');
  /** 'none': the filter names an actor no account has, so nothing matches. */
  const where = async (q: Filter): Promise<SQL | undefined | 'none'> => {
    const escaped = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
    const actorId = q.actor ? await actors.idOfLoginAnyCase(q.actor) : undefined;
    if (q.actor && actorId === undefined) return 'none';
    return and(
      q.action ? sql`${auditLog.action} like ${`${escaped(q.action)}%`} escape '\\'` : undefined,
      q.entity ? eq(auditLog.entity, q.entity) : undefined,
      q.entityId ? eq(auditLog.entityId, q.entityId) : undefined,
      actorId !== undefined ? eq(auditLog.actorUserId, actorId) : undefined,
      q.from !== undefined ? gte(auditLog.at, q.from) : undefined,
      q.to !== undefined ? lte(auditLog.at, q.to) : undefined,
    );
  };
  const columns = {
    id: auditLog.id,
    at: auditLog.at,
    actorUserId: auditLog.actorUserId,
    action: auditLog.action,
    entity: auditLog.entity,
    entityId: auditLog.entityId,
    details: auditLog.detailsJson,
  };
  const newestFirst = (filter: SQL | undefined) => db.select(columns).from(auditLog).where(filter).orderBy(desc(auditLog.id));
  type Row = Awaited<ReturnType<typeof newestFirst>>[number];
  const withActors = async (rows: Row[]) => {
    const people = new Map((await actors.byIds([...new Set(rows.flatMap((r) => (r.actorUserId === null ? [] : [r.actorUserId])))])).map((u) => [u.id, u]));
    return rows.map((r) => {
      const actor = r.actorUserId === null ? undefined : people.get(r.actorUserId);
      return { ...r, actorLogin: actor?.login ?? null, actorName: actor?.displayName ?? null };
    });
  };
  return {
    async page(q: AuditQuery) {
      const filter = await where(q);
      if (filter === 'none') return { total: 0, page: q.page, pageSize: q.pageSize, rows: [] };
      const [counted] = await db.select({ n: count() }).from(auditLog).where(filter);
      const page = await newestFirst(filter).limit(q.pageSize).offset((q.page - 1) * q.pageSize);
      return { total: counted?.n ?? 0, page: q.page, pageSize: q.pageSize, rows: await withActors(page) };
    },
    /**
     * Newest first, a page of rows at a time below the last id seen (keyset paging): no cursor or
     * transaction stays open while the client downloads, and rows appended meanwhile are not mixed in.
     */
    async *iterate(q: Filter) {
      const filter = await where(q);
      if (filter === 'none') return;
      let beforeId: number | undefined;
      for (;;) {
        const page = await newestFirst(and(filter, beforeId !== undefined ? lt(auditLog.id, beforeId) : undefined)).limit(EXPORT_PAGE);
        yield* await withActors(page);
        if (page.length < EXPORT_PAGE) return;
        beforeId = page.at(-1)!.id;
      }
    },
  };
}
