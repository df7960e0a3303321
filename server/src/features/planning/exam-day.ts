import type { Db } from '../../core/db/store.ts';
import { createPlanningDal } from './planning-dal.ts';
import type { RoomProctors, Seats, StartedParts } from './ports.ts';

export type ExamDayPorts = { seats: Seats; started: StartedParts; proctors: RoomProctors };

/**
 * Whether exam day is under way (a proctor admitted someone, or someone started a part), read
 * through the ports of the features that own those rows; every call takes the caller's handle, so
 * inside a transaction it reads behind the locks the caller holds.
 */
export function examDay(ports: ExamDayPorts) {
  return {
    /** Candidates of a sitting in seating order, each with whether they have begun. */
    async seating(db: Db, sittingId: number) {
      const seated = await ports.seats.seated(db, sittingId);
      const ids = seated.map((c) => c.id);
      const [started, admitted] = [await ports.started.candidatesStarted(db, ids), await ports.proctors.admitted(db, ids)];
      return seated.map((c) => ({ ...c, started: started.has(c.id) || admitted.has(c.id) }));
    },
    /** A proctor admitted the candidate, or they started a part. */
    async begun(db: Db, candidateId: number): Promise<boolean> {
      return (await ports.started.candidatesStarted(db, [candidateId])).size > 0 || (await ports.proctors.admitted(db, [candidateId])).size > 0;
    },
    /** Started sessions in the sitting, else admissions of its candidates (either means exam day is under way). */
    async activity(db: Db, sittingId: number): Promise<number> {
      const parts = (await createPlanningDal(db).partSettings(sittingId)).map((p) => p.id);
      const sessions = [...(await ports.started.countByPart(db, parts)).values()].reduce((a, b) => a + b, 0);
      if (sessions > 0) return sessions;
      return (await ports.proctors.admitted(db, (await ports.seats.taken(db, sittingId)).map((c) => c.id))).size;
    },
    /** Room names any candidate or proctor assignment of the sitting is keyed to. */
    async namesInUse(db: Db, sittingId: number): Promise<string[]> {
      const seated = (await ports.seats.taken(db, sittingId)).map((c) => c.room);
      return [...new Set([...seated, ...(await ports.proctors.rooms(db, sittingId))])];
    },
  };
}
export type ExamDay = ReturnType<typeof examDay>;
