import type { Accommodations, AccommodationsView } from '@shared/accommodations.ts';
import { api } from './http.ts';

export const accommodationsQueryKey = (ticketNo: string) => ['admin', 'accommodations', ticketNo] as const;
export const fetchAccommodations = (ticketNo: string) => api<AccommodationsView>(`/api/admin/accommodations/${ticketNo}`);
export const saveAccommodations = (ticketNo: string, body: Accommodations & { source: 'review' | 'seating' }) =>
  api<AccommodationsView>(`/api/admin/accommodations/${ticketNo}`, { method: 'PUT', body });
