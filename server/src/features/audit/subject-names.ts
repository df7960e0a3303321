import type { AuditSubject } from '@shared/wording/audit-log.ts';
import type { SubjectSources } from './ports.ts';

/** The part of an audit entry that names its subject. */
export type SubjectRef = { action: string; entity: string; entityId: string | null };

/**
 * Names the subjects of audit entries (a candidate's name for a session, a plan's title…) so the log
 * reads with names instead of ids. Handed to the audit feature at wiring: it only reads display names,
 * a page of entries at a time, never anything a feature decides with.
 */
export type SubjectNamer = (refs: readonly SubjectRef[]) => Promise<AuditSubject[]>;

const ids = (values: readonly string[]) => [...new Set(values.map(Number).filter((n) => Number.isInteger(n) && n > 0))];

type Named = { name: string; part?: string | null; position?: number | null };

/** Names the subjects of a page of entries through the owners' ports: one call per kind (and per link of a chain) per page. */
export function createSubjectNamer(src: SubjectSources): SubjectNamer {
  const by = <T,>(rows: readonly T[], key: (r: T) => string | number, named: (r: T) => Named) => new Map(rows.map((r) => [String(key(r)), named(r)]));
  const parts = async (partIds: readonly number[]) => new Map((await src.planning.parts(partIds)).map((p) => [p.id, p]));

  const lookups: Record<string, (keys: string[]) => Promise<Map<string, Named>>> = {
    user: async (keys) => by(await src.users.byIds(ids(keys)), (r) => r.id, (r) => ({ name: r.displayName })),
    candidate: async (keys) => by(await src.candidates.byIds(ids(keys)), (r) => r.id, (r) => ({ name: r.name })),
    ticket: async (keys) => by(await src.candidates.byTicketNos(keys), (r) => r.ticketNo, (r) => ({ name: r.name })),
    application: async (keys) => {
      const applications = await src.applications.byIds(ids(keys));
      const names = new Map((await src.users.byIds(applications.map((a) => a.userId))).map((u) => [u.id, u.displayName]));
      return by(applications.filter((a) => names.has(a.userId)), (a) => a.id, (a) => ({ name: names.get(a.userId)! }));
    },
    exam_plan: async (keys) => by(await src.planning.plans(ids(keys)), (r) => r.id, (r) => ({ name: r.title })),
    sitting: async (keys) => by(await src.planning.sittings(ids(keys)), (r) => r.id, (r) => ({ name: r.name })),
    sitting_part: async (keys) => by(await src.planning.parts(ids(keys)), (r) => r.id, (r) => ({ name: r.sittingName, part: r.part })),
    exam_session: async (keys) => {
      const sessions = await src.sessions.byIds(ids(keys));
      const names = new Map((await src.candidates.byIds(sessions.map((s) => s.candidateId))).map((c) => [c.id, c.name]));
      const kinds = await parts(sessions.map((s) => s.sittingPartId));
      const known = sessions.filter((s) => names.has(s.candidateId) && kinds.has(s.sittingPartId));
      return by(known, (s) => s.id, (s) => ({ name: names.get(s.candidateId)!, part: kinds.get(s.sittingPartId)!.part }));
    },
    room: async (keys) => by(await src.planning.rooms(ids(keys)), (r) => r.id, (r) => ({ name: r.name })),
    bank: async (keys) => by(await src.banks.byIds(ids(keys)), (r) => r.id, (r) => ({ name: r.title })),
    paper_item: async (keys) => by(await src.paperItems.positions(ids(keys)), (r) => r.id, (r) => ({ name: '', position: r.position })),
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
    const found = new Map<string, Map<string, Named>>();
    for (const [lookup, keys] of wanted) found.set(lookup, await lookups[lookup]!([...keys]));
    return refs.map((r) => {
      const { lookup, literal } = keyOf(r);
      const hit = lookup && r.entityId !== null ? found.get(lookup)?.get(r.entityId) : undefined;
      return { entity: r.entity, name: literal ?? hit?.name ?? null, part: hit?.part ?? null, position: hit?.position ?? null };
    });
  };
}
