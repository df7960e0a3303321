import { lazy } from 'react';
import { createBrowserRouter } from 'react-router';
import { AppLayout } from './components/AppLayout.tsx';
import { NotFound } from './components/NotFound.tsx';
import { RequireRole } from './components/RequireRole.tsx';
import { ExamOverviewPage } from './pages/ExamOverviewPage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';

// Split so the exam computers never download the staff pages, and the login page not the socket client.
const ExamPage = lazy(() => import('./exam/ExamPage.tsx'));
const AdminLayout = lazy(() => import('./admin/AdminLayout.tsx'));
const AdminPage = lazy(() => import('./pages/AdminPage.tsx'));
const BanksPage = lazy(() => import('./pages/BanksPage.tsx'));
const BankPage = lazy(() => import('./pages/BankPage.tsx'));
const PapersPage = lazy(() => import('./pages/PapersPage.tsx'));
const StaffPage = lazy(() => import('./pages/StaffPage.tsx'));
const GradingPage = lazy(() => import('./pages/GradingPage.tsx'));

export const router = createBrowserRouter([
  {
    path: '/',
    element: <AppLayout />,
    children: [
      { index: true, element: <LoginPage /> },
      {
        path: 'exam',
        element: (
          <RequireRole roles={['candidate']}>
            <ExamOverviewPage />
          </RequireRole>
        ),
      },
      {
        path: 'exam/part/:sittingPartId',
        element: (
          <RequireRole roles={['candidate']}>
            <ExamPage />
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
        ],
      },
      {
        path: 'staff',
        element: (
          <RequireRole roles={['proctor', 'grader', 'admin']}>
            <StaffPage />
          </RequireRole>
        ),
      },
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
]);
