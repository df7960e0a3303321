import type { StaffAccount, StaffRole } from '@shared/staff.ts';
import { api } from './http.ts';

export const staffQueryKey = (role?: StaffRole) => ['admin', 'staff', role ?? 'all'] as const;
export const fetchStaff = (role?: StaffRole) => api<StaffAccount[]>(role ? `/api/admin/staff?role=${role}` : '/api/admin/staff');
