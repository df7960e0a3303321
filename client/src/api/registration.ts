import type { Me } from '@shared/api.ts';
import type {
  AdminPlan,
  ApplicantRegisterBody,
  ApplicationBody,
  ApplicationDocument,
  ApplicationSummary,
  ApplicationView,
  DecisionBody,
  DocumentKind,
  OpenPlan,
  RosterReport,
  SittingOption,
  Ticket,
} from '@shared/registration.ts';
import { api } from './http.ts';

export const loginApplicant = (body: { username: string; password: string }) => api<Me>('/api/auth/applicant/login', { body });
export const registerApplicant = (body: ApplicantRegisterBody) => api<Me>('/api/auth/applicant/register', { body });

export const plansQueryKey = ['registration', 'plans'] as const;
export const myApplicationsQueryKey = ['registration', 'applications'] as const;
export const myApplicationQueryKey = (id: number) => ['registration', 'applications', id] as const;
export const fetchPlans = () => api<OpenPlan[]>('/api/registration/plans');
export const fetchMyApplications = () => api<ApplicationView[]>('/api/registration/applications');
export const fetchMyApplication = (id: number) => api<ApplicationView>(`/api/registration/applications/${id}`);
export const submitApplication = (body: ApplicationBody) => api<ApplicationView>('/api/registration/applications', { body });
export const fetchMyTicket = (id: number) => api<Ticket>(`/api/registration/applications/${id}/ticket`);
export const myTicketPdfUrl = (id: number) => `/api/registration/applications/${id}/ticket.pdf`;
export const ticketsPdfUrl = (q: { ticketNo: string } | { sittingId: number; room?: string }) => `/api/admin/tickets.pdf?${new URLSearchParams(Object.entries(q).map(([k, v]) => [k, String(v)]))}`;
export const myDocumentUrl = (id: number, docId: number) => `/api/registration/applications/${id}/documents/${docId}`;

/** The file is the body, streamed by the browser; the server decides its type by content. */
export const uploadDocument = (id: number, kind: DocumentKind, file: File) =>
  api<ApplicationDocument>(`/api/registration/applications/${id}/documents?kind=${kind}&fileName=${encodeURIComponent(file.name)}`, { body: file });

export const removeDocument = (id: number, docId: number) => api<void>(`/api/registration/applications/${id}/documents/${docId}`, { method: 'DELETE' });

export type AdminApplicationView = ApplicationView & { sittings: SittingOption[] };
export const queueQueryKey = (status: string) => ['admin', 'applications', status] as const;
export const adminApplicationQueryKey = (id: number) => ['admin', 'application', id] as const;
export const fetchQueue = (status: string) => api<ApplicationSummary[]>(`/api/admin/applications${status ? `?status=${status}` : ''}`);
export const fetchAdminApplication = (id: number) => api<AdminApplicationView>(`/api/admin/applications/${id}`);
export const decide = (id: number, body: DecisionBody) => api<ApplicationView>(`/api/admin/applications/${id}/decision`, { body });
export const adminDocumentUrl = (id: number, docId: number) => `/api/admin/applications/${id}/documents/${docId}`;

export const adminPlansQueryKey = ['admin', 'plans'] as const;
export const fetchAdminPlans = () => api<AdminPlan[]>('/api/admin/plans');
export const addRoom = (sittingId: number, body: { name: string; seats: number }) => api<{ id: number }>(`/api/admin/sittings/${sittingId}/rooms`, { body });

export const importRoster = (planId: number, file: File, dryRun: boolean) =>
  api<RosterReport>(`/api/admin/plans/${planId}/roster?fileName=${encodeURIComponent(file.name)}&dryRun=${dryRun}`, { body: file });
