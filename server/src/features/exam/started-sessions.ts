import { and, count, eq, inArray, ne } from 'drizzle-orm';
import { tablesFor } from '../../core/db/owners.ts';
import type { Db } from '../../core/db/store.ts';
import { idIn } from '../../core/db/dialect.ts';

/**
 * Which parts and candidates have begun: planning fixes a part's settings and a sitting's rooms once
 * anyone started. Takes the caller's handle: planning reads it inside its transaction, behind the
 * part's or sitting's row lock (a start holds the part row `FOR KEY SHARE`, so an edit holding it
 * `FOR UPDATE` sees every start committed before it and none after).
 */
export const startedSessions = {
  /** Started sessions (anything but not_started) per part, for these parts; a part with none is absent. */
  async countByPart(db: Db, partIds: readonly number[]): Promise<Map<number, number>> {
    if (partIds.length === 0) return new Map();
    const { examSessions } = tablesFor(db, 'exam');
    const rows = await db
      .select({ partId: examSessions.sittingPartId, n: count() })
      .from(examSessions)
      .where(and(inArray(examSessions.sittingPartId, [...partIds]), ne(examSessions.status, 'not_started')))
      .groupBy(examSessions.sittingPartId);
    return new Map(rows.map((r) => [r.partId, r.n]));
  },
  /** Those of these candidates who have started a part. */
  async candidatesStarted(db: Db, candidateIds: readonly number[]): Promise<Set<number>> {
    if (candidateIds.length === 0) return new Set();
    const { examSessions } = tablesFor(db, 'exam');
    const rows = await db
      .selectDistinct({ id: examSessions.candidateId })
      .from(examSessions)
      .where(and(idIn(db, examSessions.candidateId, candidateIds), ne(examSessions.status, 'not_started')));
    return new Set(rows.map((r) => r.id));
  },
};
export type StartedSessions = typeof startedSessions;
