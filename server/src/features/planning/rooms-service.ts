import type { RoomUpdateBody, SeatMoveBody, SittingSeating } from '@shared/planning.ts';
import { seatLabel } from '@shared/planning.ts';
import type { Clock } from '../../core/clock.ts';
import type { MaybePromise } from '../../core/maybe-promise.ts';
import type { Db } from '../../core/db/store.ts';
import { BadRequestError, NotFoundError, StateError } from '../../core/errors.ts';
import { appendAudit } from '../../core/audit.ts';
import { createPlanningDal } from './planning-dal.ts';
import { moveRefusal, removeRefusal, renameRefusal, resizeRefusal, sittingStarted } from './room-rules.ts';
import { createRoomsDal } from './rooms-dal.ts';
import { examDay, type ExamDayPorts } from './exam-day.ts';

/**
 * Rooms renamed, resized and removed, and candidates moved between seats, before exam day. Each
 * change is checked and audited inside one transaction, so a refused change leaves nothing behind;
 * it locks the sitting's row first, the turn that seating a candidate (tickets' `issue`) takes too,
 * so on PostgreSQL a room is never shrunk, renamed or removed under a seat being given out.
 */
export type RoomsDeps = {
  db: Db;
  clock: Clock;
  /** After candidates of a sitting changed rooms or seats: the proctor console's cached seating is stale. */
  onSeatingChanged?: (sittingId: number) => void;
  /** After a removed room took its proctors with it: their open consoles are told. */
  onProctorUnassigned?: (change: { userId: number; sittingId: number; room: string; assigned: false }) => void;
  /** Which candidates have a photo for the identity check: the seating list says so beside each. */
  withPhoto: (candidateIds: readonly number[]) => MaybePromise<Set<number>>;
} & ExamDayPorts;

