import { Badge, Button, Card, Container, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { fetchMyApplications, fetchPlans, myApplicationsQueryKey, plansQueryKey } from '../api/registration.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { useFormatDateTime } from '../hooks/useFormatDateTime.ts';

export const statusColor = { submitted: 'blue', approved: 'green', rejected: 'red' } as const;

/** The applicant's home: their applications, and the way to a new one while a plan is open. */
export default function ApplyHomePage() {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const mine = useQuery({ queryKey: myApplicationsQueryKey, queryFn: fetchMyApplications });
  const plans = useQuery({ queryKey: plansQueryKey, queryFn: fetchPlans });
  if (mine.isPending || plans.isPending) return <PageLoader />;
  if (mine.isError) return <ErrorAlert error={mine.error} />;
  if (plans.isError) return <ErrorAlert error={plans.error} />;
  const open = plans.data.filter((p) => p.open);
  return (
    <Container size="md" py="lg">
      <Stack>
        <Group justify="space-between">
          <Title order={2}>{t('registration.myApplications')}</Title>
          {open.length > 0 && (
            <Button component={Link} to="/apply/new" data-testid="new-application">
              {t('registration.newApplication')}
            </Button>
          )}
        </Group>
        {open.length === 0 && <Text c="dimmed">{t('registration.noOpenPlans')}</Text>}
        {open.map((p) => (
          <Text key={p.id} size="sm" c="dimmed">
            {p.title} · {t('registration.deadline', { at: formatDateTime(p.registrationDeadline) })}
          </Text>
        ))}
        {mine.data.length === 0 && <Text>{t('registration.none')}</Text>}
        {mine.data.map((a) => (
          <Card key={a.id} withBorder component={Link} to={`/apply/${a.id}`} data-testid={`application-${a.id}`}>
            <Group justify="space-between">
              <Stack gap={2}>
                <Text fw={500}>{a.planTitle}</Text>
                <Text size="sm">{t(`levels.${a.level}`)}</Text>
              </Stack>
              <Badge color={statusColor[a.status]} data-testid="application-status">
                {t(`registration.status.${a.status}`)}
              </Badge>
            </Group>
          </Card>
        ))}
      </Stack>
    </Container>
  );
}
