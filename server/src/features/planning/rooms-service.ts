import type { RoomUpdateBody, SeatMoveBody, SittingSeating } from '@shared/planning.ts';
import { seatLabel } from '@shared/planning.ts';
import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../core/db/connection.ts';
import { BadRequestError, NotFoundError, StateError } from '../../core/errors.ts';
import { appendAuditSync } from '../../core/audit.ts';
import { createPlanningDal } from './planning-dal.ts';
import { moveRefusal, removeRefusal, renameRefusal, resizeRefusal, sittingStarted } from './room-rules.ts';
import { createRoomsDal } from './rooms-dal.ts';

/**
 * Rooms renamed, resized and removed, and candidates moved between seats, before exam day. Each
 * change is checked and audited inside one transaction, so a refused change leaves nothing behind.
 */
export type RoomsDeps = {
  db: Db;
  clock: Clock;
  /** After candidates of a sitting changed rooms or seats: the proctor console's cached seating is stale. */
  onSeatingChanged?: (sittingId: number) => void;
  /** After a removed room took its proctors with it: their open consoles are told. */
  onProctorUnassigned?: (change: { userId: number; sittingId: number; room: string; assigned: false }) => void;
  /** Which candidates have a photo for the identity check: the seating list says so beside each. */
  withPhoto: (candidateIds: readonly number[]) => Set<number>;
};

export function createRoomsService(deps: RoomsDeps) {
  const dal = createRoomsDal(deps.db);
  const registration = createPlanningDal(deps.db);

  function sittingOf(id: number) {
    const sitting = registration.sitting(id);
    if (!sitting) throw new NotFoundError('No such sitting', { key: 'plan.noSitting' });
    return sitting;
  }

  return {
    seating(sittingId: number): SittingSeating {
      sittingOf(sittingId);
      const seated = dal.seating(sittingId);
      const photos = deps.withPhoto(seated.map((c) => c.id));
      return { sittingId, rooms: registration.roomsOf(sittingId).map((r) => ({ id: r.id, name: r.name, seats: r.seats })), candidates: seated.map((c) => ({ ...c, hasPhoto: photos.has(c.id) })) };
    },

    updateRoom(actorUserId: number, roomId: number, body: RoomUpdateBody) {
      const now = deps.clock.now();
      const updated = deps.db.transaction(() => {
        const room = dal.room(roomId);
        if (!room) throw new NotFoundError('No such room', { key: 'plan.noRoom' });
        const sitting = sittingOf(room.sittingId);
        const taken = dal.seating(room.sittingId).filter((c) => c.room === room.name);
        const tooSmall = resizeRefusal(
          taken.map((c) => c.seat),
          body.seats,
        );
        if (tooSmall) throw new StateError('CONFLICT', tooSmall.message, { key: tooSmall.key, params: tooSmall.params });
        const renameRefused = renameRefusal({
          from: room.name,
          to: body.name,
          started: sittingStarted(sitting.startsAt, now, dal.examDayActivity(sitting.id)),
          otherRooms: registration.roomsOf(sitting.id).filter((r) => r.id !== room.id).map((r) => r.name),
          namesInUse: dal.namesInUse(sitting.id).filter((n) => n !== room.name),
        });
        if (renameRefused) throw new StateError('CONFLICT', renameRefused.message, { key: renameRefused.key, params: renameRefused.params });
        const cascaded = body.name === room.name ? { candidates: 0, proctorAssignments: 0 } : dal.rename(room.id, sitting.id, room.name, body.name);
        if (body.seats !== room.seats) dal.resize(room.id, body.seats);
        appendAuditSync(deps.db, {
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

    removeRoom(actorUserId: number, roomId: number) {
      const now = deps.clock.now();
      const removed = deps.db.transaction(() => {
        const room = dal.room(roomId);
        if (!room) throw new NotFoundError('No such room', { key: 'plan.noRoom' });
        const refused = removeRefusal(dal.seating(room.sittingId).filter((c) => c.room === room.name).length);
        if (refused) throw new StateError('CONFLICT', refused.message, { key: refused.key, params: refused.params });
        const proctors = dal.proctorsOf(room.sittingId, room.name);
        dal.remove(room.id, room.sittingId, room.name);
        appendAuditSync(deps.db, {
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
    moveCandidate(actorUserId: number, candidateId: number, body: SeatMoveBody) {
      const now = deps.clock.now();
      const moved = deps.db.transaction(() => {
        const candidate = dal.candidate(candidateId);
        if (!candidate) throw new NotFoundError('No such candidate', { key: 'plan.noCandidate' });
        const room = dal.room(body.roomId);
        if (!room || room.sittingId !== candidate.sittingId) throw new BadRequestError("The room is not one of the candidate's sitting", { key: 'plan.roomNotOfSitting' });
        const refused = moveRefusal({
          candidateStarted: dal.examDayBegun(candidate.id),
          current: candidate,
          target: { room, seat: body.seat },
          taken: dal.seating(candidate.sittingId),
        });
        if (refused?.status === 'bad') throw new BadRequestError(refused.message, { key: refused.key, params: refused.params });
        if (refused) throw new StateError('CONFLICT', refused.message, { key: refused.key, params: refused.params });
        const seat = seatLabel(body.seat);
        dal.moveCandidate(candidate.id, room.name, seat);
        appendAuditSync(deps.db, {
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