export function createRoomsService(deps: RoomsDeps) {
  const planning = createPlanningDal(deps.db);
  const day = examDay(deps);

  async function lockedSittingOf(tx: Db, id: number) {
    const sitting = await createPlanningDal(tx).lockSitting(id);
    if (!sitting) throw new NotFoundError('No such sitting', { key: 'plan.noSitting' });
    return sitting;
  }

  /**
   * Every table that keys by room name follows the new name. Incidents do not: they are an
   * append-only record of where something happened (a trigger forbids updating them).
   */
  async function rename(tx: Db, room: { id: number; sittingId: number; name: string }, to: string) {
    await createRoomsDal(tx).rename(room.id, to);
    const candidates = await deps.seats.renameRoom(tx, room.sittingId, room.name, to);
    return { candidates, proctorAssignments: await deps.proctors.renameRoom(tx, room.sittingId, room.name, to) };
  }

  return {
    async seating(sittingId: number): Promise<SittingSeating> {
      if (!(await planning.sitting(sittingId))) throw new NotFoundError('No such sitting', { key: 'plan.noSitting' });
      const seated = await day.seating(deps.db, sittingId);
      const photos = await deps.withPhoto(seated.map((c) => c.id));
      const rooms = await planning.roomsOf(sittingId);
      return { sittingId, rooms: rooms.map((r) => ({ id: r.id, name: r.name, seats: r.seats })), candidates: seated.map((c) => ({ ...c, hasPhoto: photos.has(c.id) })) };
    },

    async updateRoom(actorUserId: number, roomId: number, body: RoomUpdateBody) {
      const now = deps.clock.now();
      const updated = await deps.db.transaction(async (tx) => {
        const dal = createRoomsDal(tx);
        const found = await dal.room(roomId);
        if (!found) throw new NotFoundError('No such room', { key: 'plan.noRoom' });
        const sitting = await lockedSittingOf(tx, found.sittingId);
        // Read again behind the lock: an edit that held it may have renamed or resized the room.
        const room = await dal.room(roomId);
        if (!room) throw new NotFoundError('No such room', { key: 'plan.noRoom' });
        const taken = (await deps.seats.taken(tx, room.sittingId)).filter((c) => c.room === room.name);
        const tooSmall = resizeRefusal(
          taken.map((c) => c.seat),
          body.seats,
        );
        if (tooSmall) throw new StateError('CONFLICT', tooSmall.message, { key: tooSmall.key, params: tooSmall.params });
        const renameRefused = renameRefusal({
          from: room.name,
          to: body.name,
          started: sittingStarted(sitting.startsAt, now, await day.activity(tx, sitting.id)),
          otherRooms: (await createPlanningDal(tx).roomsOf(sitting.id)).filter((r) => r.id !== room.id).map((r) => r.name),
          namesInUse: (await day.namesInUse(tx, sitting.id)).filter((n) => n !== room.name),
        });
        if (renameRefused) throw new StateError('CONFLICT', renameRefused.message, { key: renameRefused.key, params: renameRefused.params });
        const cascaded = body.name === room.name ? { candidates: 0, proctorAssignments: 0 } : await rename(tx, room, body.name);
        if (body.seats !== room.seats) await dal.resize(room.id, body.seats);
        await appendAudit(tx, {
          at: now,
          actorUserId,
          action: 'room.updated',
          entity: 'room',
          entityId: room.id,
          details: { sittingId: sitting.id, before: { name: room.name, seats: room.seats }, after: body, renamed: cascaded },
        });
        return { id: room.id, sittingId: sitting.id, renamed: body.name !== room.name, ...body };
      });
      if (updated.renamed) deps.onSeatingChanged?.(updated.sittingId);
      return { id: updated.id, name: updated.name, seats: updated.seats };
    },

    async removeRoom(actorUserId: number, roomId: number) {
      const now = deps.clock.now();
      const removed = await deps.db.transaction(async (tx) => {
        const dal = createRoomsDal(tx);
        const found = await dal.room(roomId);
        if (!found) throw new NotFoundError('No such room', { key: 'plan.noRoom' });
        await lockedSittingOf(tx, found.sittingId);
        const room = await dal.room(roomId);
        if (!room) throw new NotFoundError('No such room', { key: 'plan.noRoom' });
        const refused = removeRefusal((await deps.seats.taken(tx, room.sittingId)).filter((c) => c.room === room.name).length);
        if (refused) throw new StateError('CONFLICT', refused.message, { key: refused.key, params: refused.params });
        const proctors = await deps.proctors.proctorsOf(tx, room.sittingId, room.name);
        // The room and its proctor assignments (a proctor of an empty room has nobody to watch).
        await deps.proctors.removeRoom(tx, room.sittingId, room.name);
        await dal.remove(room.id);
        await appendAudit(tx, {
          at: now,
          actorUserId,
          action: 'room.removed',
          entity: 'room',
          entityId: room.id,
          details: { sittingId: room.sittingId, before: { name: room.name, seats: room.seats }, proctorsUnassigned: proctors },
        });
        return { room, proctors };
      });
      for (const userId of removed.proctors) deps.onProctorUnassigned?.({ userId, sittingId: removed.room.sittingId, room: removed.room.name, assigned: false });
      return { id: roomId };
    },

    /** To a free seat of a room of the candidate's own sitting; the admission ticket reads the new seat. */
    async moveCandidate(actorUserId: number, candidateId: number, body: SeatMoveBody) {
      const now = deps.clock.now();
      const moved = await deps.db.transaction(async (tx) => {
        const dal = createRoomsDal(tx);
        const found = await deps.seats.candidate(tx, candidateId);
        if (!found) throw new NotFoundError('No such candidate', { key: 'plan.noCandidate' });
        await lockedSittingOf(tx, found.sittingId);
        // Behind the lock: a move that held it may have moved this candidate already.
        const candidate = (await deps.seats.candidate(tx, candidateId))!;
        const room = await dal.room(body.roomId);
        if (!room || room.sittingId !== candidate.sittingId) throw new BadRequestError("The room is not one of the candidate's sitting", { key: 'plan.roomNotOfSitting' });
        const refused = moveRefusal({
          candidateStarted: await day.begun(tx, candidate.id),
          current: candidate,
          target: { room, seat: body.seat },
          taken: await deps.seats.taken(tx, candidate.sittingId),
        });
        if (refused?.status === 'bad') throw new BadRequestError(refused.message, { key: refused.key, params: refused.params });
        if (refused) throw new StateError('CONFLICT', refused.message, { key: refused.key, params: refused.params });
        const seat = seatLabel(body.seat);
        await deps.seats.move(tx, candidate.id, room.name, seat);
        await appendAudit(tx, {
          at: now,
          actorUserId,
          action: 'candidate.seat_moved',
          entity: 'candidate',
          entityId: candidate.id,
          details: { ticketNo: candidate.ticketNo, sittingId: candidate.sittingId, before: { room: candidate.room, seat: candidate.seat }, after: { room: room.name, seat } },
        });
        return { id: candidate.id, sittingId: candidate.sittingId, room: room.name, seat };
      });
      deps.onSeatingChanged?.(moved.sittingId);
      return { id: moved.id, room: moved.room, seat: moved.seat };
    },
  };
}
export type RoomsService = ReturnType<typeof createRoomsService>;
