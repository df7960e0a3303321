import type { SittingGrading } from '@shared/grading.ts';
import type { ReviewPanelSetup } from '@shared/review.ts';
import type { ProctorChanges, SittingProctors, SittingProctorsBody } from '@shared/staffing.ts';
import { api } from './http.ts';

export const sittingProctorsQueryKey = (sittingId: number) => ['admin', 'sittings', sittingId, 'proctors'] as const;
export const fetchSittingProctors = (sittingId: number) => api<SittingProctors>(`/api/admin/sittings/${sittingId}/proctors`);
export const putSittingProctors = (sittingId: number, body: SittingProctorsBody) => api<ProctorChanges>(`/api/admin/sittings/${sittingId}/proctors`, { method: 'PUT', body });

export const sittingGradingQueryKey = (sittingId: number) => ['admin', 'sittings', sittingId, 'grading-tasks'] as const;
export const fetchSittingGrading = (sittingId: number) => api<SittingGrading>(`/api/admin/sittings/${sittingId}/grading-tasks`);

export const reviewPanelQueryKey = (sittingPartId: number) => ['admin', 'review-panel', sittingPartId] as const;
export const fetchReviewPanel = (sittingPartId: number) => api<ReviewPanelSetup>(`/api/admin/review/panel?sittingPartId=${sittingPartId}`);
