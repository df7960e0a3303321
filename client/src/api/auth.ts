import type { CandidateLoginBody, Me, StaffLoginBody } from '@shared/api.ts';
import { api, ApiError } from './http.ts';

export const meQueryKey = ['auth', 'me'] as const;

/** 401 is an answer ("nobody"), not a failure, so the login page can decide what to show. */
export async function fetchMe(): Promise<Me | null> {
  try {
    return await api<Me>('/api/auth/me');
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export const loginCandidate = (body: CandidateLoginBody) => api<Me>('/api/auth/candidate/login', { body });
export const loginStaff = (body: StaffLoginBody) => api<Me>('/api/auth/staff/login', { body });
export const logout = () => api<void>('/api/auth/logout', { method: 'POST' });
