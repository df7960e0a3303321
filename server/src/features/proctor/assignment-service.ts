import type { ProctorChanges, SittingProctors, SittingProctorsBody } from '@shared/staffing.ts';
import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../core/db/connection.ts';
import { BadRequestError, NotFoundError } from '../../core/errors.ts';
import { appendAuditSync } from '../../core/audit.ts';
import type { SessionUser } from '../../core/session-user.ts';
import { createAssignmentDal } from './assignment-dal.ts';
import { assignmentChanges } from './proctor-rules.ts';
import { assertActiveStaff } from '../staff/active-staff.ts';

export type AssignmentDeps = {
  db: Db;
  clock: Clock;
  /** Called after a proctor gained or lost a room, so their open console follows at once. */
  onChanged: (change: AssignmentChange) => void;
};

/** Which proctors watch which rooms of a sitting; the proctor console enforces it (proctor-service authorise). */
export type AssignmentChange = { userId: number; sittingId: number; room: string; assigned: boolean };

export function createAssignmentService({ db, clock, onChanged }: AssignmentDeps) {
  const dal = createAssignmentDal(db);

  function sittingOrThrow(sittingId: number) {
    if (!dal.sittingExists(sittingId)) throw new NotFoundError('No such sitting', { key: 'staffing.noSitting' });
  }

  function byRoom(sittingId: number): Map<string, number[]> {
    const out = new Map<string, number[]>();
    for (const a of dal.assignments(sittingId)) out.set(a.room, [...(out.get(a.room) ?? []), a.userId]);
    return out;
  }

  /** Every room of the sitting with its proctors; a room kept only by a stale assignment is listed too, so it can be cleared. */
  function get(sittingId: number): SittingProctors {
    sittingOrThrow(sittingId);
    const assigned = byRoom(sittingId);
    const rooms = dal.rooms(sittingId).map((r) => ({ ...r, proctorUserIds: assigned.get(r.room) ?? [] }));
    const known = new Set(rooms.map((r) => r.room));
    for (const [room, ids] of assigned) if (!known.has(room)) rooms.push({ room, seats: null, candidates: 0, proctorUserIds: ids });
    return { sittingId, rooms };
  }

  function put(admin: SessionUser, sittingId: number, body: SittingProctorsBody): ProctorChanges {
    sittingOrThrow(sittingId);
    const current = byRoom(sittingId);
    const rooms = new Set(dal.rooms(sittingId).map((r) => r.room));
    const seen = new Set<string>();
    for (const r of body.rooms) {
      if (seen.has(r.room)) throw new BadRequestError(`Room ${r.room} is listed twice`, { key: 'staffing.roomTwice', params: { room: r.room } });
      seen.add(r.room);
      // A room gone from the sitting may still be cleared of the proctors it had.
      if (!rooms.has(r.room) && !(r.userIds.length === 0 && current.has(r.room))) throw new NotFoundError(`No room ${r.room} in this sitting`, { key: 'staffing.noRoom', params: { room: r.room } });
    }
    // Only proctors new to a room are checked: one since disabled may stay listed until removed.
    const added = [...new Set(body.rooms.flatMap((r) => r.userIds.filter((id) => !(current.get(r.room) ?? []).includes(id))))];
    const people = assertActiveStaff(dal.usersByIds(added), added, 'proctor');
    const now = clock.now();
    const changes: AssignmentChange[] = [];
    db.transaction((tx) => {
      const t = createAssignmentDal(tx);
      for (const r of body.rooms) {
        const change = assignmentChanges(current.get(r.room) ?? [], [...new Set(r.userIds)]);
        for (const userId of change.added) {
          t.add(sittingId, r.room, userId);
          changes.push({ userId, sittingId, room: r.room, assigned: true });
          appendAuditSync(tx, { at: now, actorUserId: admin.userId, action: 'assignment.proctor_added', entity: 'sitting', entityId: sittingId, details: { sittingId, room: r.room, userId, login: people.get(userId)!.login } });
        }
        for (const userId of change.removed) {
          t.remove(sittingId, r.room, userId);
          appendAuditSync(tx, { at: now, actorUserId: admin.userId, action: 'assignment.proctor_removed', entity: 'sitting', entityId: sittingId, details: { sittingId, room: r.room, userId } });
          changes.push({ userId, sittingId, room: r.room, assigned: false });
        }
      }
    });
    for (const change of changes) onChanged(change);
    return { added: changes.filter((c) => c.assigned).length, removed: changes.filter((c) => !c.assigned).length };
  }

  return { get, put };
}
export type AssignmentService = ReturnType<typeof createAssignmentService>;
