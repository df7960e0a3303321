import type { Db } from '../../core/db/store.ts';
import type { ExamOwners, PartRow } from './ports.ts';

/**
 * What a session needs of its part, and when its sitting opens (a sitting's opening is never changed
 * once made); `resultsReleasedAt` changes later and is read from planning where it matters.
 */
export type FixedPart = Omit<PartRow, 'resultsReleasedAt'> & { sittingStartsAt: number };

/**
 * The parts of sessions, kept per node: once a session of a part exists, planning refuses to change
 * its duration or pass line and papers to assign it another paper (both under the part's row lock,
 * which a start holds), so what is read then stays true on every node. A save, an end and a page
 * then read no part at all, and neither does a start once this node has seen a session of the part.
 * Only ever loaded with a session of the part in hand.
 */
export function createFixedParts(owners: ExamOwners) {
  const kept = new Map<number, FixedPart>();
  return {
    /** The part of a session; pass `tx` inside a transaction (its body must not wait for the root db). */
    async of(db: Db, sittingPartId: number): Promise<FixedPart | undefined> {
      const hit = kept.get(sittingPartId);
      if (hit) return hit;
      const row = await owners.planning(db).partWithStart(sittingPartId);
      if (!row) return undefined;
      const fixed: FixedPart = { id: row.id, sittingId: row.sittingId, part: row.part, durationMinutes: row.durationMinutes, passScore: row.passScore, paperId: row.paperId, sittingStartsAt: row.sittingStartsAt };
      kept.set(sittingPartId, fixed);
      return fixed;
    },
    /** The part if this node has seen a session of it (so it is fixed), without reading: a start asks before it has one. */
    seen(sittingPartId: number): FixedPart | undefined {
      return kept.get(sittingPartId);
    },
  };
}
export type FixedParts = ReturnType<typeof createFixedParts>;
