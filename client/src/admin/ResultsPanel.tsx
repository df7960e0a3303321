import { Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { PartResultRow, SittingPartSummary } from '@shared/api.ts';
import { fetchResults, resultsQueryKey } from '../api/admin.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PageLoader } from '../components/PageLoader.tsx';

function StatusCell({ row }: { row: PartResultRow }) {
  const { t } = useTranslation();
  const status = t(`sessionStatus.${row.status}`);
  return <>{row.endReason ? t('admin.statusWithReason', { status, reason: t(`endReasons.${row.endReason}`) }) : status}</>;
}

export function ResultsPanel({ part }: { part: SittingPartSummary }) {
  const { t } = useTranslation();
  const results = useQuery({ queryKey: resultsQueryKey(part.sittingPartId), queryFn: () => fetchResults(part.sittingPartId) });
  const none = t('admin.none');

  return (
    <Stack gap="xs">
      <Title order={3} size="h4">
        {t('admin.results', { sitting: part.sittingName, part: t(`partKinds.${part.kind}`) })}
      </Title>
      {results.isPending ? (
        <PageLoader />
      ) : results.isError ? (
        <ErrorAlert error={results.error} />
      ) : results.data.length === 0 ? (
        <Text c="dimmed">{t('admin.resultsEmpty')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={600}>
          <Table striped withTableBorder data-testid="results-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('admin.ticketNo')}</Table.Th>
                <Table.Th>{t('admin.name')}</Table.Th>
                <Table.Th>{t('admin.status')}</Table.Th>
                <Table.Th>{t('admin.score')}</Table.Th>
                <Table.Th>{t('admin.passedCol')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {results.data.map((row) => (
                <Table.Tr key={row.ticketNo} data-testid={`result-row-${row.ticketNo}`}>
                  <Table.Td>{row.ticketNo}</Table.Td>
                  <Table.Td>{row.name}</Table.Td>
                  <Table.Td>
                    <StatusCell row={row} />
                  </Table.Td>
                  <Table.Td>{row.score ?? none}</Table.Td>
                  <Table.Td>{row.passed === null ? none : row.passed ? t('admin.yes') : t('admin.no')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
