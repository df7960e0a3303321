import { useState } from 'react';
import { Anchor, Badge, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { fetchQueue, queueQueryKey } from '../api/registration.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { useFormatDateTime } from '../hooks/useFormatDateTime.ts';

const outcomeColor = { eligible: 'green', ineligible: 'red', manual_review: 'yellow' } as const;
const statusColor = { submitted: 'blue', approved: 'green', rejected: 'red' } as const;

/** The review queue (报名审核), oldest first, filtered by status. */
export default function ApplicationsQueuePage() {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const [status, setStatus] = useState('submitted');
  const queue = useQuery({ queryKey: queueQueryKey(status), queryFn: () => fetchQueue(status) });
  return (
    <Stack>
      <Title order={2}>{t('review.title')}</Title>
      <SegmentedControl
        w="fit-content"
        value={status}
        onChange={setStatus}
        data={[
          { value: 'submitted', label: t('registration.status.submitted') },
          { value: 'approved', label: t('registration.status.approved') },
          { value: 'rejected', label: t('registration.status.rejected') },
          { value: '', label: t('review.all') },
        ]}
        data-testid="queue-filter"
      />
      {queue.isPending ? (
        <PageLoader />
      ) : queue.isError ? (
        <ErrorAlert error={queue.error} />
      ) : queue.data.length === 0 ? (
        <Text c="dimmed">{t('review.empty')}</Text>
      ) : (
        <Table striped data-testid="queue">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('review.applicant')}</Table.Th>
              <Table.Th>{t('review.plan')}</Table.Th>
              <Table.Th>{t('review.level')}</Table.Th>
              <Table.Th>{t('review.verdict')}</Table.Th>
              <Table.Th>{t('review.documents')}</Table.Th>
              <Table.Th>{t('review.status')}</Table.Th>
              <Table.Th>{t('review.ticketNo')}</Table.Th>
              <Table.Th>{t('review.submittedAt')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {queue.data.map((a) => (
              <Table.Tr key={a.id} data-testid={`queue-row-${a.id}`}>
                <Table.Td>
                  <Anchor component={Link} to={`/admin/applications/${a.id}`} data-testid="queue-open">
                    {a.applicantName}
                  </Anchor>
                </Table.Td>
                <Table.Td>{a.planTitle}</Table.Td>
                <Table.Td>{t(`levelsShort.${a.level}`)}</Table.Td>
                <Table.Td>
                  <Badge color={outcomeColor[a.outcome]}>{t(`registration.outcome.${a.outcome}`)}</Badge>
                  {a.metLabelZh && (
                    <Text size="xs" c="dimmed">
                      {a.metLabelZh}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{a.documents}</Table.Td>
                <Table.Td>
                  <Badge color={statusColor[a.status]}>{t(`registration.status.${a.status}`)}</Badge>
                </Table.Td>
                <Table.Td>{a.ticketNo ?? '—'}</Table.Td>
                <Table.Td>{formatDateTime(a.submittedAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
