import { useQuery } from '@tanstack/react-query';
import type { StaffAccount, StaffRole } from '@shared/staff.ts';
import { fetchStaff, staffQueryKey } from '../api/staff.ts';

export type StaffOption = { value: string; label: string };

/** A staff account as a choice: the name people know, with the login that tells namesakes apart. */
export const staffLabel = (s: Pick<StaffAccount, 'displayName' | 'login'>) => (s.displayName === s.login ? s.login : `${s.displayName}（${s.login}）`);

/** The accounts of one role as select options, keyed by user id or by login. */
export function useStaffOptions(role: StaffRole, key: 'id' | 'login' = 'id') {
  const staff = useQuery({ queryKey: staffQueryKey(role), queryFn: () => fetchStaff(role) });
  // Disabled accounts are not offered; one already chosen still shows through withMissing.
  const options: StaffOption[] = (staff.data ?? []).filter((s) => s.disabledAt === null).map((s) => ({ value: key === 'id' ? String(s.id) : s.login, label: staffLabel(s) }));
  return { staff, options };
}

/** Keeps chosen values that are no longer in the list (e.g. a role changed) visible, so they can be removed. */
export function withMissing(options: StaffOption[], values: readonly string[]): StaffOption[] {
  const known = new Set(options.map((o) => o.value));
  return [...options, ...values.filter((v) => !known.has(v)).map((v) => ({ value: v, label: `#${v}` }))];
}
