import { and, asc, eq } from 'drizzle-orm';
import { tablesFor } from '../../core/db/owners.ts';
import type { Db } from '../../core/db/store.ts';
import type { ProctorOwners } from './ports.ts';

/** Rooms sort as their names would print: shorter first ('9' before '10'), then by code point on both stores. */
const byName = (a: string, b: string) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);

/**
 * SQL of proctor assignments (who proctors which room of a sitting), and what staffing reads of
 * sittings, rooms, candidates and accounts through their owners; made from the root `Db` or a `tx`.
 */
export function createAssignmentDal(db: Db, owners: Pick<ProctorOwners, 'planning' | 'candidates' | 'accounts'>) {
  const { proctorAssignments } = tablesFor(db, 'proctor');
  return {
    sittingExists: async (sittingId: number): Promise<boolean> => owners.planning(db).sittingExists(sittingId),
    /** Rooms of the sitting's room list and rooms that hold candidates, with seats and head count. */
    async rooms(sittingId: number): Promise<{ room: string; seats: number | null; candidates: number }[]> {
      const [listed, seated] = await Promise.all([owners.planning(db).roomsOf(sittingId), owners.candidates(db).seatedRooms([sittingId])]);
      const out = new Map<string, { room: string; seats: number | null; candidates: number }>();
      for (const r of listed) {
        const had = out.get(r.name);
        out.set(r.name, { room: r.name, seats: had?.seats == null ? r.seats : r.seats === null ? had.seats : Math.max(had.seats, r.seats), candidates: 0 });
      }
      for (const s of seated) out.set(s.room, { room: s.room, seats: out.get(s.room)?.seats ?? null, candidates: s.candidates });
      return [...out.values()].sort((a, b) => byName(a.room, b.room));
    },
    async assignments(sittingId: number) {
      return db
        .select({ room: proctorAssignments.room, userId: proctorAssignments.userId })
        .from(proctorAssignments)
        .where(eq(proctorAssignments.sittingId, sittingId))
        .orderBy(asc(proctorAssignments.room), asc(proctorAssignments.userId));
    },
    usersByIds: async (ids: readonly number[]) => owners.accounts(db).byIds(ids),
    /** True when this call added it: another admin's save adding the same proctor at once adds it once. */
    async add(sittingId: number, room: string, userId: number): Promise<boolean> {
      const added = await db.insert(proctorAssignments).values({ sittingId, room, userId }).onConflictDoNothing().returning({ id: proctorAssignments.id });
      return added.length === 1;
    },
    /** True when this call removed it. */
    async remove(sittingId: number, room: string, userId: number): Promise<boolean> {
      const removed = await db
        .delete(proctorAssignments)
        .where(and(eq(proctorAssignments.sittingId, sittingId), eq(proctorAssignments.room, room), eq(proctorAssignments.userId, userId)));
      return removed.rowCount === 1;
    },
  };
}
