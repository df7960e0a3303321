import { and, desc, eq } from 'drizzle-orm';
import type { examSessions, lateSyncRequests } from '../../core/db/pg-schema.ts';
import type { Db } from '../../core/db/store.ts';
import { tablesFor } from '../../core/db/owners.ts';
import { idIn } from '../../core/db/dialect.ts';

export type LateSyncRow = typeof lateSyncRequests.$inferSelect;

/** Late sync requests (held offline answers) and the few session/score writes accepting one makes. */
export function createLateSyncDal(db: Db) {
  const t = tablesFor(db, 'exam');
  return {
    async request(id: number): Promise<LateSyncRow | undefined> {
      const [row] = await db.select().from(t.lateSyncRequests).where(eq(t.lateSyncRequests.id, id));
      return row;
    },
    async ofSession(sessionId: number): Promise<LateSyncRow[]> {
      return db.select().from(t.lateSyncRequests).where(eq(t.lateSyncRequests.sessionId, sessionId)).orderBy(desc(t.lateSyncRequests.id));
    },
    /** Requests of these candidates' sessions, newest first, each with its session. */
    async ofCandidates(candidateIds: readonly number[]): Promise<{ request: LateSyncRow; session: typeof examSessions.$inferSelect }[]> {
      if (candidateIds.length === 0) return [];
      return db
        .select({ request: t.lateSyncRequests, session: t.examSessions })
        .from(t.lateSyncRequests)
        .innerJoin(t.examSessions, eq(t.examSessions.id, t.lateSyncRequests.sessionId))
        .where(idIn(db, t.examSessions.candidateId, candidateIds))
        .orderBy(desc(t.lateSyncRequests.id));
    },
    async insert(v: { sessionId: number; source: 'socket' | 'file'; receivedAt: number; entriesJson: string }): Promise<number> {
      const [row] = await db.insert(t.lateSyncRequests).values({ ...v, status: 'pending' }).returning({ id: t.lateSyncRequests.id });
      if (!row) throw new Error('insert returned no row');
      return row.id;
    },
    /** Adds entries to a request still pending; false when it was decided meanwhile. */
    async updatePending(id: number, entriesJson: string, receivedAt: number): Promise<boolean> {
      const rows = await db
        .update(t.lateSyncRequests)
        .set({ entriesJson, receivedAt })
        .where(and(eq(t.lateSyncRequests.id, id), eq(t.lateSyncRequests.status, 'pending')))
        .returning({ id: t.lateSyncRequests.id });
      return rows.length === 1;
    },
    /** Decides a pending request once: false when someone else decided it first. */
    async decide(id: number, v: { status: 'accepted' | 'refused'; decidedAt: number; decidedBy: number; reason: string; applied: number }): Promise<boolean> {
      const rows = await db
        .update(t.lateSyncRequests)
        .set(v)
        .where(and(eq(t.lateSyncRequests.id, id), eq(t.lateSyncRequests.status, 'pending')))
        .returning({ id: t.lateSyncRequests.id });
      return rows.length === 1;
    },
    async markSessionSynced(sessionId: number, at: number): Promise<void> {
      await db.update(t.examSessions).set({ lateSyncAt: at }).where(eq(t.examSessions.id, sessionId));
    },
    async score(sessionId: number) {
      const [row] = await db.select().from(t.scores).where(eq(t.scores.sessionId, sessionId));
      return row;
    },
    async updateScore(sessionId: number, v: { rawPoints: number; maxPoints: number; score: number; passed: boolean; detailJson: string; scoredAt: number }): Promise<void> {
      await db.update(t.scores).set(v).where(eq(t.scores.sessionId, sessionId));
    },
  };
}
export type LateSyncDal = ReturnType<typeof createLateSyncDal>;
