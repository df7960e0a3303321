import { Suspense } from 'react';
import { Container, Stack } from '@mantine/core';
import { Outlet } from 'react-router';
import { PageLoader } from '../components/PageLoader.tsx';
import { AdminNav } from './AdminNav.tsx';

/** The admin section's frame: its navigation stays put while the lazily loaded pages swap below it. */
export default function AdminLayout() {
  return (
    <Container size="xl" py="lg">
      <Stack>
        <AdminNav />
        <Suspense fallback={<PageLoader />}>
          <Outlet />
        </Suspense>
      </Stack>
    </Container>
  );
}
