import { Anchor, Container, Paper, Tabs, Text, Title } from '@mantine/core';
import { Link, Navigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMe } from '../hooks/useMe.ts';
import { homePathFor } from '../hooks/homePath.ts';
import { PageLoader } from '../components/PageLoader.tsx';
import { LoginForm } from '../login/LoginForm.tsx';

export function LoginPage() {
  const { t } = useTranslation();
  const me = useMe();
  if (me.isPending) return <PageLoader />;
  if (me.data) return <Navigate to={homePathFor(me.data.role)} replace />;

  return (
    <Container size={420} py="xl">
      <Paper withBorder p="lg" radius="md">
        <Title order={2} size="h3" mb="md">
          {t('login.title')}
        </Title>
        <Tabs defaultValue="candidate" keepMounted={false}>
          <Tabs.List grow mb="md">
            <Tabs.Tab value="candidate" data-testid="tab-candidate">
              {t('login.candidateTab')}
            </Tabs.Tab>
            <Tabs.Tab value="staff" data-testid="tab-staff">
              {t('login.staffTab')}
            </Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="candidate">
            <LoginForm kind="candidate" />
          </Tabs.Panel>
          <Tabs.Panel value="staff">
            <LoginForm kind="staff" />
          </Tabs.Panel>
        </Tabs>
      </Paper>
      <Text ta="center" mt="md">
        <Anchor component={Link} to="/register" data-testid="register-link">
          {t('registration.entry')}
        </Anchor>
      </Text>
    </Container>
  );
}
