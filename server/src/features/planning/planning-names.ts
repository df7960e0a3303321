import { eq, inArray } from 'drizzle-orm';
import { tablesFor } from '../../core/db/owners.ts';
import type { Db } from '../../core/db/store.ts';

/**
 * Display names of plans, sittings, parts and rooms by id, for the audit log's sentences (issue #16:
 * planning owns the tables, the audit log reads through this port, wired in app.ts), a page at a time.
 */
export function createPlanningNames(db: Db) {
  const { examPlans, sittings, sittingParts, rooms } = tablesFor(db, 'planning');
  const unique = (ids: readonly number[]) => [...new Set(ids)];
  return {
    async plans(ids: readonly number[]) {
      return ids.length === 0 ? [] : db.select({ id: examPlans.id, title: examPlans.title }).from(examPlans).where(inArray(examPlans.id, unique(ids)));
    },
    async sittings(ids: readonly number[]) {
      return ids.length === 0 ? [] : db.select({ id: sittings.id, name: sittings.name }).from(sittings).where(inArray(sittings.id, unique(ids)));
    },
    /** A part with its sitting's name. */
    async parts(ids: readonly number[]) {
      if (ids.length === 0) return [];
      return db
        .select({ id: sittingParts.id, sittingName: sittings.name, part: sittingParts.part })
        .from(sittingParts)
        .innerJoin(sittings, eq(sittings.id, sittingParts.sittingId))
        .where(inArray(sittingParts.id, unique(ids)));
    },
    async rooms(ids: readonly number[]) {
      return ids.length === 0 ? [] : db.select({ id: rooms.id, name: rooms.name }).from(rooms).where(inArray(rooms.id, unique(ids)));
    },
  };
}
