import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../core/db/connection.ts';
import { applicationDocuments, applications, candidates, examPlans, examSessions, occupations, rooms, sittingParts, sittings, users } from '../../core/db/schema.ts';

export type ApplicationRow = typeof applications.$inferSelect;
export type DocumentRow = typeof applicationDocuments.$inferSelect;

/** All data access of registration, review and admission tickets. */
export function createRegistrationDal(db: Db) {
  return {
    plans() {
      return db.select().from(examPlans).orderBy(desc(examPlans.registrationDeadline)).all();
    },
    plan(id: number) {
      return db.select().from(examPlans).where(eq(examPlans.id, id)).get();
    },
    planLevels(planId: number): number[] {
      return db.selectDistinct({ level: sittings.level }).from(sittings).where(eq(sittings.planId, planId)).orderBy(desc(sittings.level)).all().map((r) => r.level);
    },
    sittingsOf(planId: number, level: number) {
      return db.select().from(sittings).where(and(eq(sittings.planId, planId), eq(sittings.level, level))).orderBy(asc(sittings.startsAt), asc(sittings.id)).all();
    },
    sitting(id: number) {
      return db.select().from(sittings).where(eq(sittings.id, id)).get();
    },
    roomsOf(sittingId: number) {
      return db.select().from(rooms).where(eq(rooms.sittingId, sittingId)).orderBy(asc(rooms.id)).all();
    },
    seatsTaken(sittingId: number) {
      return db.select({ room: candidates.room, seat: candidates.seat }).from(candidates).where(eq(candidates.sittingId, sittingId)).all();
    },
    candidateCount(sittingId: number): number {
      return db.get<{ n: number }>(sql`select count(*) as n from ${candidates} where ${candidates.sittingId} = ${sittingId}`)?.n ?? 0;
    },
    user(id: number) {
      return db.select().from(users).where(eq(users.id, id)).get();
    },
    insertApplication(values: typeof applications.$inferInsert): ApplicationRow {
      return db.insert(applications).values(values).returning().get();
    },
    application(id: number) {
      return db.select().from(applications).where(eq(applications.id, id)).get();
    },
    /** The application that led to this candidate's admission ticket, if they came through registration. */
    applicationOfCandidate(candidateId: number) {
      return db.select().from(applications).where(eq(applications.candidateId, candidateId)).get();
    },
    applicationOf(userId: number, planId: number) {
      return db.select().from(applications).where(and(eq(applications.userId, userId), eq(applications.planId, planId))).get();
    },
    applicationsOfUser(userId: number) {
      return db.select().from(applications).where(eq(applications.userId, userId)).orderBy(desc(applications.submittedAt)).all();
    },
    queue(status?: ApplicationRow['status']) {
      return db
        .select({
          app: applications,
          applicantName: users.displayName,
          planTitle: examPlans.title,
          documents: sql<number>`(select count(*) from ${applicationDocuments} where ${applicationDocuments.applicationId} = ${applications.id})`,
          ticketNo: candidates.ticketNo,
        })
        .from(applications)
        .innerJoin(users, eq(users.id, applications.userId))
        .innerJoin(examPlans, eq(examPlans.id, applications.planId))
        .leftJoin(candidates, eq(candidates.id, applications.candidateId))
        .where(status ? eq(applications.status, status) : undefined)
        .orderBy(asc(applications.submittedAt), asc(applications.id))
        .all();
    },
    decide(id: number, values: Pick<ApplicationRow, 'status' | 'decidedAt' | 'decidedBy' | 'decisionReason' | 'candidateId'>) {
      return db.update(applications).set(values).where(and(eq(applications.id, id), eq(applications.status, 'submitted'))).run().changes;
    },
    documents(applicationId: number) {
      return db.select().from(applicationDocuments).where(eq(applicationDocuments.applicationId, applicationId)).orderBy(asc(applicationDocuments.id)).all();
    },
    document(applicationId: number, docId: number) {
      return db
        .select()
        .from(applicationDocuments)
        .where(and(eq(applicationDocuments.id, docId), eq(applicationDocuments.applicationId, applicationId)))
        .get();
    },
    /** A document removed by its applicant before review: the row goes, the file (shared by hash) and the audit entry stay. */
    deleteDocument(applicationId: number, docId: number): DocumentRow | undefined {
      return db.delete(applicationDocuments).where(and(eq(applicationDocuments.applicationId, applicationId), eq(applicationDocuments.id, docId))).returning().get();
    },
    insertDocument(values: typeof applicationDocuments.$inferInsert): DocumentRow {
      return db.insert(applicationDocuments).values(values).returning().get();
    },
    insertCandidateUser(values: typeof users.$inferInsert): number {
      return db.insert(users).values(values).returning({ id: users.id }).get().id;
    },
    insertCandidate(values: typeof candidates.$inferInsert): number {
      return db.insert(candidates).values(values).returning({ id: candidates.id }).get().id;
    },
    ticket(candidateId: number) {
      return db
        .select({
          ticketNo: candidates.ticketNo,
          name: candidates.name,
          idNumber: candidates.idNumber,
          room: candidates.room,
          seat: candidates.seat,
          sittingId: sittings.id,
          sittingName: sittings.name,
          level: sittings.level,
          startsAt: sittings.startsAt,
          planTitle: examPlans.title,
          occupationCode: occupations.code,
          occupationName: occupations.nameZh,
        })
        .from(candidates)
        .innerJoin(sittings, eq(sittings.id, candidates.sittingId))
        .innerJoin(examPlans, eq(examPlans.id, sittings.planId))
        .innerJoin(occupations, eq(occupations.id, examPlans.occupationId))
        .where(eq(candidates.id, candidateId))
        .get();
    },
    planCandidates(planId: number) {
      return db
        .select({ id: candidates.id, name: candidates.name, idNumber: candidates.idNumber, ticketNo: candidates.ticketNo })
        .from(candidates)
        .innerJoin(sittings, eq(sittings.id, candidates.sittingId))
        .where(eq(sittings.planId, planId))
        .all();
    },
    sittingPart(id: number) {
      return db.select().from(sittingParts).where(eq(sittingParts.id, id)).get();
    },
    partSettings(sittingId: number) {
      return db
        .select({ id: sittingParts.id, kind: sittingParts.part, durationMinutes: sittingParts.durationMinutes, passScore: sittingParts.passScore, paperId: sittingParts.paperId })
        .from(sittingParts)
        .where(eq(sittingParts.sittingId, sittingId))
        .orderBy(asc(sittingParts.id))
        .all();
    },
    sessionsOfPart(partId: number): number {
      return db.get<{ n: number }>(sql`select count(*) as n from ${examSessions} where ${examSessions.sittingPartId} = ${partId} and ${examSessions.status} != 'not_started'`)?.n ?? 0;
    },
    updatePart(id: number, settings: { durationMinutes: number; passScore: number }) {
      db.update(sittingParts).set(settings).where(eq(sittingParts.id, id)).run();
    },
    insertRoom(values: typeof rooms.$inferInsert): number {
      return db.insert(rooms).values(values).returning({ id: rooms.id }).get().id;
    },
    /** A sitting's candidates (or one room's) in seating order: rooms as planned, then seat number. */
    seatedCandidateIds(sittingId: number, room?: string): number[] {
      return db
        .select({ id: candidates.id })
        .from(candidates)
        .leftJoin(rooms, and(eq(rooms.sittingId, candidates.sittingId), eq(rooms.name, candidates.room)))
        .where(and(eq(candidates.sittingId, sittingId), room === undefined ? undefined : eq(candidates.room, room)))
        .orderBy(asc(sql`coalesce(${rooms.id}, 1e9)`), asc(candidates.room), asc(sql`length(${candidates.seat})`), asc(candidates.seat))
        .all()
        .map((r) => r.id);
    },
    candidateIdByTicket(ticketNo: string): number | undefined {
      return db.select({ id: candidates.id }).from(candidates).where(eq(candidates.ticketNo, ticketNo)).get()?.id;
    },
    partsOf(sittingId: number) {
      return db.select({ kind: sittingParts.part, durationMinutes: sittingParts.durationMinutes }).from(sittingParts).where(eq(sittingParts.sittingId, sittingId)).orderBy(asc(sittingParts.id)).all();
    },
  };
}
export type RegistrationDal = ReturnType<typeof createRegistrationDal>;
