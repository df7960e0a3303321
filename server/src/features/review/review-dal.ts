import { and, asc, eq, inArray } from 'drizzle-orm';
import { sittingLabelSql } from '../../core/db/sitting-label.ts';
import { forUpdate } from '../../core/db/dialect.ts';
import { tablesOf, type Db, type Tables } from '../../core/db/store.ts';

/**
 * Review panels on the async data layer (docs/cluster.md §1). Still reads tables other features own
 * (users, sittings, sitting_parts, candidates, exam_sessions, scores): see issue #16 step 2.
 */
export function createReviewDal(db: Db) {
  const { users, sittingParts, sittings, examPlans, reviewPanels, reviewPanelMembers, reviewScores, candidates, examSessions, scores } = tablesOf(db);
  return {
    async userByLogin(login: string) {
      const [row] = await db.select().from(users).where(eq(users.login, login));
      return row;
    },
    async partWithSitting(id: number) {
      const [row] = await db
        .select({ part: sittingParts, sitting: sittings, sittingName: sittingLabelSql({ examPlans, sittings }) })
        .from(sittingParts)
        .innerJoin(sittings, eq(sittings.id, sittingParts.sittingId))
        .where(eq(sittingParts.id, id));
      return row;
    },
    async panelOfPart(sittingPartId: number) {
      const [row] = await db.select().from(reviewPanels).where(eq(reviewPanels.sittingPartId, sittingPartId));
      return row;
    },
    async panel(id: number) {
      const [row] = await db.select().from(reviewPanels).where(eq(reviewPanels.id, id));
      return row;
    },
    async panels() {
      return db.select().from(reviewPanels).orderBy(asc(reviewPanels.id));
    },
    /** The part's panel, created with this chair unless one exists (two admins at once make one panel). */
    async ensurePanel(values: Omit<Tables['reviewPanels']['$inferInsert'], 'id'>) {
      await db.insert(reviewPanels).values(values).onConflictDoNothing({ target: reviewPanels.sittingPartId });
      const [row] = await db.select().from(reviewPanels).where(eq(reviewPanels.sittingPartId, values.sittingPartId));
      return row!;
    },
    async setMembers(panelId: number, userIds: number[]) {
      await db.delete(reviewPanelMembers).where(eq(reviewPanelMembers.panelId, panelId));
      if (userIds.length > 0) await db.insert(reviewPanelMembers).values(userIds.map((userId) => ({ panelId, userId })));
    },
    async setChair(panelId: number, chairUserId: number) {
      await db.update(reviewPanels).set({ chairUserId }).where(eq(reviewPanels.id, panelId));
    },
    async memberLogins(panelId: number): Promise<string[]> {
      const rows = await db
        .select({ login: users.login })
        .from(reviewPanelMembers)
        .innerJoin(users, eq(users.id, reviewPanelMembers.userId))
        .where(eq(reviewPanelMembers.panelId, panelId))
        .orderBy(asc(users.login));
      return rows.map((r) => r.login);
    },
    async userLogin(id: number): Promise<string | undefined> {
      const [row] = await db.select({ login: users.login }).from(users).where(eq(users.id, id));
      return row?.login;
    },
    async members(panelId: number) {
      return db
        .select({ userId: users.id, displayName: users.displayName })
        .from(reviewPanelMembers)
        .innerJoin(users, eq(users.id, reviewPanelMembers.userId))
        .where(eq(reviewPanelMembers.panelId, panelId))
        .orderBy(asc(users.id));
    },
    async candidatesOf(sittingId: number) {
      return db.select().from(candidates).where(eq(candidates.sittingId, sittingId)).orderBy(asc(candidates.ticketNo));
    },
    async candidate(id: number) {
      const [row] = await db.select().from(candidates).where(eq(candidates.id, id));
      return row;
    },
    async sessionsOfPart(sittingPartId: number) {
      return db.select({ session: examSessions, score: scores }).from(examSessions).leftJoin(scores, eq(scores.sessionId, examSessions.id)).where(eq(examSessions.sittingPartId, sittingPartId));
    },
    async session(candidateId: number, sittingPartId: number) {
      const [row] = await db.select().from(examSessions).where(and(eq(examSessions.candidateId, candidateId), eq(examSessions.sittingPartId, sittingPartId)));
      return row;
    },
    /**
     * The session, locked until the transaction ends on PostgreSQL: members scoring at once (and the
     * chair ending) take turns, so the last of them sees every score and the part is scored once.
     */
    async lockedSession(sessionId: number) {
      const [row] = await forUpdate(db, db.select().from(examSessions).where(eq(examSessions.id, sessionId)));
      return row;
    },
    /** undefined when the candidate has a session already (the unique candidate/part index decides). */
    async startSession(candidateId: number, sittingPartId: number, now: number) {
      // No deadline: the exam deadline scheduler must not try to machine-score a review.
      const [row] = await db.insert(examSessions).values({ candidateId, sittingPartId, status: 'in_progress', startedAt: now }).onConflictDoNothing().returning();
      return row;
    },
    /** Ends a running session; false when it was not running (any more). */
    async endSession(sessionId: number, now: number, endReason: 'submitted' | 'absent'): Promise<boolean> {
      const ended = await db
        .update(examSessions)
        .set({ status: 'ended', endedAt: now, endReason })
        .where(and(eq(examSessions.id, sessionId), eq(examSessions.status, 'in_progress')))
        .returning({ id: examSessions.id });
      return ended.length === 1;
    },
    async scoresOf(sessionIds: number[]) {
      return sessionIds.length === 0 ? [] : db.select().from(reviewScores).where(inArray(reviewScores.sessionId, sessionIds));
    },
    async putScore(sessionId: number, memberUserId: number, score: number, now: number) {
      await db
        .insert(reviewScores)
        .values({ sessionId, memberUserId, score, scoredAt: now })
        .onConflictDoUpdate({ target: [reviewScores.sessionId, reviewScores.memberUserId], set: { score, scoredAt: now } });
    },
    /** false when the part was scored already (scores.session_id is unique). */
    async insertPartScore(values: Omit<Tables['scores']['$inferInsert'], 'id'>): Promise<boolean> {
      return (await db.insert(scores).values(values).onConflictDoNothing({ target: scores.sessionId }).returning({ id: scores.id })).length === 1;
    },
    async hasPartScore(sessionId: number) {
      const [row] = await db.select({ id: scores.id }).from(scores).where(eq(scores.sessionId, sessionId));
      return row !== undefined;
    },
  };
}
export type ReviewDal = ReturnType<typeof createReviewDal>;
