import { hasAccommodations, type Accommodations, type AccommodationsView } from '@shared/accommodations.ts';
import type { PartKind } from '@shared/domain.ts';
import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../core/db/connection.ts';
import { NotFoundError } from '../../core/errors.ts';
import { appendAuditSync } from '../../core/audit.ts';
import { createAccommodationsDal, toAccommodations } from './accommodations-dal.ts';

/**
 * Accommodations planned ahead for a candidate (issue #18), set by the exam office from the
 * application review, the seating list or a roster import; every change is audited with both
 * versions. Other features read them through the ports below, never the table.
 */
export function createAccommodationsService(deps: { db: Db; clock: Clock; onChanged?: (candidateId: number) => void }) {
  const dal = createAccommodationsDal(deps.db);

  function candidateOf(ticketNo: string) {
    const candidate = dal.candidateByTicket(ticketNo);
    if (!candidate) throw new NotFoundError('No candidate with this admission ticket', { key: 'accommodation.noCandidate' });
    return candidate;
  }

  /** Inside the caller's transaction when given one (the roster import seats and plans in one). */
  function write(db: Db, candidateId: number, next: Accommodations, actorUserId: number | null, source: 'review' | 'seating' | 'roster') {
    const local = createAccommodationsDal(db);
    const before = toAccommodations(local.row(candidateId));
    const at = deps.clock.now();
    local.upsert(candidateId, next, at, actorUserId);
    appendAuditSync(db, { at, actorUserId, action: 'accommodation.set', entity: 'candidate', entityId: candidateId, details: { source, from: before, to: next } });
  }

  return {
    get(ticketNo: string): AccommodationsView {
      const c = candidateOf(ticketNo);
      const row = dal.row(c.id);
      return { ticketNo: c.ticketNo, name: c.name, updatedAt: row?.updatedAt ?? null, ...toAccommodations(row) };
    },

    set(actorUserId: number, ticketNo: string, next: Accommodations, source: 'review' | 'seating'): AccommodationsView {
      const c = candidateOf(ticketNo);
      deps.db.transaction(() => write(deps.db, c.id, next, actorUserId, source));
      deps.onChanged?.(c.id);
      return this.get(ticketNo);
    },

    /** For the roster import: plans accommodations of a candidate it has just seated, in its transaction. */
    setImported(db: Db, candidateId: number, next: Accommodations, actorUserId: number) {
      if (hasAccommodations(next)) write(db, candidateId, next, actorUserId, 'roster');
    },

    /** Port for the exam: a candidate's planned extra time of one part. */
    plannedExtraTime(candidateId: number, part: PartKind) {
      if (part !== 'theory' && part !== 'skills') return null;
      return toAccommodations(dal.row(candidateId)).extraTime[part];
    },

    /** Port for the proctor console: what is planned for the candidates of a room. */
    ofCandidates(candidateIds: readonly number[]): Map<number, Accommodations> {
      return new Map(dal.rows(candidateIds).map((r) => [r.candidateId, toAccommodations(r)]));
    },
  };
}
export type AccommodationsService = ReturnType<typeof createAccommodationsService>;
