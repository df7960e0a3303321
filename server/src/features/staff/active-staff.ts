import type { StaffRole } from '@shared/staff.ts';
import { BadRequestError } from '../../core/errors.ts';

export type StaffRow = { id: number; login: string; role: string; disabledAt: number | null };

/**
 * Checks that each id is an active account of the role before it gets a duty (a room, a task),
 * naming the unknown and the unfit in a 400. A disabled account keeps its role, not new duties.
 */
export function assertActiveStaff(found: readonly StaffRow[], ids: readonly number[], role: StaffRole): Map<number, StaffRow> {
  const byId = new Map(found.map((u) => [u.id, u]));
  const unknown = ids.filter((id) => !byId.has(id));
  if (unknown.length > 0) throw new BadRequestError(`No such users: ${unknown.join(', ')}`, { key: 'staff.noSuchUsers', params: { ids: unknown.join('、') } });
  const unfit = ids.filter((id) => byId.get(id)!.role !== role || byId.get(id)!.disabledAt !== null);
  if (unfit.length > 0) throw new BadRequestError(`Not active ${role}s: ${unfit.map((id) => byId.get(id)!.login).join(', ')}`, { key: role === 'grader' ? 'staff.notActiveGraders' : 'staff.notActiveProctors', params: { logins: unfit.map((id) => byId.get(id)!.login).join('、') } });
  return byId;
}
