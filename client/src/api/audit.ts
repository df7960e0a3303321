import type { AuditPage } from '@shared/audit-api.ts';
import { api } from './http.ts';

export type AuditFilter = { action?: string; entity?: string; actor?: string; page: number };

const params = (f: Omit<AuditFilter, 'page'> & { page?: number }) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v !== undefined && v !== '') p.set(k, String(v));
  return p.toString();
};

export const auditQueryKey = (f: AuditFilter) => ['admin', 'audit', f] as const;
export const fetchAudit = (f: AuditFilter) => api<AuditPage>(`/api/admin/audit?${params({ ...f, pageSize: 50 } as AuditFilter)}`);
export const auditExportUrl = (f: Omit<AuditFilter, 'page'> & { lang: 'zh-CN' | 'en' }) => `/api/admin/audit/export?${params(f)}`;
