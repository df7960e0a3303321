import type { PartResultRow, SittingPartSummary } from '@shared/api.ts';
import { api } from './http.ts';

export const partsQueryKey = ['admin', 'parts'] as const;
export const resultsQueryKey = (sittingPartId: number) => ['admin', 'parts', sittingPartId, 'results'] as const;

export const fetchParts = () => api<SittingPartSummary[]>('/api/admin/parts');
export const fetchResults = (sittingPartId: number) => api<PartResultRow[]>(`/api/admin/parts/${sittingPartId}/results`);
export const releasePart = (sittingPartId: number) =>
  api<SittingPartSummary>(`/api/admin/parts/${sittingPartId}/release`, { method: 'POST' });
