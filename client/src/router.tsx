import type { ComponentType, ReactNode } from 'react';
import { useRoutes, type RouteObject } from 'react-router';
import { AppLayout } from './components/AppLayout.tsx';
import { lazyComponent } from './components/lazyComponent.tsx';
import { PageLoader } from './components/PageLoader.tsx';
import { NotFound } from './components/NotFound.tsx';
import { RequireRole } from './components/RequireRole.tsx';
import { SebGate } from './seb/SebGate.tsx';
import { loadOfficeStrings } from './i18n/index.ts';

/** A page in a chunk of its own, loaded when first shown (see lazyComponent for why not React.lazy). */
function page(load: () => Promise<{ default: ComponentType }>) {
  return lazyComponent(() => load().then((m) => m.default), () => <PageLoader />);
}

/** A staff or applicant page: its chunk and the office strings (i18n/parts.ts) load together. */
function officePage(load: () => Promise<{ default: ComponentType }>) {
  return page(() => Promise.all([load(), loadOfficeStrings()]).then(([m]) => m));
}

// Every page is its own chunk: the exam computers never download the staff pages, the login page
// not the socket client, the exam page not the login form.
const LoginPage = page(() => import('./pages/LoginPage.tsx').then((m) => ({ default: m.LoginPage })));
const ExamOverviewPage = page(() => import('./pages/ExamOverviewPage.tsx').then((m) => ({ default: m.ExamOverviewPage })));
const ExamPage = page(() => import('./exam/ExamPage.tsx'));
const AdminLayout = officePage(() => import('./admin/AdminLayout.tsx'));
const AdminPage = officePage(() => import('./pages/AdminPage.tsx'));
const BanksPage = officePage(() => import('./pages/BanksPage.tsx'));
const BankPage = officePage(() => import('./pages/BankPage.tsx'));
const PapersPage = officePage(() => import('./pages/PapersPage.tsx'));
const StaffPage = officePage(() => import('./pages/StaffPage.tsx'));
const ProctorPage = officePage(() => import('./proctor/ProctorPage.tsx'));
const ApplicationsQueuePage = officePage(() => import('./admin/ApplicationsQueuePage.tsx'));
const ApplicationReviewPage = officePage(() => import('./admin/ApplicationReviewPage.tsx'));
const PlansPage = officePage(() => import('./admin/PlansPage.tsx'));
const AuditPage = officePage(() => import('./admin/AuditPage.tsx'));
const StaffingPage = officePage(() => import('./admin/StaffingPage.tsx'));
const StaffAccountsPage = officePage(() => import('./admin/staff/StaffAccountsPage.tsx'));
const ApplicantAuthPage = officePage(() => import('./registration/ApplicantAuthPage.tsx'));
const ApplyHomePage = officePage(() => import('./registration/ApplyHomePage.tsx'));
const NewApplicationPage = officePage(() => import('./registration/NewApplicationPage.tsx'));
const ApplicationPage = officePage(() => import('./registration/ApplicationPage.tsx'));
const TicketPage = officePage(() => import('./registration/TicketPage.tsx'));
const applicant = (page: ReactNode) => <RequireRole roles={['applicant']}>{page}</RequireRole>;
const GradingPage = officePage(() => import('./pages/GradingPage.tsx'));

const routes: RouteObject[] = [
  {
    path: '/',
    element: <AppLayout />,
    children: [
      { index: true, element: <LoginPage /> },
      {
        path: 'exam',
        element: (
          <RequireRole roles={['candidate']}>
            <SebGate>
              <ExamOverviewPage />
            </SebGate>
          </RequireRole>
        ),
      },
      {
        path: 'exam/part/:sittingPartId',
        element: (
          <RequireRole roles={['candidate']}>
            <SebGate>
              <ExamPage />
            </SebGate>
          </RequireRole>
        ),
      },
      {
        path: 'admin',
        element: (
          <RequireRole roles={['admin']}>
            <AdminLayout />
          </RequireRole>
        ),
        children: [
          { index: true, element: <AdminPage /> },
          { path: 'banks', element: <BanksPage /> },
          { path: 'banks/:bankId', element: <BankPage /> },
          { path: 'papers', element: <PapersPage /> },
          { path: 'applications', element: <ApplicationsQueuePage /> },
          { path: 'applications/:id', element: <ApplicationReviewPage /> },
          { path: 'audit', element: <AuditPage /> },
          { path: 'plans', element: <PlansPage /> },
          { path: 'staffing', element: <StaffingPage /> },
          { path: 'staff', element: <StaffAccountsPage /> },
        ],
      },
      {
        path: 'proctor',
        element: (
          <RequireRole roles={['proctor', 'admin']}>
            <ProctorPage />
          </RequireRole>
        ),
      },
      {
        path: 'staff',
        element: (
          <RequireRole roles={['proctor', 'grader', 'admin']}>
            <StaffPage />
          </RequireRole>
        ),
      },
      { path: 'register', element: <ApplicantAuthPage /> },
      { path: 'apply', element: applicant(<ApplyHomePage />) },
      { path: 'apply/new', element: applicant(<NewApplicationPage />) },
      { path: 'apply/:id', element: applicant(<ApplicationPage />) },
      { path: 'apply/:id/ticket', element: applicant(<TicketPage />) },
      {
        path: 'grading',
        element: (
          <RequireRole roles={['grader', 'admin']}>
            <GradingPage />
          </RequireRole>
        ),
      },
      { path: '*', element: <NotFound /> },
    ],
  },
];

export function AppRoutes() {
  return useRoutes(routes);
}
