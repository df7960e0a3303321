import { hasAccommodations, type Accommodations, type AccommodationsView } from '@shared/accommodations.ts';
import type { PartKind } from '@shared/domain.ts';
import type { Clock } from '../../core/clock.ts';
import { batchedRead } from '../../core/db/batched-read.ts';
import type { Db } from '../../core/db/store.ts';
import { NotFoundError } from '../../core/errors.ts';
import { appendAudit } from '../../core/audit.ts';
import { createAccommodationsDal, toAccommodations } from './accommodations-dal.ts';
import type { CandidateDirectory, Seats } from './ports.ts';

/**
 * Accommodations planned ahead for a candidate (issue #18), set by the exam office from the
 * application review, the seating list or a roster import; every change is audited with both
 * versions. Other features read them through the ports below, never the table.
 */
export function createAccommodationsService(deps: { db: Db; clock: Clock; seats: Pick<Seats, 'lock'>; candidates: Pick<CandidateDirectory, 'byTicketNos'>; onChanged?: (candidateId: number) => void }) {
  const dal = createAccommodationsDal(deps.db);
  // Every start reads its candidate's row: the starts of a storm arriving together share one query.
  const rowAtStart = batchedRead(async (ids: readonly number[]) => new Map((await dal.rows(ids)).map((r) => [r.candidateId, r])));

  async function candidateOf(ticketNo: string) {
    const [candidate] = await deps.candidates.byTicketNos([ticketNo]);
    if (!candidate) throw new NotFoundError('No candidate with this admission ticket', { key: 'accommodation.noCandidate' });
    return candidate;
  }

  /** Inside the caller's transaction when given one (the roster import seats and plans in one). */
  async function write(tx: Db, candidateId: number, next: Accommodations, actorUserId: number | null, source: 'review' | 'seating' | 'roster') {
    const local = createAccommodationsDal(tx);
    // The candidate's row: two offices changing one candidate's accommodations take turns, so each audit names the version it replaced.
    await deps.seats.lock(tx, candidateId);
    const before = toAccommodations(await local.row(candidateId));
    const at = deps.clock.now();
    await local.upsert(candidateId, next, at, actorUserId);
    await appendAudit(tx, { at, actorUserId, action: 'accommodation.set', entity: 'candidate', entityId: candidateId, details: { source, from: before, to: next } });
  }

  return {
    async get(ticketNo: string): Promise<AccommodationsView> {
      const c = await candidateOf(ticketNo);
      const row = await dal.row(c.id);
      return { ticketNo: c.ticketNo, name: c.name, updatedAt: row?.updatedAt ?? null, ...toAccommodations(row) };
    },

    async set(actorUserId: number, ticketNo: string, next: Accommodations, source: 'review' | 'seating'): Promise<AccommodationsView> {
      const c = await candidateOf(ticketNo);
      await deps.db.transaction((tx) => write(tx, c.id, next, actorUserId, source));
      deps.onChanged?.(c.id);
      return this.get(ticketNo);
    },

    /** For the roster import: plans accommodations of a candidate it has just seated, in its transaction. */
    async setImported(tx: Db, candidateId: number, next: Accommodations, actorUserId: number) {
      if (hasAccommodations(next)) await write(tx, candidateId, next, actorUserId, 'roster');
    },

    /** Port for the exam: a candidate's planned extra time of one part. */
    async plannedExtraTime(candidateId: number, part: PartKind) {
      if (part !== 'theory' && part !== 'skills') return null;
      return toAccommodations(await rowAtStart(candidateId)).extraTime[part];
    },

    /** Port for the proctor console: what is planned for the candidates of a room. */
    async ofCandidates(candidateIds: readonly number[]): Promise<Map<number, Accommodations>> {
      return new Map((await dal.rows(candidateIds)).map((r) => [r.candidateId, toAccommodations(r)]));
    },
  };
}
export type AccommodationsService = ReturnType<typeof createAccommodationsService>;
