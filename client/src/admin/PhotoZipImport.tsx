import { useState } from 'react';
import { Badge, Button, FileInput, Group, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { PhotoZipReport } from '@shared/registration.ts';
import { api } from '../api/http.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';

const importPhotoZip = (planId: number, file: File, dryRun: boolean) =>
  api<PhotoZipReport>(`/api/admin/plans/${planId}/photos?fileName=${encodeURIComponent(file.name)}&dryRun=${dryRun}`, { body: file, fileType: 'application/zip' });

/** Photos for the identity check brought with the roster: one zip, each image named by ID number or ticket number. */
export function PhotoZipImport({ planId }: { planId: number }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const mutation = useMutation({
    mutationFn: (dryRun: boolean) => importPhotoZip(planId, file as File, dryRun),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['admin', 'plans'] }),
  });
  const report = mutation.data;
  return (
    <Stack gap="xs">
      <Group align="flex-end">
        <FileInput label={t('plans.photoZip')} description={t('plans.photoZipHelp')} accept=".zip" value={file} onChange={setFile} w={420} clearable data-testid={`photo-zip-${planId}`} />
        <Button variant="light" disabled={!file} loading={mutation.isPending && mutation.variables} onClick={() => mutation.mutate(true)}>
          {t('plans.check')}
        </Button>
        <Button disabled={!file} loading={mutation.isPending && !mutation.variables} onClick={() => mutation.mutate(false)} data-testid={`photo-zip-import-${planId}`}>
          {t('plans.import')}
        </Button>
      </Group>
      {mutation.isError && <ErrorAlert error={mutation.error} />}
      {report && (
        <Stack gap={4} data-testid="photo-zip-report">
          <Text size="sm">{t(report.dryRun ? 'plans.summaryDry' : 'plans.summary', { ok: report.dryRun ? report.ok : report.imported, errors: report.errors })}</Text>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('plans.photoFile')}</Table.Th>
                <Table.Th>{t('ticket.ticketNo')}</Table.Th>
                <Table.Th>{t('registration.name')}</Table.Th>
                <Table.Th>{t('plans.result')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.rows.map((r) => (
                <Table.Tr key={r.entry}>
                  <Table.Td>{r.entry}</Table.Td>
                  <Table.Td>{r.ticketNo ?? '—'}</Table.Td>
                  <Table.Td>{r.name ?? '—'}</Table.Td>
                  <Table.Td>
                    <Badge color={r.status === 'error' ? 'red' : 'green'}>{t(`plans.status.${r.status}`)}</Badge>
                    {r.error && (
                      <Text size="xs" c="red">
                        {i18n.exists(`errors.detail.${r.error.key}`) ? t(`errors.detail.${r.error.key}` as never, r.error.params ?? {}) : r.error.message}
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      )}
    </Stack>
  );
}
