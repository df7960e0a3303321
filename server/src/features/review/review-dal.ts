import { asc, eq } from 'drizzle-orm';
import { tablesFor } from '../../core/db/owners.ts';
import type { Db, Tables } from '../../core/db/store.ts';
import { idIn } from '../../core/db/dialect.ts';

/**
 * The review feature's own tables: panels, their members and the members' scores (docs/cluster.md §1).
 * Whatever else it needs (accounts, the part, candidates, sessions) comes through its ports (ports.ts).
 */
export function createReviewDal(db: Db) {
  const { reviewPanels, reviewPanelMembers, reviewScores } = tablesFor(db, 'review');
  return {
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
    async memberIds(panelId: number): Promise<number[]> {
      const rows = await db.select({ userId: reviewPanelMembers.userId }).from(reviewPanelMembers).where(eq(reviewPanelMembers.panelId, panelId));
      return rows.map((r) => r.userId);
    },
    async scoresOf(sessionIds: number[]) {
      return sessionIds.length === 0 ? [] : db.select().from(reviewScores).where(idIn(db, reviewScores.sessionId, sessionIds));
    },
    async putScore(sessionId: number, memberUserId: number, score: number, now: number) {
      await db
        .insert(reviewScores)
        .values({ sessionId, memberUserId, score, scoredAt: now })
        .onConflictDoUpdate({ target: [reviewScores.sessionId, reviewScores.memberUserId], set: { score, scoredAt: now } });
    },
  };
}
export type ReviewDal = ReturnType<typeof createReviewDal>;
