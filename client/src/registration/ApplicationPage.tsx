import { Alert, Badge, Button, Container, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { fetchMyApplication, myApplicationQueryKey, myDocumentUrl } from '../api/registration.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { useFormatDateTime } from '../hooks/useFormatDateTime.ts';
import { statusColor } from './ApplyHomePage.tsx';
import { DocumentsPanel } from './DocumentsPanel.tsx';
import { FormSummary } from './FormSummary.tsx';
import { VerdictView } from './VerdictView.tsx';

/** One application as its applicant sees it: the verdict, documents, the decision and the ticket. */
export default function ApplicationPage() {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const id = Number(useParams().id);
  const app = useQuery({ queryKey: myApplicationQueryKey(id), queryFn: () => fetchMyApplication(id) });
  if (app.isPending) return <PageLoader />;
  if (app.isError) return <ErrorAlert error={app.error} />;
  const a = app.data;
  const open = a.status === 'submitted' && Date.now() <= a.registrationDeadline;
  return (
    <Container size="md" py="lg">
      <Stack>
        <Group justify="space-between">
          <Title order={2}>
            {a.planTitle} · {t(`levels.${a.level}`)}
          </Title>
          <Button component={Link} to="/apply" variant="subtle">
            {t('registration.back')}
          </Button>
        </Group>
        <Text size="sm" c="dimmed">
          {t('registration.submittedAt', { at: formatDateTime(a.submittedAt) })} · {t('registration.deadline', { at: formatDateTime(a.registrationDeadline) })}
        </Text>
        <Paper withBorder p="md">
          <Stack gap="xs">
            <Group>
              <Title order={3} size="h5">
                {t('registration.decision')}
              </Title>
              <Badge color={statusColor[a.status]} data-testid="application-status">
                {t(`registration.status.${a.status}`)}
              </Badge>
            </Group>
            {a.status === 'submitted' && <Text>{t('registration.pendingDecision')}</Text>}
            {a.decisionReason && <Text data-testid="decision-reason">{t('registration.decisionReason', { reason: a.decisionReason })}</Text>}
            {a.ticket && (
              <Button component={Link} to={`/apply/${a.id}/ticket`} w="fit-content" data-testid="view-ticket">
                {t('registration.viewTicket')}
              </Button>
            )}
          </Stack>
        </Paper>
        <Paper withBorder p="md">
          <Title order={3} size="h5" mb="xs">
            {t('registration.verdict')}
          </Title>
          <VerdictView verdict={a.verdict} />
        </Paper>
        <DocumentsPanel documents={a.documents} urlOf={(docId) => myDocumentUrl(a.id, docId)} upload={open ? { applicationId: a.id, invalidate: myApplicationQueryKey(a.id) } : undefined} />
        {!open && a.status === 'submitted' && <Alert color="gray">{t('registration.closed', { at: formatDateTime(a.registrationDeadline) })}</Alert>}
        <FormSummary form={a.form} />
      </Stack>
    </Container>
  );
}
