import { and, asc, count, desc, eq, inArray, like, sql } from 'drizzle-orm';
import { byteOrder, forUpdate } from '../../core/db/dialect.ts';
import { tablesOf, type Db } from '../../core/db/store.ts';
import type { EndReason } from '@shared/domain.ts';
import type { IdentityCheck, IdentityMethod, IdentityOutcome, IncidentKind, RoomSettings } from '@shared/proctor.ts';

export type CandidateRef = { id: number; userId: number; sittingId: number; room: string; seat: string; name: string };

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
};

/** The browser signals a sitting's policy counts (proctor-rules.ts). */
const BROWSER_SIGNALS = ['focus_lost', 'page_hidden', 'fullscreen_exit', 'copy_paste'] as const;

/** All SQL of the proctor console; made from the root `Db` or a transaction's `tx` (docs/cluster.md §1). */
export function createProctorDal(db: Db) {
  const t = tablesOf(db);
  const { admissions, auditLog, candidates, examPlans, examSessions, identityChecks, incidents, proctorAssignments, proctorSettings, sittingParts, sittings } = t;
  const refColumns = { id: candidates.id, userId: candidates.userId, sittingId: candidates.sittingId, room: candidates.room, seat: candidates.seat, name: candidates.name };

  async function grid(sittingId: number, room: string, sittingPartId: number, candidateId?: number): Promise<GridRow[]> {
    const rows = await db
      .select({
        candidateId: candidates.id,
        userId: candidates.userId,
        seat: candidates.seat,
        name: candidates.name,
        ticketNo: candidates.ticketNo,
        sessionId: examSessions.id,
        status: examSessions.status,
        deadline: examSessions.deadline,
        pausedAt: examSessions.pausedAt,
        endReason: examSessions.endReason,
        plannedExtraMinutes: examSessions.plannedExtraMinutes,
        incidentExtraMinutes: examSessions.incidentExtraMinutes,
        incidents: sql<number>`(select count(*) from incidents i where i.candidate_id = ${candidates.id})`.mapWith(Number),
        admitted: sql<number>`(select count(*) from admissions ad where ad.candidate_id = ${candidates.id})`.mapWith(Number),
      })
      .from(candidates)
      .leftJoin(examSessions, and(eq(examSessions.candidateId, candidates.id), eq(examSessions.sittingPartId, sittingPartId)))
      .where(and(eq(candidates.sittingId, sittingId), eq(candidates.room, room), candidateId === undefined ? undefined : eq(candidates.id, candidateId)))
      .orderBy(sql`length(${candidates.seat})`, byteOrder(db, candidates.seat));
    return rows.map((r) => ({ ...r, status: r.status as GridRow['status'], endReason: r.endReason as EndReason | null, admitted: r.admitted > 0 }));
  }

  return {
    async candidate(id: number): Promise<CandidateRef | undefined> {
      const [row] = await db.select(refColumns).from(candidates).where(eq(candidates.id, id));
      return row;
    },
    /**
     * Locks the candidate's row (inside a transaction): signals of one candidate arriving together
     * on PostgreSQL are then counted one after the other, each seeing the ones before it.
     */
    async lockCandidate(id: number): Promise<void> {
      await forUpdate(db, db.select({ id: candidates.id }).from(candidates).where(eq(candidates.id, id)));
    },
    async candidatesInRoom(sittingId: number, room: string): Promise<CandidateRef[]> {
      return db.select(refColumns).from(candidates).where(and(eq(candidates.sittingId, sittingId), eq(candidates.room, room)));
    },
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
      const base = db
        .select({ sittingId: candidates.sittingId, planTitle: examPlans.title, name: sittings.name, startsAt: sittings.startsAt, room: candidates.room, candidates: count() })
        .from(candidates)
        .innerJoin(sittings, eq(sittings.id, candidates.sittingId))
        .leftJoin(examPlans, eq(examPlans.id, sittings.planId));
      const scoped =
        userId === null
          ? base
          : base.innerJoin(proctorAssignments, and(eq(proctorAssignments.sittingId, candidates.sittingId), eq(proctorAssignments.room, candidates.room), eq(proctorAssignments.userId, userId)));
      const rows = await scoped
        .groupBy(candidates.sittingId, candidates.room, sittings.name, sittings.startsAt, examPlans.title)
        .orderBy(desc(sittings.startsAt), byteOrder(db, candidates.room));
      return rows.map(({ planTitle, name, ...r }) => ({ ...r, sittingName: planTitle === null ? name : `${planTitle} · ${name}` }));
    },
    async parts(sittingId: number) {
      return db.select().from(sittingParts).where(eq(sittingParts.sittingId, sittingId)).orderBy(asc(sittingParts.id));
    },
    async sittingStartsAt(sittingId: number): Promise<number | undefined> {
      const [row] = await db.select({ startsAt: sittings.startsAt }).from(sittings).where(eq(sittings.id, sittingId));
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
    async runningSessionOf(candidateId: number) {
      const [row] = await db
        .select({ id: examSessions.id, pausedAt: examSessions.pausedAt, sittingPartId: examSessions.sittingPartId })
        .from(examSessions)
        .where(and(eq(examSessions.candidateId, candidateId), eq(examSessions.status, 'in_progress')));
      return row;
    },
    async sessionOf(candidateId: number, sittingPartId: number) {
      const [row] = await db
        .select({ id: examSessions.id })
        .from(examSessions)
        .where(and(eq(examSessions.candidateId, candidateId), eq(examSessions.sittingPartId, sittingPartId)));
      return row;
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
    async userIdsOfSitting(sittingId: number): Promise<number[]> {
      return (await db.select({ userId: candidates.userId }).from(candidates).where(eq(candidates.sittingId, sittingId))).map((r) => r.userId);
    },
    async candidateOfUser(userId: number): Promise<number | undefined> {
      const [row] = await db.select({ id: candidates.id }).from(candidates).where(eq(candidates.userId, userId));
      return row?.id;
    },
    async incidents(sittingId: number, room: string, limit?: number) {
      const q = db
        .select({ id: incidents.id, at: incidents.at, candidateId: incidents.candidateId, kind: incidents.kind, detailsJson: incidents.detailsJson, seat: candidates.seat, name: candidates.name, ticketNo: candidates.ticketNo })
        .from(incidents)
        .innerJoin(candidates, eq(candidates.id, incidents.candidateId))
        .where(and(eq(incidents.sittingId, sittingId), eq(incidents.room, room)))
        .orderBy(desc(incidents.at), desc(incidents.id));
      return limit === undefined ? q : q.limit(limit);
    },
    /**
     * The room's action history: every proctor.* audit row naming this sitting and room. No JSON
     * function both stores share: the text match narrows to the sitting's entries (a superset:
     * sitting 1 also matches 12), the parsed details decide.
     */
    async actions(sittingId: number, room: string) {
      const rows = await db
        .select()
        .from(auditLog)
        .where(and(like(auditLog.action, 'proctor.%'), like(auditLog.detailsJson, `%"sittingId":${sittingId}%`)))
        .orderBy(asc(auditLog.at), asc(auditLog.id));
      return rows.filter((r) => {
        const d = JSON.parse(r.detailsJson) as { sittingId?: unknown; room?: unknown };
        return d.sittingId === sittingId && d.room === room;
      });
    },
  };
}
export type ProctorDal = ReturnType<typeof createProctorDal>;
