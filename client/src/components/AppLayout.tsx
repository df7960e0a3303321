import { Suspense } from 'react';
import { Outlet } from 'react-router';
import { AppHeader } from './AppHeader.tsx';
import { PageLoader } from './PageLoader.tsx';

export function AppLayout() {
  return (
    <>
      <AppHeader />
      <main>
        <Suspense fallback={<PageLoader />}>
          <Outlet />
        </Suspense>
      </main>
    </>
  );
}
