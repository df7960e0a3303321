import { and, count, desc, eq, inArray, sql } from 'drizzle-orm';
import { tablesFor } from '../../core/db/owners.ts';
import type { Db } from '../../core/db/store.ts';
import type { EndReason } from '@shared/domain.ts';
import type { IdentityCheck, IdentityMethod, IdentityOutcome, IncidentKind, RoomSettings } from '@shared/proctor.ts';
import type { CandidateRef, ProctorOwners } from './ports.ts';

export type { CandidateRef } from './ports.ts';

export type GridRow = {
  candidateId: number;
  userId: number;
  seat: string;
  name: string;
  ticketNo: string;
  sessionId: number | null;
  status: 'not_started' | 'in_progress' | 'ended' | null;
  deadline: number | null;
  pausedAt: number | null;
  endReason: EndReason | null;
  plannedExtraMinutes: number | null;
  incidentExtraMinutes: number | null;
  incidents: number;
  admitted: boolean;
  identity: IdentityCheck | null;
};

/** The browser signals a sitting's policy counts (proctor-rules.ts). */
const BROWSER_SIGNALS = ['focus_lost', 'page_hidden', 'fullscreen_exit', 'copy_paste'] as const;

const roomKey = (sittingId: number, room: string) => `${sittingId}\u0000${room}`;
const codePointOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Seats sort as they print: shorter first ('9' before '10'), then by code point, on both stores. */
export const bySeat = (a: { seat: string }, b: { seat: string }) => a.seat.length - b.seat.length || codePointOrder(a.seat, b.seat);

/**
 * All SQL of the proctor console, and what it reads of other features' tables through their
 * owners' ports (`owners`, ports.ts); made from the root `Db` or a transaction's `tx` (docs/cluster.md §1).
 */
