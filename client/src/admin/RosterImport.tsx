import { useState } from 'react';
import { Badge, Button, FileInput, Group, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { importRoster } from '../api/registration.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';

/** Roster upload with a check first (dry run) and the per-row report; initial passwords are shown once. */
export function RosterImport({ planId }: { planId: number }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const mutation = useMutation({
    mutationFn: (dryRun: boolean) => importRoster(planId, file as File, dryRun),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['admin', 'plans'] }),
  });
  const report = mutation.data;
  return (
    <Stack gap="xs">
      <Group align="flex-end">
        <FileInput label={t('plans.roster')} accept=".csv,.tsv,.xlsx" value={file} onChange={setFile} w={320} clearable data-testid={`roster-file-${planId}`} />
        <Button variant="light" disabled={!file} loading={mutation.isPending && mutation.variables} onClick={() => mutation.mutate(true)}>
          {t('plans.check')}
        </Button>
        <Button disabled={!file} loading={mutation.isPending && !mutation.variables} onClick={() => mutation.mutate(false)} data-testid={`roster-import-${planId}`}>
          {t('plans.import')}
        </Button>
      </Group>
      <Text size="xs" c="dimmed" maw={720} data-testid={`roster-help-${planId}`}>
        {t('plans.rosterHelp')}
      </Text>
      {mutation.isError && <ErrorAlert error={mutation.error} />}
      {report && (
        <Stack gap={4} data-testid="roster-report">
          <Text size="sm">{t(report.dryRun ? 'plans.summaryDry' : 'plans.summary', { ok: report.dryRun ? report.ok : report.imported, errors: report.errors })}</Text>
          {!report.dryRun && report.imported > 0 && (
            <Text size="sm" c="orange">
              {t('plans.passwordsOnce')}
            </Text>
          )}
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('plans.row')}</Table.Th>
                <Table.Th>{t('registration.name')}</Table.Th>
                <Table.Th>{t('registration.idNumber')}</Table.Th>
                <Table.Th>{t('registration.level')}</Table.Th>
                <Table.Th>{t('plans.result')}</Table.Th>
                <Table.Th>{t('ticket.ticketNo')}</Table.Th>
                <Table.Th>{t('plans.seat')}</Table.Th>
                <Table.Th>{t('plans.initialPassword')}</Table.Th>
                <Table.Th>{t('plans.accommodations')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.rows.map((r) => (
                <Table.Tr key={r.row}>
                  <Table.Td>{r.row}</Table.Td>
                  <Table.Td>{r.name}</Table.Td>
                  <Table.Td>{r.idNumber}</Table.Td>
                  <Table.Td>{r.level}</Table.Td>
                  <Table.Td>
                    <Badge color={r.status === 'error' ? 'red' : 'green'}>{t(`plans.status.${r.status}`)}</Badge>
                    {r.errors.map((e) => (
                      <Text key={e.key + JSON.stringify(e.params ?? {})} size="xs" c="red">
                        {i18n.exists(`errors.detail.${e.key}`) ? t(`errors.detail.${e.key}` as never, e.params ?? {}) : e.message}
                      </Text>
                    ))}
                  </Table.Td>
                  <Table.Td>{r.ticketNo ?? '—'}</Table.Td>
                  <Table.Td>{r.room ? `${r.room} ${r.seat}` : '—'}</Table.Td>
                  <Table.Td>{r.initialPassword ?? '—'}</Table.Td>
                  <Table.Td>{r.accommodations || '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      )}
    </Stack>
  );
}
