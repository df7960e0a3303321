import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../core/db/connection.ts';
import { admissions, auditLog, candidates, examSessions, identityChecks, incidents, proctorAssignments, proctorSettings, sittingParts, sittings } from '../../core/db/schema.ts';
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
  admitted: number;
};

/** All SQL of the proctor console. */
export function createProctorDal(db: Db) {
  const candidateById = db
    .select({ id: candidates.id, userId: candidates.userId, sittingId: candidates.sittingId, room: candidates.room, seat: candidates.seat, name: candidates.name })
    .from(candidates)
    .where(eq(candidates.id, sql.placeholder('id')))
    .prepare();
  const admitted = db.select({ at: admissions.admittedAt }).from(admissions).where(eq(admissions.candidateId, sql.placeholder('id'))).prepare();

  function grid(sittingId: number, room: string, sittingPartId: number, candidateId?: number): GridRow[] {
    return db.all<GridRow>(sql`
      select c.id as candidateId, c.user_id as userId, c.seat, c.name, c.ticket_no as ticketNo,
        s.id as sessionId, s.status, s.deadline, s.paused_at as pausedAt, s.end_reason as endReason,
        s.planned_extra_minutes as plannedExtraMinutes, s.incident_extra_minutes as incidentExtraMinutes,
        (select count(*) from incidents i where i.candidate_id = c.id) as incidents,
        exists(select 1 from admissions ad where ad.candidate_id = c.id) as admitted
      from candidates c
      left join exam_sessions s on s.candidate_id = c.id and s.sitting_part_id = ${sittingPartId}
      where c.sitting_id = ${sittingId} and c.room = ${room} ${candidateId === undefined ? sql`` : sql`and c.id = ${candidateId}`}
      order by length(c.seat), c.seat`);
  }

  return {
    candidate(id: number): CandidateRef | undefined {
      return candidateById.get({ id });
    },
    candidatesInRoom(sittingId: number, room: string): CandidateRef[] {
      return db
        .select({ id: candidates.id, userId: candidates.userId, sittingId: candidates.sittingId, room: candidates.room, seat: candidates.seat, name: candidates.name })
        .from(candidates)
        .where(and(eq(candidates.sittingId, sittingId), eq(candidates.room, room)))
        .all();
    },
    grid,
    isAssigned(userId: number, sittingId: number, room: string): boolean {
      return !!db
        .select({ id: proctorAssignments.id })
        .from(proctorAssignments)
        .where(and(eq(proctorAssignments.userId, userId), eq(proctorAssignments.sittingId, sittingId), eq(proctorAssignments.room, room)))
        .get();
    },
    assign(userId: number, sittingId: number, room: string) {
      db.insert(proctorAssignments).values({ userId, sittingId, room }).onConflictDoNothing().run();
    },
    /** Rooms a proctor is assigned to; admins see every room that has candidates. */
    rooms(userId: number | null) {
      const base = sql`select c.sitting_id as sittingId, coalesce((select p.title from exam_plans p where p.id = st.plan_id) || ' · ', '') || st.name as sittingName, st.starts_at as startsAt, c.room, count(*) as candidates
        from candidates c join sittings st on st.id = c.sitting_id`;
      const scoped =
        userId === null
          ? sql`${base} group by c.sitting_id, c.room order by st.starts_at desc, c.room`
          : sql`${base} join proctor_assignments pa on pa.sitting_id = c.sitting_id and pa.room = c.room and pa.user_id = ${userId}
              group by c.sitting_id, c.room order by st.starts_at desc, c.room`;
      return db.all<{ sittingId: number; sittingName: string; startsAt: number; room: string; candidates: number }>(scoped);
    },
    parts(sittingId: number) {
      return db.select().from(sittingParts).where(eq(sittingParts.sittingId, sittingId)).orderBy(asc(sittingParts.id)).all();
    },
    sittingStartsAt(sittingId: number): number | undefined {
      return db.select({ startsAt: sittings.startsAt }).from(sittings).where(eq(sittings.id, sittingId)).get()?.startsAt;
    },
    settings(sittingId: number): RoomSettings | undefined {
      return db
        .select({
          admissionRequired: proctorSettings.admissionRequired,
          signalPolicy: proctorSettings.signalPolicy,
          pauseAfter: proctorSettings.pauseAfter,
          textPaste: proctorSettings.textPaste,
          parallelParts: proctorSettings.parallelParts,
          identityCheckRequired: proctorSettings.identityCheckRequired,
        })
        .from(proctorSettings)
        .where(eq(proctorSettings.sittingId, sittingId))
        .get();
    },
    saveSettings(sittingId: number, s: RoomSettings) {
      db.insert(proctorSettings).values({ sittingId, ...s }).onConflictDoUpdate({ target: proctorSettings.sittingId, set: s }).run();
    },
    identityChecks(candidateIds: readonly number[]): Map<number, IdentityCheck> {
      if (candidateIds.length === 0) return new Map();
      const rows = db
        .select({ candidateId: identityChecks.candidateId, outcome: identityChecks.outcome, method: identityChecks.method, note: identityChecks.note, checkedAt: identityChecks.checkedAt })
        .from(identityChecks)
        .where(inArray(identityChecks.candidateId, [...candidateIds]))
        .all();
      return new Map(rows.map(({ candidateId, ...check }) => [candidateId, check]));
    },
    recordIdentityCheck(candidateId: number, check: { outcome: IdentityOutcome; method: IdentityMethod; note: string | null }, at: number, by: number) {
      const values = { ...check, checkedAt: at, checkedBy: by };
      db.insert(identityChecks).values({ candidateId, ...values }).onConflictDoUpdate({ target: identityChecks.candidateId, set: values }).run();
    },
    isAdmitted(candidateId: number): boolean {
      return admitted.get({ id: candidateId }) !== undefined;
    },
    admit(candidateId: number, at: number, by: number): boolean {
      return db.insert(admissions).values({ candidateId, admittedAt: at, admittedBy: by }).onConflictDoNothing().run().changes === 1;
    },
    runningSessionOf(candidateId: number) {
      return db
        .select({ id: examSessions.id, pausedAt: examSessions.pausedAt, sittingPartId: examSessions.sittingPartId })
        .from(examSessions)
        .where(and(eq(examSessions.candidateId, candidateId), eq(examSessions.status, 'in_progress')))
        .get();
    },
    sessionOf(candidateId: number, sittingPartId: number) {
      return db
        .select({ id: examSessions.id })
        .from(examSessions)
        .where(and(eq(examSessions.candidateId, candidateId), eq(examSessions.sittingPartId, sittingPartId)))
        .get();
    },
    addIncident(v: { sittingId: number; room: string; candidateId: number; at: number; kind: IncidentKind; details: Record<string, unknown> }) {
      return db
        .insert(incidents)
        .values({ sittingId: v.sittingId, room: v.room, candidateId: v.candidateId, at: v.at, kind: v.kind, detailsJson: JSON.stringify(v.details) })
        .returning({ id: incidents.id })
        .get();
    },
    /** Browser signals of the candidate: of one kind, and of every kind. */
    countSignals(candidateId: number, kind: IncidentKind): { count: number; total: number } {
      const row = db
        .select({ count: sql<number>`coalesce(sum(${incidents.kind} = ${kind}), 0)`, total: sql<number>`count(*)` })
        .from(incidents)
        .where(and(eq(incidents.candidateId, candidateId), sql`${incidents.kind} in ('focus_lost', 'page_hidden', 'fullscreen_exit', 'copy_paste')`))
        .get();
      return { count: row?.count ?? 0, total: row?.total ?? 0 };
    },
    /** Login accounts of a sitting's candidates (to tell their open exam pages about new rules). */
    userIdsOfSitting(sittingId: number): number[] {
      return db.select({ userId: candidates.userId }).from(candidates).where(eq(candidates.sittingId, sittingId)).all().map((r) => r.userId);
    },
    candidateOfUser(userId: number): number | undefined {
      return db.select({ id: candidates.id }).from(candidates).where(eq(candidates.userId, userId)).get()?.id;
    },
    incidents(sittingId: number, room: string, limit?: number) {
      const q = db
        .select({ id: incidents.id, at: incidents.at, candidateId: incidents.candidateId, kind: incidents.kind, detailsJson: incidents.detailsJson, seat: candidates.seat, name: candidates.name, ticketNo: candidates.ticketNo })
        .from(incidents)
        .innerJoin(candidates, eq(candidates.id, incidents.candidateId))
        .where(and(eq(incidents.sittingId, sittingId), eq(incidents.room, room)))
        .orderBy(desc(incidents.at), desc(incidents.id));
      return limit === undefined ? q.all() : q.limit(limit).all();
    },
    /** The room's action history: every proctor.* audit row naming this sitting and room. */
    actions(sittingId: number, room: string) {
      return db
        .select()
        .from(auditLog)
        .where(
          and(
            sql`${auditLog.action} like 'proctor.%'`,
            sql`json_extract(${auditLog.detailsJson}, '$.sittingId') = ${sittingId}`,
            sql`json_extract(${auditLog.detailsJson}, '$.room') = ${room}`,
          ),
        )
        .orderBy(asc(auditLog.at), asc(auditLog.id))
        .all();
    },
  };
}
export type ProctorDal = ReturnType<typeof createProctorDal>;
