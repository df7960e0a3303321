import { and, asc, desc, eq } from 'drizzle-orm';
import { forUpdate } from '../../core/db/dialect.ts';
import { tablesFor } from '../../core/db/owners.ts';
import type { Db } from '../../core/db/store.ts';
import type { rooms as roomsTable } from '../../core/db/pg-schema.ts';

/** Data access of plans, sittings, their parts and rooms (room edits are rooms-dal.ts); who sits where is tickets' (ports.ts). */
export function createPlanningDal(db: Db) {
  const { examPlans, rooms, sittingParts, sittings } = tablesFor(db, 'planning');
  return {
    async plans() {
      return db.select().from(examPlans).orderBy(desc(examPlans.registrationDeadline), asc(examPlans.id));
    },
    async plan(id: number) {
      const [row] = await db.select().from(examPlans).where(eq(examPlans.id, id));
      return row;
    },
    /**
     * The plan's row, locked until the transaction ends: two roster imports into one plan take
     * turns, so the second sees the first one's candidates (PostgreSQL; SQLite runs them in turn anyway).
     */
    async lockPlan(id: number) {
      const [row] = await forUpdate(db, db.select().from(examPlans).where(eq(examPlans.id, id)));
      return row;
    },
    /**
     * The sitting's row, locked until the transaction ends: everything that seats candidates or
     * changes rooms takes it first, so on PostgreSQL they take turns instead of reading each other's
     * seats before they are committed.
     */
    async lockSitting(id: number) {
      const [row] = await forUpdate(db, db.select().from(sittings).where(eq(sittings.id, id)));
      return row;
    },
    async planLevels(planId: number): Promise<number[]> {
      return (await db.selectDistinct({ level: sittings.level }).from(sittings).where(eq(sittings.planId, planId)).orderBy(desc(sittings.level))).map((r) => r.level);
    },
    async sittingsOf(planId: number, level: number) {
      return db.select().from(sittings).where(and(eq(sittings.planId, planId), eq(sittings.level, level))).orderBy(asc(sittings.startsAt), asc(sittings.id));
    },
    async sitting(id: number) {
      const [row] = await db.select().from(sittings).where(eq(sittings.id, id));
      return row;
    },
    async roomsOf(sittingId: number) {
      return db.select().from(rooms).where(eq(rooms.sittingId, sittingId)).orderBy(asc(rooms.id));
    },
    async sittingIdsOf(planId: number): Promise<number[]> {
      return (await db.select({ id: sittings.id }).from(sittings).where(eq(sittings.planId, planId))).map((r) => r.id);
    },
    /** The part's row, locked: two admins editing it take turns, so each audit names what it replaced. */
    async lockSittingPart(id: number) {
      const [row] = await forUpdate(db, db.select().from(sittingParts).where(eq(sittingParts.id, id)));
      return row;
    },
    async partSettings(sittingId: number) {
      return db
        .select({ id: sittingParts.id, kind: sittingParts.part, durationMinutes: sittingParts.durationMinutes, passScore: sittingParts.passScore, paperId: sittingParts.paperId })
        .from(sittingParts)
        .where(eq(sittingParts.sittingId, sittingId))
        .orderBy(asc(sittingParts.id));
    },
    async updatePart(id: number, settings: { durationMinutes: number; passScore: number }) {
      await db.update(sittingParts).set(settings).where(eq(sittingParts.id, id));
    },
    async insertRoom(values: typeof roomsTable.$inferInsert): Promise<number> {
      const [row] = await db.insert(rooms).values(values).returning({ id: rooms.id });
      return row!.id;
    },
  };
}
export type PlanningDal = ReturnType<typeof createPlanningDal>;
