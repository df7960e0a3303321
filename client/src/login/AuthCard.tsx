import type { ReactNode } from 'react';
import { Container, Paper, Tabs, Title } from '@mantine/core';
import { Navigate } from 'react-router';
import { PageLoader } from '../components/PageLoader.tsx';
import { homePathFor } from '../hooks/homePath.ts';
import { useMe } from '../hooks/useMe.ts';

export type AuthTab = { value: string; label: string; testId: string; content: ReactNode };

/** A titled card of login tabs; someone already logged in goes straight to their home page. */
export function AuthCard({ title, tabs, width = 420, footer }: { title: string; tabs: readonly AuthTab[]; width?: number; footer?: ReactNode }) {
  const me = useMe();
  if (me.isPending) return <PageLoader />;
  if (me.data) return <Navigate to={homePathFor(me.data.role)} replace />;
  return (
    <Container size={width} py="xl">
      <Paper withBorder p="lg" radius="md">
        <Title order={2} size="h3" mb="md">
          {title}
        </Title>
        <Tabs defaultValue={tabs[0]?.value} keepMounted={false}>
          <Tabs.List grow mb="md">
            {tabs.map((tab) => (
              <Tabs.Tab key={tab.value} value={tab.value} data-testid={tab.testId}>
                {tab.label}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          {tabs.map((tab) => (
            <Tabs.Panel key={tab.value} value={tab.value}>
              {tab.content}
            </Tabs.Panel>
          ))}
        </Tabs>
      </Paper>
      {footer}
    </Container>
  );
}
