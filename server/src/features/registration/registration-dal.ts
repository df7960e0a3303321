import { and, asc, count, desc, eq, sql } from 'drizzle-orm';
import type { applicationDocuments, applications } from '../../core/db/pg-schema.ts';
import { forUpdate } from '../../core/db/dialect.ts';
import { tablesFor } from '../../core/db/owners.ts';
import type { Db } from '../../core/db/store.ts';

export type ApplicationRow = typeof applications.$inferSelect;
export type DocumentRow = typeof applicationDocuments.$inferSelect;

/** Data access of applications, their documents and their review; plans come from planning, tickets from tickets, accounts from auth (ports). */
export function createRegistrationDal(db: Db) {
  const { applicationDocuments, applications } = tablesFor(db, 'registration');
  return {
    /** Undefined when the applicant has an application for this plan already (the unique index decides, whatever the other connections do). */
    async insertApplication(values: typeof applications.$inferInsert): Promise<ApplicationRow | undefined> {
      const [row] = await db.insert(applications).values(values).onConflictDoNothing({ target: [applications.userId, applications.planId] }).returning();
      return row;
    },
    async application(id: number) {
      const [row] = await db.select().from(applications).where(eq(applications.id, id));
      return row;
    },
    /**
     * The application, its row locked until the transaction ends (PostgreSQL; SQLite holds its only
     * write lock already): a decision and the applicant's changes to documents take turns.
     */
    async lockedApplication(id: number) {
      const [row] = await forUpdate(db, db.select().from(applications).where(eq(applications.id, id)));
      return row;
    },
    /** The application that led to this candidate's admission ticket, if they came through registration. */
    async applicationOfCandidate(candidateId: number) {
      const [row] = await db.select().from(applications).where(eq(applications.candidateId, candidateId));
      return row;
    },
    async applicationOf(userId: number, planId: number) {
      const [row] = await db.select().from(applications).where(and(eq(applications.userId, userId), eq(applications.planId, planId)));
      return row;
    },
    async applicationsOfUser(userId: number) {
      return db.select().from(applications).where(eq(applications.userId, userId)).orderBy(desc(applications.submittedAt));
    },
    /** Applications with their document counts; the applicant's name, plan title and ticket number are other features' (the service joins them). */
    async queue(status?: ApplicationRow['status']) {
      return db
        .select({
          app: applications,
          // Qualified by hand: with no join drizzle names columns without their table, and "id" would be the document's.
          documents: sql<number>`(select count(*) from application_documents d where d.application_id = applications.id)`.mapWith(Number),
        })
        .from(applications)
        .where(status ? eq(applications.status, status) : undefined)
        .orderBy(asc(applications.submittedAt), asc(applications.id));
    },
    /** Decides a waiting application; false when it was decided already. */
    async decide(id: number, values: Pick<ApplicationRow, 'status' | 'decidedAt' | 'decidedBy' | 'decisionReason' | 'candidateId'>): Promise<boolean> {
      return (await db.update(applications).set(values).where(and(eq(applications.id, id), eq(applications.status, 'submitted')))).rowCount === 1;
    },
    async documents(applicationId: number) {
      return db.select().from(applicationDocuments).where(eq(applicationDocuments.applicationId, applicationId)).orderBy(asc(applicationDocuments.id));
    },
    async documentCount(applicationId: number): Promise<number> {
      const [row] = await db.select({ n: count() }).from(applicationDocuments).where(eq(applicationDocuments.applicationId, applicationId));
      return row?.n ?? 0;
    },
    async document(applicationId: number, docId: number) {
      const [row] = await db
        .select()
        .from(applicationDocuments)
        .where(and(eq(applicationDocuments.id, docId), eq(applicationDocuments.applicationId, applicationId)));
      return row;
    },
    /** A document removed by its applicant before review: the row goes, the file (shared by hash) and the audit entry stay. */
    async deleteDocument(applicationId: number, docId: number): Promise<DocumentRow | undefined> {
      const [row] = await db.delete(applicationDocuments).where(and(eq(applicationDocuments.applicationId, applicationId), eq(applicationDocuments.id, docId))).returning();
      return row;
    },
    async insertDocument(values: typeof applicationDocuments.$inferInsert): Promise<DocumentRow> {
      const [row] = await db.insert(applicationDocuments).values(values).returning();
      return row!;
    },
  };
}
export type RegistrationDal = ReturnType<typeof createRegistrationDal>;
