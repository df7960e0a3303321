import type { JournalFile, LateSyncDecided, LateSyncReceipt, LateSyncRequest } from '@shared/latesync.ts';
import type { RoomRef } from '@shared/proctor.ts';
import { api } from './http.ts';

export const lateSyncQueryKey = (ref: RoomRef) => ['proctor', 'late-syncs', ref.sittingId, ref.room] as const;
export const fetchLateSyncs = (ref: RoomRef) => api<LateSyncRequest[]>(`/api/proctor/late-syncs?sittingId=${ref.sittingId}&room=${encodeURIComponent(ref.room)}`);
export const decideLateSync = (ref: RoomRef, id: number, accept: boolean, reason: string) =>
  api<LateSyncDecided>(`/api/proctor/late-syncs/${id}/decision`, { method: 'POST', body: { ...ref, accept, reason } });
export const uploadJournalFile = (ref: RoomRef, file: JournalFile) => api<LateSyncReceipt>('/api/proctor/late-syncs/file', { method: 'POST', body: { ...ref, file } });
