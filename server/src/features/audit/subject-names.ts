import { eq, inArray } from 'drizzle-orm';
import type { AuditSubject } from '@shared/wording/audit-log.ts';
import { tablesOf, type Db } from '../../core/db/store.ts';

/** The part of an audit entry that names its subject. */
export type SubjectRef = { action: string; entity: string; entityId: string | null };

/**
 * Names the subjects of audit entries (a candidate's name for a session, a plan's title…) so the log
 * reads with names instead of ids. Handed to the audit feature at wiring: it only reads display names,
 * a page of entries at a time, never anything a feature decides with.
 */
export type SubjectNamer = (refs: readonly SubjectRef[]) => Promise<AuditSubject[]>;

const ids = (values: readonly string[]) => [...new Set(values.map(Number).filter((n) => Number.isInteger(n) && n > 0))];

export function createSubjectNamer(db: Db): SubjectNamer {
  const t = tablesOf(db);
  const by = <K extends string | number>(rows: readonly { k: K; name: string; part?: string | null; position?: number | null }[]) => new Map(rows.map((r) => [String(r.k), r]));

  const lookups: Record<string, (keys: string[]) => Promise<Map<string, { name: string; part?: string | null; position?: number | null }>>> = {
    user: async (keys) => by(await db.select({ k: t.users.id, name: t.users.displayName }).from(t.users).where(inArray(t.users.id, ids(keys)))),
    candidate: async (keys) => by(await db.select({ k: t.candidates.id, name: t.candidates.name }).from(t.candidates).where(inArray(t.candidates.id, ids(keys)))),
    ticket: async (keys) => by(await db.select({ k: t.candidates.ticketNo, name: t.candidates.name }).from(t.candidates).where(inArray(t.candidates.ticketNo, keys))),
    application: async (keys) =>
      by(await db.select({ k: t.applications.id, name: t.users.displayName }).from(t.applications).innerJoin(t.users, eq(t.users.id, t.applications.userId)).where(inArray(t.applications.id, ids(keys)))),
    exam_plan: async (keys) => by(await db.select({ k: t.examPlans.id, name: t.examPlans.title }).from(t.examPlans).where(inArray(t.examPlans.id, ids(keys)))),
    sitting: async (keys) => by(await db.select({ k: t.sittings.id, name: t.sittings.name }).from(t.sittings).where(inArray(t.sittings.id, ids(keys)))),
    sitting_part: async (keys) =>
      by(await db.select({ k: t.sittingParts.id, name: t.sittings.name, part: t.sittingParts.part }).from(t.sittingParts).innerJoin(t.sittings, eq(t.sittings.id, t.sittingParts.sittingId)).where(inArray(t.sittingParts.id, ids(keys)))),
    exam_session: async (keys) =>
      by(
        await db
          .select({ k: t.examSessions.id, name: t.candidates.name, part: t.sittingParts.part })
          .from(t.examSessions)
          .innerJoin(t.candidates, eq(t.candidates.id, t.examSessions.candidateId))
          .innerJoin(t.sittingParts, eq(t.sittingParts.id, t.examSessions.sittingPartId))
          .where(inArray(t.examSessions.id, ids(keys))),
      ),
    room: async (keys) => by(await db.select({ k: t.rooms.id, name: t.rooms.name }).from(t.rooms).where(inArray(t.rooms.id, ids(keys)))),
    bank: async (keys) => by(await db.select({ k: t.banks.id, name: t.banks.title }).from(t.banks).where(inArray(t.banks.id, ids(keys)))),
    paper_item: async (keys) => by((await db.select({ k: t.paperItems.id, position: t.paperItems.position }).from(t.paperItems).where(inArray(t.paperItems.id, ids(keys)))).map((r) => ({ ...r, name: '' }))),
  };

  /** Which lookup an entry's id belongs to: some entries name their subject by something else than its id. */
  const keyOf = (r: SubjectRef): { lookup: string | null; literal?: string } => {
    if (r.entityId === null) return { lookup: null };
    if (r.action === 'tickets.printed' && r.entity === 'candidate') return { lookup: 'ticket' };
    if (r.action === 'auth.login_failed') return { lookup: null, literal: r.entityId };
    // A proctor's action on a whole room names the room, not a row id.
    if (r.entity === 'room' && r.action.startsWith('proctor.')) return { lookup: null, literal: r.entityId };
    return { lookup: r.entity in lookups ? r.entity : null };
  };

  return async (refs) => {
    const wanted = new Map<string, Set<string>>();
    for (const r of refs) {
      const { lookup } = keyOf(r);
      if (lookup && r.entityId !== null) wanted.set(lookup, (wanted.get(lookup) ?? new Set()).add(r.entityId));
    }
    const found = new Map<string, Awaited<ReturnType<(typeof lookups)[string]>>>();
    for (const [lookup, keys] of wanted) found.set(lookup, await lookups[lookup]!([...keys]));
    return refs.map((r) => {
      const { lookup, literal } = keyOf(r);
      const hit = lookup && r.entityId !== null ? found.get(lookup)?.get(r.entityId) : undefined;
      return { entity: r.entity, name: literal ?? hit?.name ?? null, part: hit?.part ?? null, position: hit?.position ?? null };
    });
  };
}
