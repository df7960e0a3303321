import { and, eq } from 'drizzle-orm';
import { tablesFor } from '../../core/db/owners.ts';
import type { Db } from '../../core/db/store.ts';
import { idIn } from '../../core/db/dialect.ts';

/**
 * What the proctor console reads of exam sessions: a room's sessions of one part (the grid), a
 * candidate's running one. Batched by candidate ids: one query per grid, however many rows.
 */
export function createSessionReads(db: Db) {
  const { examSessions } = tablesFor(db, 'exam');
  return {
    async ofCandidates(candidateIds: readonly number[], sittingPartId: number) {
      if (candidateIds.length === 0) return [];
      return db
        .select({
          id: examSessions.id,
          candidateId: examSessions.candidateId,
          status: examSessions.status,
          deadline: examSessions.deadline,
          pausedAt: examSessions.pausedAt,
          endReason: examSessions.endReason,
          plannedExtraMinutes: examSessions.plannedExtraMinutes,
          incidentExtraMinutes: examSessions.incidentExtraMinutes,
        })
        .from(examSessions)
        .where(and(idIn(db, examSessions.candidateId, candidateIds), eq(examSessions.sittingPartId, sittingPartId)));
    },
    async runningOf(candidateId: number) {
      const [row] = await db
        .select({ id: examSessions.id, pausedAt: examSessions.pausedAt, sittingPartId: examSessions.sittingPartId })
        .from(examSessions)
        .where(and(eq(examSessions.candidateId, candidateId), eq(examSessions.status, 'in_progress')));
      return row;
    },
  };
}
export type SessionReads = ReturnType<typeof createSessionReads>;
