import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../core/db/connection.ts';
import { candidates, examSessions, scores, sittingParts, sittings } from '../../core/db/schema.ts';

export function createResultsDal(db: Db) {
  return {
    partSummaries() {
      return db
        .select({
          sittingPartId: sittingParts.id,
          sittingId: sittings.id,
          sittingName: sittings.name,
          level: sittings.level,
          kind: sittingParts.part,
          durationMinutes: sittingParts.durationMinutes,
          passScore: sittingParts.passScore,
          releasedAt: sittingParts.resultsReleasedAt,
          candidates: sql<number>`(select count(*) from ${candidates} where ${candidates.sittingId} = ${sittings.id})`,
          ended: sql<number>`(select count(*) from ${examSessions} where ${examSessions.sittingPartId} = ${sittingParts.id} and ${examSessions.status} = 'ended')`,
          passed: sql<number>`(select count(*) from ${scores} join ${examSessions} on ${examSessions.id} = ${scores.sessionId} where ${examSessions.sittingPartId} = ${sittingParts.id} and ${scores.passed} = 1)`,
        })
        .from(sittingParts)
        .innerJoin(sittings, eq(sittings.id, sittingParts.sittingId))
        .orderBy(asc(sittings.id), asc(sittingParts.id))
        .all();
    },
    partResults(sittingPartId: number, sittingId: number) {
      return db
        .select({
          ticketNo: candidates.ticketNo,
          name: candidates.name,
          status: examSessions.status,
          endReason: examSessions.endReason,
          score: scores.score,
          passed: scores.passed,
        })
        .from(candidates)
        .leftJoin(examSessions, and(eq(examSessions.candidateId, candidates.id), eq(examSessions.sittingPartId, sittingPartId)))
        .leftJoin(scores, eq(scores.sessionId, examSessions.id))
        .where(eq(candidates.sittingId, sittingId))
        .orderBy(asc(candidates.ticketNo))
        .all();
    },
    part(id: number) {
      return db.select().from(sittingParts).where(eq(sittingParts.id, id)).get();
    },
    release(id: number, at: number) {
      db.update(sittingParts).set({ resultsReleasedAt: at }).where(eq(sittingParts.id, id)).run();
    },
  };
}
