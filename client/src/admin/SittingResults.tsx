import { useState } from 'react';
import { Alert, Anchor, Badge, Button, Group, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { PartCell, SittingResults as Results } from '@shared/results.ts';
import { partsQueryKey } from '../api/admin.ts';
import { exportUrl, fetchSittingResults, releaseSitting, sittingResultsQueryKey } from '../api/grading.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PageLoader } from '../components/PageLoader.tsx';

function Cell({ cell }: { cell: PartCell | null }) {
  const { t } = useTranslation();
  if (!cell) return <>—</>;
  const outcome = t(`grading.results.outcomes.${cell.outcome}`);
  const text = cell.score === null ? outcome : t('grading.results.outcomeScore', { score: cell.score, outcome });
  // Answers made offline before the deadline were accepted by a proctor into this part (late sync).
  return cell.lateSync ? <>{text} <span data-testid="late-sync-mark" title={t('lateSyncConsole.resultNote')}>{t('lateSyncConsole.resultMark')}</span></> : <>{text}</>;
}

/** Every candidate of a sitting with each part and the certification result; export and release. */
export function SittingResults({ sittingId }: { sittingId: number }) {
  const { t } = useTranslation();
  const results = useQuery({ queryKey: sittingResultsQueryKey(sittingId), queryFn: () => fetchSittingResults(sittingId) });
  const [confirming, setConfirming] = useState(false);
  if (results.isPending) return <PageLoader />;
  if (results.isError) return <ErrorAlert error={results.error} />;
  const data = results.data;
  return (
    <Stack gap="xs" data-testid="sitting-results">
      <Group justify="space-between">
        <Title order={3} size="h4">
          {t('grading.results.title', { sitting: data.sittingName })}
        </Title>
        <Group gap="xs">
          <Anchor href={exportUrl(sittingId, 'csv')} download data-testid="export-csv">
            {t('grading.results.exportCsv')}
          </Anchor>
          <Anchor href={exportUrl(sittingId, 'xlsx')} download data-testid="export-xlsx">
            {t('grading.results.exportXlsx')}
          </Anchor>
          {data.releasedAt !== null ? (
            <Badge color="green" data-testid="sitting-released">
              {t('grading.results.released')}
            </Badge>
          ) : (
            <Button size="xs" onClick={() => setConfirming(true)} data-testid="release-sitting">
              {t('grading.results.release')}
            </Button>
          )}
        </Group>
      </Group>
      {data.pendingGrading > 0 && <Text c="orange">{t('grading.results.pending', { count: data.pendingGrading })}</Text>}
      <Table.ScrollContainer minWidth={800}>
        <Table striped withTableBorder data-testid="sitting-results-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('grading.results.ticketNo')}</Table.Th>
              <Table.Th>{t('grading.results.name')}</Table.Th>
              <Table.Th>{t('grading.results.theory')}</Table.Th>
              <Table.Th>{t('grading.results.skills')}</Table.Th>
              {data.level <= 2 && <Table.Th>{t('grading.results.review')}</Table.Th>}
              <Table.Th>{t('grading.results.result')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.rows.map((r) => (
              <Table.Tr key={r.ticketNo} data-testid={`sitting-row-${r.ticketNo}`}>
                <Table.Td>{r.ticketNo}</Table.Td>
                <Table.Td>{r.name}</Table.Td>
                <Table.Td data-testid={`theory-${r.ticketNo}`}>
                  <Cell cell={r.theory} />
                </Table.Td>
                <Table.Td data-testid={`skills-${r.ticketNo}`} data-outcome={r.skills.outcome}>
                  <Cell cell={r.skills} />
                </Table.Td>
                {data.level <= 2 && (
                  <Table.Td>
                    <Cell cell={r.review} />
                  </Table.Td>
                )}
                <Table.Td data-testid={`result-${r.ticketNo}`}>{t(`grading.results.resultValues.${r.result}`)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <ReleaseSittingDialog results={confirming ? data : null} onClose={() => setConfirming(false)} />
    </Stack>
  );
}

function ReleaseSittingDialog({ results, onClose }: { results: Results | null; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const release = useMutation({
    mutationFn: releaseSitting,
    onSuccess: (updated) => {
      queryClient.setQueryData(sittingResultsQueryKey(updated.sittingId), updated);
      void queryClient.invalidateQueries({ queryKey: partsQueryKey });
      onClose();
    },
  });
  return (
    <Modal opened={results !== null} onClose={onClose} title={t('grading.results.releaseTitle')} centered>
      {results && (
        <Stack>
          <Text>{t('grading.results.releaseBody')}</Text>
          {results.pendingGrading > 0 && <Alert color="orange">{t('grading.results.releasePending', { count: results.pendingGrading })}</Alert>}
          {release.isError && <ErrorAlert error={release.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('app.cancel')}
            </Button>
            <Button loading={release.isPending} onClick={() => release.mutate(results.sittingId)} data-testid="release-sitting-confirm">
              {t('grading.results.releaseConfirm')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
