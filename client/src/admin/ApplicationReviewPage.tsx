import { useState } from 'react';
import { Badge, Button, Group, Paper, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { AccommodationsEditor } from './AccommodationsEditor.tsx';
import type { DecisionBody } from '@shared/registration.ts';
import { sittingLabel } from '@shared/sitting-label.ts';
import { adminApplicationQueryKey, adminDocumentUrl, decide, fetchAdminApplication, ticketsPdfUrl } from '../api/registration.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { DocumentsPanel } from '../registration/DocumentsPanel.tsx';
import { FormSummary } from '../registration/FormSummary.tsx';
import { TicketView } from '../registration/TicketView.tsx';
import { VerdictView } from '../registration/VerdictView.tsx';

/** One application for the reviewer: form, the engine's verdict, documents; approve (issuing the ticket) or reject. */
export default function ApplicationReviewPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const queryClient = useQueryClient();
  const app = useQuery({ queryKey: adminApplicationQueryKey(id), queryFn: () => fetchAdminApplication(id) });
  const [sittingId, setSittingId] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const decision = useMutation({
    mutationFn: (body: DecisionBody) => decide(id, body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['admin'] }),
  });
  if (app.isPending) return <PageLoader />;
  if (app.isError) return <ErrorAlert error={app.error} />;
  const a = app.data;
  const chosen = sittingId ?? (a.sittings.length === 1 ? String(a.sittings[0]!.id) : null);
  const approve = () => decision.mutate({ decision: 'approve', ...(chosen ? { sittingId: Number(chosen) } : {}), ...(reason.trim() ? { reason: reason.trim() } : {}) });
  return (
    <Stack>
      <Group>
        <Title order={2}>
          {a.form.name} · {a.planTitle} · {t(`levels.${a.level}`)}
        </Title>
        <Badge data-testid="review-status">{t(`registration.status.${a.status}`)}</Badge>
      </Group>
      <Paper withBorder p="md">
        <Title order={3} size="h5" mb="xs">
          {t('registration.verdict')}
        </Title>
        <VerdictView verdict={a.verdict} />
      </Paper>
      <DocumentsPanel documents={a.documents} urlOf={(docId) => adminDocumentUrl(a.id, docId)} />
      <Title order={3} size="h5">
        {t('review.form')}
      </Title>
      <FormSummary form={a.form} />
      {a.status === 'submitted' ? (
        <Paper withBorder p="md">
          <Stack gap="xs">
            <Select
              label={t('review.sitting')}
              data={a.sittings.map((s) => ({ value: String(s.id), label: t('review.freeSeats', { name: sittingLabel(a.planTitle, s.name), free: s.freeSeats }) }))}
              value={chosen}
              onChange={setSittingId}
              data-testid="review-sitting"
            />
            <Textarea label={t('review.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} maxLength={500} data-testid="review-reason" />
            {decision.isError && <ErrorAlert error={decision.error} testId="review-error" />}
            <Group>
              <Button color="green" onClick={approve} loading={decision.isPending} data-testid="review-approve">
                {t('review.approve')}
              </Button>
              <Button color="red" variant="light" disabled={!reason.trim()} onClick={() => decision.mutate({ decision: 'reject', reason: reason.trim() })} data-testid="review-reject">
                {t('review.reject')}
              </Button>
            </Group>
          </Stack>
        </Paper>
      ) : (
        <Paper withBorder p="md">
          <Text>{t('review.decided')}</Text>
          {a.decisionReason && <Text>{t('registration.decisionReason', { reason: a.decisionReason })}</Text>}
        </Paper>
      )}
      {a.ticket && <TicketView ticket={a.ticket} pdfUrl={ticketsPdfUrl({ ticketNo: a.ticket.ticketNo })} />}
      {a.ticket ? (
        <Paper withBorder p="md">
          <AccommodationsEditor ticketNo={a.ticket.ticketNo} source="review" />
        </Paper>
      ) : (
        <Text size="sm" c="dimmed" data-testid="accommodations-after-approval">
          {t('accommodations.needsApproval')}
        </Text>
      )}
    </Stack>
  );
}
