import type { CandidateOverview } from '@shared/api.ts';
import { api } from './http.ts';

export const overviewQueryKey = ['candidate', 'overview'] as const;
export const fetchOverview = () => api<CandidateOverview>('/api/candidate/overview');
