import { and, asc, eq } from 'drizzle-orm';
import { tablesFor } from '../../core/db/owners.ts';
import type { Db } from '../../core/db/store.ts';
import { idIn } from '../../core/db/dialect.ts';

/**
 * What planning's room edits need of the proctor feature: proctor assignments are keyed by room
 * name, so a renamed room carries its proctors along and a removed one drops them; a candidate a
 * proctor admitted has begun exam day. Every call takes planning's transaction (behind the
 * sitting's row lock), so the room and its assignments change together.
 */
export const roomAssignments = {
  /** Room names the sitting's proctor assignments use. */
  async rooms(db: Db, sittingId: number): Promise<string[]> {
    const { proctorAssignments } = tablesFor(db, 'proctor');
    return (await db.selectDistinct({ room: proctorAssignments.room }).from(proctorAssignments).where(eq(proctorAssignments.sittingId, sittingId))).map((r) => r.room);
  },
  async proctorsOf(db: Db, sittingId: number, room: string): Promise<number[]> {
    const { proctorAssignments } = tablesFor(db, 'proctor');
    const rows = await db
      .select({ userId: proctorAssignments.userId })
      .from(proctorAssignments)
      .where(and(eq(proctorAssignments.sittingId, sittingId), eq(proctorAssignments.room, room)))
      .orderBy(asc(proctorAssignments.userId));
    return rows.map((r) => r.userId);
  },
  /** Assignments follow a renamed room; how many. */
  async renameRoom(tx: Db, sittingId: number, from: string, to: string): Promise<number> {
    const { proctorAssignments } = tablesFor(tx, 'proctor');
    return (await tx.update(proctorAssignments).set({ room: to }).where(and(eq(proctorAssignments.sittingId, sittingId), eq(proctorAssignments.room, from)))).rowCount ?? 0;
  },
  /** A proctor of a removed room has nobody to watch. */
  async removeRoom(tx: Db, sittingId: number, room: string): Promise<void> {
    const { proctorAssignments } = tablesFor(tx, 'proctor');
    await tx.delete(proctorAssignments).where(and(eq(proctorAssignments.sittingId, sittingId), eq(proctorAssignments.room, room)));
  },
  /** Those of these candidates a proctor has admitted. */
  async admitted(db: Db, candidateIds: readonly number[]): Promise<Set<number>> {
    if (candidateIds.length === 0) return new Set();
    const { admissions } = tablesFor(db, 'proctor');
    const rows = await db.select({ id: admissions.candidateId }).from(admissions).where(idIn(db, admissions.candidateId, candidateIds));
    return new Set(rows.map((r) => r.id));
  },
};
export type RoomAssignments = typeof roomAssignments;
