import { and, asc, count, eq, inArray } from 'drizzle-orm';
import type { EndReason } from '@shared/domain.ts';
import { tablesFor } from '../../core/db/owners.ts';
import type { Db, Tables } from '../../core/db/store.ts';
import { idIn } from '../../core/db/dialect.ts';

type ScoreValues = Pick<Tables['scores']['$inferInsert'], 'rawPoints' | 'maxPoints' | 'score' | 'passed' | 'detailJson' | 'scoredAt'>;

/**
 * Sessions of parts with their scores, as the features reporting on them read them (results, the
 * review panel, the audit log's names, grading's scripts and their answers), and the rescoring a key
 * correction does: issue #16, exam owns the tables, wired in app.ts. A method taking `tx` (or `db`)
 * runs on the handle it is given, so a caller's transaction reads and writes through it.
 */
export function createPartSessions(db: Db) {
  return {
    /** Sessions of these parts, each with its score (null while unscored), by session id. */
    async ofParts(on: Db, partIds: readonly number[]) {
      if (partIds.length === 0) return [];
      const { examSessions, scores } = tablesFor(on, 'exam');
      return on
        .select({
          sessionId: examSessions.id,
          candidateId: examSessions.candidateId,
          sittingPartId: examSessions.sittingPartId,
          status: examSessions.status,
          endReason: examSessions.endReason,
          startedAt: examSessions.startedAt,
          lateSyncAt: examSessions.lateSyncAt,
          plannedExtraMinutes: examSessions.plannedExtraMinutes,
          incidentExtraMinutes: examSessions.incidentExtraMinutes,
          score: scores,
        })
        .from(examSessions)
        .leftJoin(scores, eq(scores.sessionId, examSessions.id))
        .where(inArray(examSessions.sittingPartId, [...partIds]))
        .orderBy(asc(examSessions.id));
    },
    /** Per part: sessions ended, and scores passed (parts with neither are left out). */
    async counts(partIds: readonly number[]): Promise<Map<number, { ended: number; passed: number }>> {
      if (partIds.length === 0) return new Map();
      const { examSessions, scores } = tablesFor(db, 'exam');
      const parts = inArray(examSessions.sittingPartId, [...partIds]);
      const ended = await db.select({ partId: examSessions.sittingPartId, n: count() }).from(examSessions).where(and(parts, eq(examSessions.status, 'ended'))).groupBy(examSessions.sittingPartId);
      const passed = await db
        .select({ partId: examSessions.sittingPartId, n: count() })
        .from(scores)
        .innerJoin(examSessions, eq(examSessions.id, scores.sessionId))
        .where(and(parts, eq(scores.passed, true)))
        .groupBy(examSessions.sittingPartId);
      const out = new Map<number, { ended: number; passed: number }>();
      const entry = (partId: number) => out.get(partId) ?? out.set(partId, { ended: 0, passed: 0 }).get(partId)!;
      for (const r of ended) entry(r.partId).ended = r.n;
      for (const r of passed) entry(r.partId).passed = r.n;
      return out;
    },
    /** The answers of each of these sessions (a session without answers is left out). */
    async answersOf(tx: Db, sessionIds: readonly number[]) {
      const { answers } = tablesFor(tx, 'exam');
      const rows = sessionIds.length === 0 ? [] : await tx.select().from(answers).where(idIn(tx, answers.sessionId, sessionIds)).orderBy(asc(answers.id));
      const out = new Map<number, (typeof rows)[number][]>();
      for (const r of rows) {
        const list = out.get(r.sessionId);
        if (list) list.push(r);
        else out.set(r.sessionId, [r]);
      }
      return out;
    },
    async updateScore(tx: Db, sessionId: number, values: ScoreValues): Promise<void> {
      const { scores } = tablesFor(tx, 'exam');
      await tx.update(scores).set(values).where(eq(scores.sessionId, sessionId));
    },
    /** Ids of the part's sessions that ended for one of these reasons, in id order (grading: its scripts). */
    async endedOfPart(sittingPartId: number, endReasons: readonly EndReason[]): Promise<number[]> {
      const { examSessions } = tablesFor(db, 'exam');
      const rows = await db
        .select({ id: examSessions.id })
        .from(examSessions)
        .where(and(eq(examSessions.sittingPartId, sittingPartId), eq(examSessions.status, 'ended'), inArray(examSessions.endReason, [...endReasons])))
        .orderBy(asc(examSessions.id));
      return rows.map((r) => r.id);
    },
    /** Whose session for which part and how it stands, for the audit log's names and grading's scripts. */
    async byIds(ids: readonly number[]) {
      if (ids.length === 0) return [];
      const { examSessions } = tablesFor(db, 'exam');
      return db
        .select({ id: examSessions.id, candidateId: examSessions.candidateId, sittingPartId: examSessions.sittingPartId, status: examSessions.status, endReason: examSessions.endReason })
        .from(examSessions)
        .where(idIn(db, examSessions.id, [...new Set(ids)]));
    },
  };
}
export type PartSessions = ReturnType<typeof createPartSessions>;
