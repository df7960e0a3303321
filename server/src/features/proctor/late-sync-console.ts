import { and, asc, eq, inArray } from 'drizzle-orm';
import type { JournalFile, LateSyncDecided, LateSyncDecision, LateSyncRequest, OfflineSpan } from '@shared/latesync.ts';
import type { RoomRef } from '@shared/proctor.ts';
import type { Db } from '../../core/db/connection.ts';
import { candidates, incidents } from '../../core/db/schema.ts';
import { NotFoundError } from '../../core/errors.ts';
import type { AppServer } from '../../core/socket.ts';
import type { SessionUser } from '../../core/session-user.ts';
import type { LateSyncService } from '../exam/late-sync-service.ts';
import { roomChannel, type ProctorService } from './proctor-service.ts';

/** Absences from the incident log (disconnected … reconnected), oldest first. */
export function offlineSpans(events: readonly { at: number; kind: string }[]): OfflineSpan[] {
  const spans: OfflineSpan[] = [];
  for (const e of [...events].sort((a, b) => a.at - b.at)) {
    const open = spans.at(-1);
    if (e.kind === 'disconnected' && (!open || open.to !== null)) spans.push({ from: e.at, to: null });
    else if (e.kind === 'reconnected' && open && open.to === null) open.to = e.at;
  }
  return spans;
}

/** What the console needs of the exam feature's late sync (it owns sessions and answers). */
export type LateSyncPort = Pick<LateSyncService, 'list' | 'candidateOf' | 'decide' | 'importFile'>;

/**
 * The proctor's side of late sync: requests of the room's candidates with their absences from the
 * incident log, decisions and uploaded journal files, all behind the room check of the console.
 */
export function createLateSyncConsole(deps: { db: Db; io: AppServer; proctor: ProctorService; lateSync: () => LateSyncPort }) {
  const { db, io, proctor } = deps;

  function connectionEvents(candidateId: number) {
    return db
      .select({ at: incidents.at, kind: incidents.kind })
      .from(incidents)
      .where(and(eq(incidents.candidateId, candidateId), inArray(incidents.kind, ['disconnected', 'reconnected'])))
      .orderBy(asc(incidents.at), asc(incidents.id))
      .all();
  }

  function inRoom(user: SessionUser, ref: RoomRef) {
    return proctor.roomCandidates(user, ref);
  }

  return {
    /** The exam feature's port: absences as the incident log saw them. */
    offlineSpans: (candidateId: number): OfflineSpan[] => offlineSpans(connectionEvents(candidateId)),

    /** The exam feature's port: every console watching the candidate's room asks for the list again. */
    changed(candidateId: number, requestId: number) {
      const c = db.select({ sittingId: candidates.sittingId, room: candidates.room }).from(candidates).where(eq(candidates.id, candidateId)).get();
      if (c) io.to(roomChannel(c.sittingId, c.room)).emit('proctor:late_sync', { sittingId: c.sittingId, room: c.room, requestId });
    },

    async list(user: SessionUser, ref: RoomRef): Promise<LateSyncRequest[]> {
      const people = new Map(inRoom(user, ref).map((c) => [c.id, c]));
      const tickets = new Map(
        db.select({ id: candidates.id, ticketNo: candidates.ticketNo }).from(candidates).where(inArray(candidates.id, [...people.keys()])).all().map((r) => [r.id, r.ticketNo]),
      );
      return (await deps.lateSync().list([...people.keys()])).map((r) => {
        const c = people.get(r.candidateId)!;
        return { ...r, seat: c.seat, name: c.name, ticketNo: tickets.get(c.id) ?? '' };
      });
    },

    async decide(user: SessionUser, ref: RoomRef, requestId: number, decision: LateSyncDecision): Promise<LateSyncDecided> {
      const ids = new Set(inRoom(user, ref).map((c) => c.id));
      const port = deps.lateSync();
      // Another room's request looks like a missing one.
      if (!ids.has(await port.candidateOf(requestId))) throw new NotFoundError('No such late sync request', { key: 'lateSync.noRequest' });
      return port.decide(requestId, decision, user.userId);
    },

    upload(user: SessionUser, ref: RoomRef, file: JournalFile) {
      const ids = new Set(inRoom(user, ref).map((c) => c.id));
      return deps.lateSync().importFile(file, ids, user.userId);
    },
  };
}
export type LateSyncConsole = ReturnType<typeof createLateSyncConsole>;