export function createProctorDal(db: Db, owners: ProctorOwners) {
  const { admissions, identityChecks, incidents, proctorAssignments, proctorSettings } = tablesFor(db, 'proctor');
  const candidates = () => owners.candidates(db);
  const planning = () => owners.planning(db);
  const sessions = () => owners.sessions(db);

  /**
   * The console's own facts of these candidates in one query: incidents counted, admitted, identity
   * checked (a union of three reads; PostgreSQL types the columns by the first, hence the casts).
   */
  async function ownFacts(ids: readonly number[]) {
    const none = { outcome: sql<string | null>`null`, method: sql<string | null>`null`, note: sql<string | null>`null`, checkedAt: sql<number | null>`cast(null as bigint)`.mapWith(Number) };
    const counted = db
      .select({ candidateId: incidents.candidateId, fact: sql<string>`'incidents'`, n: count(), ...none })
      .from(incidents)
      .where(inArray(incidents.candidateId, [...ids]))
      .groupBy(incidents.candidateId);
    const admitted = db.select({ candidateId: admissions.candidateId, fact: sql<string>`'admitted'`, n: sql<number>`1`, ...none }).from(admissions).where(inArray(admissions.candidateId, [...ids]));
    const checked = db
      .select({ candidateId: identityChecks.candidateId, fact: sql<string>`'checked'`, n: sql<number>`0`, outcome: identityChecks.outcome, method: identityChecks.method, note: identityChecks.note, checkedAt: identityChecks.checkedAt })
      .from(identityChecks)
      .where(inArray(identityChecks.candidateId, [...ids]));
    const facts = new Map<number, { incidents: number; admitted: boolean; identity: IdentityCheck | null }>();
    const of = (id: number) => facts.get(id) ?? facts.set(id, { incidents: 0, admitted: false, identity: null }).get(id)!;
    for (const r of await counted.unionAll(admitted).unionAll(checked)) {
      const f = of(r.candidateId);
      if (r.fact === 'incidents') f.incidents = Number(r.n);
      else if (r.fact === 'admitted') f.admitted = true;
      else f.identity = { outcome: r.outcome, method: r.method, note: r.note, checkedAt: r.checkedAt } as IdentityCheck;
    }
    return facts;
  }

  /** The grid rows of these candidates for one part, in seat order: their sessions (exam's) and the console's own facts. */
  async function grid(people: readonly CandidateRef[], sittingPartId: number): Promise<GridRow[]> {
    if (people.length === 0) return [];
    const ids = people.map((c) => c.id);
    const [found, facts] = await Promise.all([sessions().ofCandidates(ids, sittingPartId), ownFacts(ids)]);
    const sessionOf = new Map(found.map((r) => [r.candidateId, r]));
    return [...people].sort(bySeat).map((c) => {
      const s = sessionOf.get(c.id);
      const f = facts.get(c.id);
      return {
        candidateId: c.id,
        userId: c.userId,
        seat: c.seat,
        name: c.name,
        ticketNo: c.ticketNo,
        sessionId: s?.id ?? null,
        status: s?.status ?? null,
        deadline: s?.deadline ?? null,
        pausedAt: s?.pausedAt ?? null,
        endReason: s?.endReason ?? null,
        plannedExtraMinutes: s?.plannedExtraMinutes ?? null,
        incidentExtraMinutes: s?.incidentExtraMinutes ?? null,
        incidents: f?.incidents ?? 0,
        admitted: f?.admitted ?? false,
        identity: f?.identity ?? null,
      };
    });
  }

  return {
    async candidate(id: number): Promise<CandidateRef | undefined> {
      const [row] = await candidates().refs([id]);
      return row;
    },
    /** Many candidates in one read, by id (those not found are absent). */
    async candidatesById(ids: readonly number[]): Promise<Map<number, CandidateRef>> {
      return new Map((await candidates().refs(ids)).map((c) => [c.id, c]));
    },
    /**
     * Locks the candidate's row (inside a transaction): signals of one candidate arriving together
     * on PostgreSQL are then counted one after the other, each seeing the ones before it.
     */
    lockCandidate: async (id: number): Promise<void> => candidates().lock(id),
    candidatesInRoom: async (sittingId: number, room: string): Promise<CandidateRef[]> => candidates().inRoom(sittingId, room),
    grid,
    async isAssigned(userId: number, sittingId: number, room: string): Promise<boolean> {
      const [row] = await db
        .select({ id: proctorAssignments.id })
        .from(proctorAssignments)
        .where(and(eq(proctorAssignments.userId, userId), eq(proctorAssignments.sittingId, sittingId), eq(proctorAssignments.room, room)));
      return row !== undefined;
    },
    /** Rooms a proctor is assigned to; admins see every room that has candidates. */
    async rooms(userId: number | null) {
      const assigned = userId === null ? null : await db.select({ sittingId: proctorAssignments.sittingId, room: proctorAssignments.room }).from(proctorAssignments).where(eq(proctorAssignments.userId, userId));
      if (assigned?.length === 0) return [];
      const seated = await candidates().seatedRooms(assigned && [...new Set(assigned.map((a) => a.sittingId))]);
      const mine = assigned && new Set(assigned.map((a) => roomKey(a.sittingId, a.room)));
      const rooms = mine ? seated.filter((r) => mine.has(roomKey(r.sittingId, r.room))) : seated;
      const sittings = new Map((await planning().sittings(rooms.map((r) => r.sittingId))).map((t) => [t.id, t]));
      return rooms
        .flatMap((r) => {
          const t = sittings.get(r.sittingId);
          return t ? [{ sittingId: r.sittingId, startsAt: t.startsAt, room: r.room, candidates: r.candidates, sittingName: t.label }] : [];
        })
        .sort((a, b) => b.startsAt - a.startsAt || codePointOrder(a.room, b.room));
    },
    parts: async (sittingId: number) => planning().partsOfSitting(sittingId),
    async sittingStartsAt(sittingId: number): Promise<number | undefined> {
      const [row] = await planning().sittings([sittingId]);
      return row?.startsAt;
    },
    async settings(sittingId: number): Promise<RoomSettings | undefined> {
      const [row] = await db
        .select({
          admissionRequired: proctorSettings.admissionRequired,
          signalPolicy: proctorSettings.signalPolicy,
          pauseAfter: proctorSettings.pauseAfter,
          textPaste: proctorSettings.textPaste,
          parallelParts: proctorSettings.parallelParts,
          identityCheckRequired: proctorSettings.identityCheckRequired,
        })
        .from(proctorSettings)
        .where(eq(proctorSettings.sittingId, sittingId));
      return row as RoomSettings | undefined;
    },
    async saveSettings(sittingId: number, s: RoomSettings): Promise<void> {
      await db.insert(proctorSettings).values({ sittingId, ...s }).onConflictDoUpdate({ target: proctorSettings.sittingId, set: s });
    },
    async identityChecks(candidateIds: readonly number[]): Promise<Map<number, IdentityCheck>> {
      if (candidateIds.length === 0) return new Map();
      const rows = await db
        .select({ candidateId: identityChecks.candidateId, outcome: identityChecks.outcome, method: identityChecks.method, note: identityChecks.note, checkedAt: identityChecks.checkedAt })
        .from(identityChecks)
        .where(inArray(identityChecks.candidateId, [...candidateIds]));
      return new Map(rows.map(({ candidateId, ...check }) => [candidateId, check as IdentityCheck]));
    },
    async recordIdentityCheck(candidateId: number, check: { outcome: IdentityOutcome; method: IdentityMethod; note: string | null }, at: number, by: number): Promise<void> {
      const values = { ...check, checkedAt: at, checkedBy: by };
      await db.insert(identityChecks).values({ candidateId, ...values }).onConflictDoUpdate({ target: identityChecks.candidateId, set: values });
    },
    async isAdmitted(candidateId: number): Promise<boolean> {
      const [row] = await db.select({ at: admissions.admittedAt }).from(admissions).where(eq(admissions.candidateId, candidateId));
      return row !== undefined;
    },
    /** True for the one admission that counts: two proctors admitting at once meet at the unique candidate id. */
    async admit(candidateId: number, at: number, by: number): Promise<boolean> {
      const inserted = await db.insert(admissions).values({ candidateId, admittedAt: at, admittedBy: by }).onConflictDoNothing().returning({ id: admissions.candidateId });
      return inserted.length === 1;
    },
    runningSessionOf: async (candidateId: number) => sessions().runningOf(candidateId),
    async sessionOf(candidateId: number, sittingPartId: number): Promise<{ id: number } | undefined> {
      const [row] = await sessions().ofCandidates([candidateId], sittingPartId);
      return row && { id: row.id };
    },
    async addIncident(v: { sittingId: number; room: string; candidateId: number; at: number; kind: IncidentKind; details: Record<string, unknown> }): Promise<{ id: number }> {
      const [row] = await db
        .insert(incidents)
        .values({ sittingId: v.sittingId, room: v.room, candidateId: v.candidateId, at: v.at, kind: v.kind, detailsJson: JSON.stringify(v.details) })
        .returning({ id: incidents.id });
      return row!;
    },
    /** Browser signals of the candidate: of one kind, and of every kind. */
    async countSignals(candidateId: number, kind: IncidentKind): Promise<{ count: number; total: number }> {
      const [row] = await db
        .select({ count: sql<number>`coalesce(sum(case when ${incidents.kind} = ${kind} then 1 else 0 end), 0)`.mapWith(Number), total: count() })
        .from(incidents)
        .where(and(eq(incidents.candidateId, candidateId), inArray(incidents.kind, [...BROWSER_SIGNALS])));
      return { count: row?.count ?? 0, total: row?.total ?? 0 };
    },
    /** Login accounts of a sitting's candidates (to tell their open exam pages about new rules). */
    userIdsOfSitting: async (sittingId: number): Promise<number[]> => candidates().userIdsOfSitting(sittingId),
    async candidateOfUser(userId: number): Promise<number | undefined> {
      return (await candidates().ofUser(userId))?.id;
    },
    /** The room's incidents, newest first, with whom each concerns (tickets' candidates, read in one batch). */
    async incidents(sittingId: number, room: string, limit?: number) {
      const q = db
        .select({ id: incidents.id, at: incidents.at, candidateId: incidents.candidateId, kind: incidents.kind, detailsJson: incidents.detailsJson })
        .from(incidents)
        .where(and(eq(incidents.sittingId, sittingId), eq(incidents.room, room)))
        .orderBy(desc(incidents.at), desc(incidents.id));
      const rows = await (limit === undefined ? q : q.limit(limit));
      const people = new Map((await candidates().refs([...new Set(rows.map((r) => r.candidateId))])).map((c) => [c.id, c]));
      return rows.flatMap((r) => {
        const c = people.get(r.candidateId);
        return c ? [{ ...r, seat: c.seat, name: c.name, ticketNo: c.ticketNo }] : [];
      });
    },
    /** The room's action history: every proctor.* audit entry naming this sitting and room (the audit log is read through its owner). */
    async actions(sittingId: number, room: string) {
      const rows = await owners.audit(db).ofSitting('proctor.', sittingId);
      return rows.filter((r) => {
        const d = JSON.parse(r.detailsJson) as { sittingId?: unknown; room?: unknown };
        return d.sittingId === sittingId && d.room === room;
      });
    },
  };
}
export type ProctorDal = ReturnType<typeof createProctorDal>;
