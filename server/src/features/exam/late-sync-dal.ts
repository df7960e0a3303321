import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../core/db/connection.ts';
import { examSessions, lateSyncRequests, scores } from '../../core/db/schema.ts';

export type LateSyncRow = typeof lateSyncRequests.$inferSelect;

/** Late sync requests (held offline answers) and the few session/score writes accepting one makes. */
export function createLateSyncDal(db: Db) {
  return {
    request(id: number): LateSyncRow | undefined {
      return db.select().from(lateSyncRequests).where(eq(lateSyncRequests.id, id)).get();
    },
    ofSession(sessionId: number): LateSyncRow[] {
      return db.select().from(lateSyncRequests).where(eq(lateSyncRequests.sessionId, sessionId)).orderBy(desc(lateSyncRequests.id)).all();
    },
    /** Requests of these candidates' sessions, newest first, each with its session. */
    ofCandidates(candidateIds: readonly number[]): { request: LateSyncRow; session: typeof examSessions.$inferSelect }[] {
      if (candidateIds.length === 0) return [];
      return db
        .select({ request: lateSyncRequests, session: examSessions })
        .from(lateSyncRequests)
        .innerJoin(examSessions, eq(examSessions.id, lateSyncRequests.sessionId))
        .where(inArray(examSessions.candidateId, [...candidateIds]))
        .orderBy(desc(lateSyncRequests.id))
        .all();
    },
    insert(v: { sessionId: number; source: 'socket' | 'file'; receivedAt: number; entriesJson: string }): number {
      const row = db.insert(lateSyncRequests).values({ ...v, status: 'pending' }).returning({ id: lateSyncRequests.id }).get();
      if (!row) throw new Error('insert returned no row');
      return row.id;
    },
    /** Adds entries to a request still pending; false when it was decided meanwhile. */
    updatePending(id: number, entriesJson: string, receivedAt: number): boolean {
      return db.update(lateSyncRequests).set({ entriesJson, receivedAt }).where(and(eq(lateSyncRequests.id, id), eq(lateSyncRequests.status, 'pending'))).run().changes === 1;
    },
    /** Decides a pending request once: false when someone else decided it first. */
    decide(id: number, v: { status: 'accepted' | 'refused'; decidedAt: number; decidedBy: number; reason: string; applied: number }): boolean {
      return db.update(lateSyncRequests).set(v).where(and(eq(lateSyncRequests.id, id), eq(lateSyncRequests.status, 'pending'))).run().changes === 1;
    },
    markSessionSynced(sessionId: number, at: number) {
      db.update(examSessions).set({ lateSyncAt: at }).where(eq(examSessions.id, sessionId)).run();
    },
    score(sessionId: number) {
      return db.select().from(scores).where(eq(scores.sessionId, sessionId)).get();
    },
    updateScore(sessionId: number, v: { rawPoints: number; maxPoints: number; score: number; passed: boolean; detailJson: string; scoredAt: number }) {
      db.update(scores).set(v).where(eq(scores.sessionId, sessionId)).run();
    },
  };
}
export type LateSyncDal = ReturnType<typeof createLateSyncDal>;
