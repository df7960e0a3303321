import type { RoomUpdateBody, SeatMoveBody, SittingSeating } from '@shared/planning.ts';
import type { PlanBody, SittingBody } from '@shared/registration.ts';
import { api } from './http.ts';

/** Plans, sittings, part settings, rooms and seats as the exam office edits them. */

// The body as the form sends it: rooms may be omitted (the server defaults them to none).
type SittingInput = Omit<SittingBody, 'rooms'> & { rooms?: SittingBody['rooms'] };
export type PlanInput = Omit<PlanBody, 'sittings'> & { sittings: SittingInput[] };

export const seatingQueryKey = (sittingId: number) => ['admin', 'plans', 'seating', sittingId] as const;

export const createPlan = (body: PlanInput) => api<{ planId: number; sittingIds: number[] }>('/api/admin/plans', { body });
export const addSitting = (planId: number, body: SittingInput) => api<{ id: number }>(`/api/admin/plans/${planId}/sittings`, { body });
export const updatePartSettings = (partId: number, body: { durationMinutes: number; passScore: number }) =>
  api<{ id: number }>(`/api/admin/sitting-parts/${partId}/settings`, { method: 'PUT', body });
export const updateRoom = (roomId: number, body: RoomUpdateBody) => api<{ id: number }>(`/api/admin/rooms/${roomId}`, { method: 'PUT', body });
export const removeRoom = (roomId: number) => api<{ id: number }>(`/api/admin/rooms/${roomId}`, { method: 'DELETE' });
export const fetchSeating = (sittingId: number) => api<SittingSeating>(`/api/admin/sittings/${sittingId}/seating`);
export const moveCandidate = (candidateId: number, body: SeatMoveBody) => api<{ id: number; room: string; seat: string }>(`/api/admin/candidates/${candidateId}/seat`, { method: 'PUT', body });
