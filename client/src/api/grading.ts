import type { ApplicationView } from '@shared/registration.ts';
import type { GradingTaskSettingsBody, GradingTask, MarkResult, ReopenMarkBody, ScriptSummary, ScriptView, SubmitMarkBody } from '@shared/grading.ts';
import type { ReviewBoard, ReviewPanelBody } from '@shared/review.ts';
import type { PartAnalysis, SittingResults } from '@shared/results.ts';
import { api } from './http.ts';

export const tasksQueryKey = ['grading', 'tasks'] as const;
export const scriptsQueryKey = ['grading', 'scripts'] as const;

export const fetchTasks = () => api<GradingTask[]>('/api/grading/tasks');
export const fetchScripts = () => api<ScriptSummary[]>('/api/grading/scripts');
export const nextScript = (itemId: number) => api<{ script: ScriptView | null }>(`/api/grading/tasks/${itemId}/next`, { method: 'POST' });
export const claimScript = (code: string, itemId: number) => api<ScriptView>(`/api/grading/scripts/${code}/${itemId}/claim`, { method: 'POST' });
export const releaseScript = (code: string, itemId: number) => api<void>(`/api/grading/scripts/${code}/${itemId}/claim`, { method: 'DELETE' });
export const submitMark = (code: string, itemId: number, body: SubmitMarkBody) => api<MarkResult>(`/api/grading/scripts/${code}/${itemId}/marks`, { body });
export const reopenMark = (code: string, itemId: number, body: ReopenMarkBody) => api<ScriptSummary>(`/api/grading/scripts/${code}/${itemId}/reopen`, { body });
export const screenshotUrl = (id: number) => `/api/grading/screenshots/${id}`;

export const sittingResultsQueryKey = (sittingId: number) => ['admin', 'sittings', sittingId, 'results'] as const;
export const fetchSittingResults = (sittingId: number) => api<SittingResults>(`/api/admin/sittings/${sittingId}/results`);
export const releaseSitting = (sittingId: number) => api<SittingResults>(`/api/admin/sittings/${sittingId}/release`, { method: 'POST' });
export const exportUrl = (sittingId: number, format: 'csv' | 'xlsx') => `/api/admin/sittings/${sittingId}/export.${format}`;

export const analysisQueryKey = (sittingPartId: number) => ['admin', 'parts', sittingPartId, 'analysis'] as const;
export const fetchAnalysis = (sittingPartId: number) => api<PartAnalysis>(`/api/admin/parts/${sittingPartId}/analysis`);
export const correctKey = (paperItemId: number, key: string[]) => api<{ rescored: number; changed: number }>(`/api/admin/paper-items/${paperItemId}/key`, { body: { key } });

export const reviewQueryKey = ['review', 'panels'] as const;
export const fetchReviewBoards = () => api<ReviewBoard[]>('/api/review/panels');
const reviewPath = (panelId: number, candidateId: number) => `/api/review/panels/${panelId}/candidates/${candidateId}`;
export const reviewAction = (panelId: number, candidateId: number, action: 'start' | 'end' | 'absent') => api<void>(`${reviewPath(panelId, candidateId)}/${action}`, { method: 'POST' });
export const fetchReviewMaterials = (panelId: number, candidateId: number) => api<{ application: ApplicationView | null }>(`${reviewPath(panelId, candidateId)}/materials`);
export const reviewDocumentUrl = (panelId: number, candidateId: number, docId: number) => `${reviewPath(panelId, candidateId)}/documents/${docId}`;
export const reviewScore = (panelId: number, candidateId: number, score: number) => api<void>(`${reviewPath(panelId, candidateId)}/score`, { method: 'PUT', body: { score } });

export const putTaskSettings = (paperItemId: number, body: GradingTaskSettingsBody) => api<void>(`/api/admin/grading/tasks/${paperItemId}`, { method: 'PUT', body });
export const putReviewPanel = (body: ReviewPanelBody) => api<void>('/api/admin/review/panel', { method: 'PUT', body });
