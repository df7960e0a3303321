import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../core/db/connection.ts';
import { sittingLabelSql } from '../../core/db/sitting-label.ts';
import { candidates, examSessions, reviewPanelMembers, reviewPanels, reviewScores, scores, sittingParts, sittings, users } from '../../core/db/schema.ts';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export function createReviewDal(db: Db | Tx) {
  return {
    userByLogin(login: string) {
      return db.select().from(users).where(eq(users.login, login)).get();
    },
    partWithSitting(id: number) {
      return db.select({ part: sittingParts, sitting: sittings, sittingName: sittingLabelSql() }).from(sittingParts).innerJoin(sittings, eq(sittings.id, sittingParts.sittingId)).where(eq(sittingParts.id, id)).get();
    },
    panelOfPart(sittingPartId: number) {
      return db.select().from(reviewPanels).where(eq(reviewPanels.sittingPartId, sittingPartId)).get();
    },
    panel(id: number) {
      return db.select().from(reviewPanels).where(eq(reviewPanels.id, id)).get();
    },
    panels() {
      return db.select().from(reviewPanels).orderBy(asc(reviewPanels.id)).all();
    },
    insertPanel(values: Omit<typeof reviewPanels.$inferInsert, 'id'>) {
      return db.insert(reviewPanels).values(values).returning().get();
    },
    setMembers(panelId: number, userIds: number[]) {
      db.delete(reviewPanelMembers).where(eq(reviewPanelMembers.panelId, panelId)).run();
      for (const userId of userIds) db.insert(reviewPanelMembers).values({ panelId, userId }).run();
    },
    setChair(panelId: number, chairUserId: number) {
      db.update(reviewPanels).set({ chairUserId }).where(eq(reviewPanels.id, panelId)).run();
    },
    memberLogins(panelId: number): string[] {
      return db
        .select({ login: users.login })
        .from(reviewPanelMembers)
        .innerJoin(users, eq(users.id, reviewPanelMembers.userId))
        .where(eq(reviewPanelMembers.panelId, panelId))
        .orderBy(asc(users.login))
        .all()
        .map((r) => r.login);
    },
    userLogin(id: number): string | undefined {
      return db.select({ login: users.login }).from(users).where(eq(users.id, id)).get()?.login;
    },
    members(panelId: number) {
      return db
        .select({ userId: users.id, displayName: users.displayName })
        .from(reviewPanelMembers)
        .innerJoin(users, eq(users.id, reviewPanelMembers.userId))
        .where(eq(reviewPanelMembers.panelId, panelId))
        .orderBy(asc(users.id))
        .all();
    },
    candidatesOf(sittingId: number) {
      return db.select().from(candidates).where(eq(candidates.sittingId, sittingId)).orderBy(asc(candidates.ticketNo)).all();
    },
    candidate(id: number) {
      return db.select().from(candidates).where(eq(candidates.id, id)).get();
    },
    sessionsOfPart(sittingPartId: number) {
      return db.select({ session: examSessions, score: scores }).from(examSessions).leftJoin(scores, eq(scores.sessionId, examSessions.id)).where(eq(examSessions.sittingPartId, sittingPartId)).all();
    },
    session(candidateId: number, sittingPartId: number) {
      return db.select().from(examSessions).where(and(eq(examSessions.candidateId, candidateId), eq(examSessions.sittingPartId, sittingPartId))).get();
    },
    startSession(candidateId: number, sittingPartId: number, now: number) {
      // No deadline: the exam deadline scheduler must not try to machine-score a review.
      return db.insert(examSessions).values({ candidateId, sittingPartId, status: 'in_progress', startedAt: now }).returning().get();
    },
    endSession(sessionId: number, now: number, endReason: 'submitted' | 'absent') {
      db.update(examSessions).set({ status: 'ended', endedAt: now, endReason }).where(eq(examSessions.id, sessionId)).run();
    },
    scoresOf(sessionIds: number[]) {
      return sessionIds.length === 0 ? [] : db.select().from(reviewScores).where(inArray(reviewScores.sessionId, sessionIds)).all();
    },
    putScore(sessionId: number, memberUserId: number, score: number, now: number) {
      db.insert(reviewScores)
        .values({ sessionId, memberUserId, score, scoredAt: now })
        .onConflictDoUpdate({ target: [reviewScores.sessionId, reviewScores.memberUserId], set: { score, scoredAt: now } })
        .run();
    },
    insertPartScore(values: Omit<typeof scores.$inferInsert, 'id'>) {
      db.insert(scores).values(values).run();
    },
    hasPartScore(sessionId: number) {
      return db.select({ id: scores.id }).from(scores).where(eq(scores.sessionId, sessionId)).get() !== undefined;
    },
  };
}
