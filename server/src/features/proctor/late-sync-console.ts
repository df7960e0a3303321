import { and, asc, eq, inArray } from 'drizzle-orm';
import type { JournalFile, LateSyncDecided, LateSyncDecision, LateSyncReceipt, LateSyncRequest, OfflineSpan } from '@shared/latesync.ts';
import type { RoomRef } from '@shared/proctor.ts';
import { tablesFor } from '../../core/db/owners.ts';
import type { Db } from '../../core/db/store.ts';
import { NotFoundError } from '../../core/errors.ts';
import type { MaybePromise } from '../../core/maybe-promise.ts';
import type { AppServer } from '../../core/socket.ts';
import type { SessionUser } from '../../core/session-user.ts';
import type { LateSyncCore } from '../exam/late-sync-service.ts';
import type { ProctorOwners } from './ports.ts';
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

/** What the console needs of the exam feature's late sync (it owns sessions and answers); answers may be promises while exam converts (#16). */
export type LateSyncPort = {
  list(candidateIds: readonly number[]): MaybePromise<LateSyncCore[]>;
  candidateOf(requestId: number): MaybePromise<number>;
  decide(requestId: number, decision: LateSyncDecision, actorUserId: number): MaybePromise<LateSyncDecided>;
  importFile(file: JournalFile, candidateIds: ReadonlySet<number>, actorUserId: number): MaybePromise<LateSyncReceipt>;
};

/**
 * The proctor's side of late sync: requests of the room's candidates with their absences from the
 * incident log, decisions and uploaded journal files, all behind the room check of the console.
 */
export function createLateSyncConsole(deps: { db: Db; owners: Pick<ProctorOwners, 'candidates'>; io: AppServer; proctor: Pick<ProctorService, 'roomCandidates'>; lateSync: () => LateSyncPort; log?: { warn(obj: object, msg: string): void } }) {
  const { db, io, proctor } = deps;
  const { incidents } = tablesFor(db, 'proctor');

  async function connectionEvents(candidateId: number) {
    return db
      .select({ at: incidents.at, kind: incidents.kind })
      .from(incidents)
      .where(and(eq(incidents.candidateId, candidateId), inArray(incidents.kind, ['disconnected', 'reconnected'])))
      .orderBy(asc(incidents.at), asc(incidents.id));
  }

  async function roomOf(candidateId: number) {
    const [c] = await deps.owners.candidates(db).refs([candidateId]);
    return c;
  }

  return {
    /** The exam feature's port: absences as the incident log saw them. */
    offlineSpans: async (candidateId: number): Promise<OfflineSpan[]> => offlineSpans(await connectionEvents(candidateId)),

    /**
     * The exam feature's port: every console watching the candidate's room asks for the list again.
     * A nudge after the change committed: the caller does not wait for it, a failure is only logged.
     */
    changed(candidateId: number, requestId: number): void {
      roomOf(candidateId).then(
        (c) => void (c && io.to(roomChannel(c.sittingId, c.room)).emit('proctor:late_sync', { sittingId: c.sittingId, room: c.room, requestId })),
        (err: unknown) => deps.log?.warn({ err, candidateId, requestId }, 'proctor: late sync nudge failed'),
      );
    },

    async list(user: SessionUser, ref: RoomRef): Promise<LateSyncRequest[]> {
      const people = new Map((await proctor.roomCandidates(user, ref)).map((c) => [c.id, c]));
      const ids = [...people.keys()];
      const requests = await deps.lateSync().list(ids);
      return requests.map((r) => {
        const c = people.get(r.candidateId)!;
        return { ...r, seat: c.seat, name: c.name, ticketNo: c.ticketNo };
      });
    },

    async decide(user: SessionUser, ref: RoomRef, requestId: number, decision: LateSyncDecision): Promise<LateSyncDecided> {
      const ids = new Set((await proctor.roomCandidates(user, ref)).map((c) => c.id));
      const port = deps.lateSync();
      // Another room's request looks like a missing one.
      if (!ids.has(await port.candidateOf(requestId))) throw new NotFoundError('No such late sync request', { key: 'lateSync.noRequest' });
      return port.decide(requestId, decision, user.userId);
    },

    async upload(user: SessionUser, ref: RoomRef, file: JournalFile): Promise<LateSyncReceipt> {
      const ids = new Set((await proctor.roomCandidates(user, ref)).map((c) => c.id));
      return deps.lateSync().importFile(file, ids, user.userId);
    },
  };
}
export type LateSyncConsole = ReturnType<typeof createLateSyncConsole>;
