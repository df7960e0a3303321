import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../core/db/connection.ts';
import { applicationDocuments, applications, candidates, examPlans, users } from '../../core/db/schema.ts';

export type ApplicationRow = typeof applications.$inferSelect;
export type DocumentRow = typeof applicationDocuments.$inferSelect;

/** Data access of applications, their documents and their review; plans come from planning, tickets from tickets (ports). */
export function createRegistrationDal(db: Db) {
  return {
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
  };
}
export type RegistrationDal = ReturnType<typeof createRegistrationDal>;
