import type { StaffAccount, StaffCreateBody, StaffRole, StaffStatus, StaffUpdateBody } from '@shared/staff.ts';
import { api } from './http.ts';

export const staffQueryKey = (role?: StaffRole) => ['admin', 'staff', role ?? 'all'] as const;
export const fetchStaff = (role?: StaffRole) => api<StaffAccount[]>(role ? `/api/admin/staff?role=${role}` : '/api/admin/staff');

export const createStaff = (body: StaffCreateBody) => api<StaffAccount>('/api/admin/staff', { body });
export const updateStaff = (id: number, body: StaffUpdateBody) => api<StaffAccount>(`/api/admin/staff/${id}`, { method: 'PATCH', body });
export const setStaffStatus = (id: number, status: StaffStatus) => api<StaffAccount>(`/api/admin/staff/${id}/status`, { method: 'PUT', body: { status } });
export const resetStaffPassword = (id: number, password: string) => api<void>(`/api/admin/staff/${id}/password`, { method: 'PUT', body: { password } });
