import type { StaffRole } from '@shared/staff.ts';
import type { Refusal } from '../../core/errors.ts';

/** What an admin is about to do to a staff account that could lock the exam office out. */
export type LockoutChange = { kind: 'disable' } | { kind: 'role'; to: StaffRole };

export type LockoutCheck = {
  actorUserId: number;
  target: { id: number; role: StaffRole; disabledAt: number | null };
  change: LockoutChange;
  /** Active (not disabled) admin accounts, the target included. */
  activeAdmins: number;
};

/**
 * Why the change is refused, or null. An admin may not disable or demote themselves (a slip
 * would lock them out mid-task), and the last active admin may never go: nobody could undo it.
 */
export function lockoutProblem({ actorUserId, target, change, activeAdmins }: LockoutCheck): Refusal | null {
  const removesAdmin = target.role === 'admin' && (change.kind === 'disable' || change.to !== 'admin');
  const removesSelf = target.id === actorUserId && (change.kind === 'disable' || change.to !== target.role);
  if (removesSelf) return change.kind === 'disable' ? { message: 'You cannot disable your own account', key: 'staff.disableSelf' } : { message: 'You cannot change your own role', key: 'staff.ownRole' };
  if (removesAdmin && target.disabledAt === null && activeAdmins <= 1) {
    return change.kind === 'disable' ? { message: 'The last active admin cannot be disabled', key: 'staff.lastAdminDisable' } : { message: 'The last active admin cannot lose the admin role', key: 'staff.lastAdminRole' };
  }
  return null;
}
