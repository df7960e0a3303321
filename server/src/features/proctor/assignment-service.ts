import type { ProctorChanges, SittingProctors, SittingProctorsBody } from '@shared/staffing.ts';
import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../core/db/store.ts';
import { BadRequestError, NotFoundError } from '../../core/errors.ts';
import { appendAudit } from '../../core/audit.ts';
import type { SessionUser } from '../../core/session-user.ts';
import { createAssignmentDal } from './assignment-dal.ts';
import type { ProctorOwners } from './ports.ts';
import { assignmentChanges } from './proctor-rules.ts';
import { assertActiveStaff } from '../staff/active-staff.ts';

export type AssignmentDeps = {
  db: Db;
  /** What staffing reads of sittings, rooms, candidates and accounts, through their owners (ports.ts). */
  owners: Pick<ProctorOwners, 'planning' | 'candidates' | 'accounts'>;
  clock: Clock;
  /** Called after a proctor gained or lost a room, so their open console follows at once. */
  onChanged: (change: AssignmentChange) => void;
};

/** Which proctors watch which rooms of a sitting; the proctor console enforces it (proctor-service authorise). */
export type AssignmentChange = { userId: number; sittingId: number; room: string; assigned: boolean };

export function createAssignmentService({ db, owners, clock, onChanged }: AssignmentDeps) {
  const dal = createAssignmentDal(db, owners);

  async function sittingOrThrow(sittingId: number) {
    if (!(await dal.sittingExists(sittingId))) throw new NotFoundError('No such sitting', { key: 'staffing.noSitting' });
  }

  async function byRoom(sittingId: number): Promise<Map<string, number[]>> {
    const out = new Map<string, number[]>();
    for (const a of await dal.assignments(sittingId)) out.set(a.room, [...(out.get(a.room) ?? []), a.userId]);
    return out;
  }

  /** Every room of the sitting with its proctors; a room kept only by a stale assignment is listed too, so it can be cleared. */
  async function get(sittingId: number): Promise<SittingProctors> {
    await sittingOrThrow(sittingId);
    const assigned = await byRoom(sittingId);
    const rooms = (await dal.rooms(sittingId)).map((r) => ({ ...r, proctorUserIds: assigned.get(r.room) ?? [] }));
    const known = new Set(rooms.map((r) => r.room));
    for (const [room, ids] of assigned) if (!known.has(room)) rooms.push({ room, seats: null, candidates: 0, proctorUserIds: ids });
    return { sittingId, rooms };
  }

  async function put(admin: SessionUser, sittingId: number, body: SittingProctorsBody): Promise<ProctorChanges> {
    await sittingOrThrow(sittingId);
    const current = await byRoom(sittingId);
    const rooms = new Set((await dal.rooms(sittingId)).map((r) => r.room));
    const seen = new Set<string>();
    for (const r of body.rooms) {
      if (seen.has(r.room)) throw new BadRequestError(`Room ${r.room} is listed twice`, { key: 'staffing.roomTwice', params: { room: r.room } });
      seen.add(r.room);
      // A room gone from the sitting may still be cleared of the proctors it had.
      if (!rooms.has(r.room) && !(r.userIds.length === 0 && current.has(r.room))) throw new NotFoundError(`No room ${r.room} in this sitting`, { key: 'staffing.noRoom', params: { room: r.room } });
    }
    // Only proctors new to a room are checked: one since disabled may stay listed until removed.
    const added = [...new Set(body.rooms.flatMap((r) => r.userIds.filter((id) => !(current.get(r.room) ?? []).includes(id))))];
    const people = assertActiveStaff(await dal.usersByIds(added), added, 'proctor');
    const now = clock.now();
    // `current` was read before: another admin's save may have made the same change since. Only
    // what this save's own insert or delete changed is counted, audited and announced.
    const changes = await db.transaction(async (tx) => {
      const t = createAssignmentDal(tx, owners);
      const made: AssignmentChange[] = [];
      for (const r of body.rooms) {
        const change = assignmentChanges(current.get(r.room) ?? [], [...new Set(r.userIds)]);
        for (const userId of change.added) {
          if (!(await t.add(sittingId, r.room, userId))) continue;
          made.push({ userId, sittingId, room: r.room, assigned: true });
          await appendAudit(tx, { at: now, actorUserId: admin.userId, action: 'assignment.proctor_added', entity: 'sitting', entityId: sittingId, details: { sittingId, room: r.room, userId, login: people.get(userId)!.login } });
        }
        for (const userId of change.removed) {
          if (!(await t.remove(sittingId, r.room, userId))) continue;
          await appendAudit(tx, { at: now, actorUserId: admin.userId, action: 'assignment.proctor_removed', entity: 'sitting', entityId: sittingId, details: { sittingId, room: r.room, userId } });
          made.push({ userId, sittingId, room: r.room, assigned: false });
        }
      }
      return made;
    });
    for (const change of changes) onChanged(change);
    return { added: changes.filter((c) => c.assigned).length, removed: changes.filter((c) => !c.assigned).length };
  }

  return { get, put };
}
export type AssignmentService = ReturnType<typeof createAssignmentService>;
