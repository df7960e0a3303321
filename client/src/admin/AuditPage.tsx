import { useState } from 'react';
import { Button, Code, Group, Pagination, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { auditExportUrl, auditQueryKey, fetchAudit } from '../api/audit.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { useFormatDateTime } from '../hooks/useFormatDateTime.ts';

/** The append-only audit log: filter, page through, export what the filter shows as CSV. */
export default function AuditPage() {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const [action, setAction] = useState('');
  const [entity, setEntity] = useState('');
  const [actor, setActor] = useState('');
  const [page, setPage] = useState(1);
  const filter = { action: action.trim(), entity: entity.trim(), actor: actor.trim() };
  const log = useQuery({ queryKey: auditQueryKey({ ...filter, page }), queryFn: () => fetchAudit({ ...filter, page }), placeholderData: keepPreviousData });
  const reset = (set: (v: string) => void) => (e: React.ChangeEvent<HTMLInputElement>) => {
    set(e.currentTarget.value);
    setPage(1);
  };
  return (
    <Stack>
      <Title order={2}>{t('audit.title')}</Title>
      <Group align="flex-end">
        <TextInput label={t('audit.action')} placeholder="application." value={action} onChange={reset(setAction)} data-testid="audit-action" />
        <TextInput label={t('audit.entity')} placeholder="application" value={entity} onChange={reset(setEntity)} />
        <TextInput label={t('audit.actor')} placeholder="admin" value={actor} onChange={reset(setActor)} />
        <Button component="a" href={auditExportUrl(filter)} variant="light" data-testid="audit-export">
          {t('audit.export')}
        </Button>
      </Group>
      {log.isPending ? (
        <PageLoader />
      ) : log.isError ? (
        <ErrorAlert error={log.error} />
      ) : (
        <>
          <Text size="sm" c="dimmed" data-testid="audit-total">
            {t('audit.total', { count: log.data.total })}
          </Text>
          <Table striped data-testid="audit-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('audit.at')}</Table.Th>
                <Table.Th>{t('audit.actor')}</Table.Th>
                <Table.Th>{t('audit.action')}</Table.Th>
                <Table.Th>{t('audit.entity')}</Table.Th>
                <Table.Th>{t('audit.details')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {log.data.rows.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>{formatDateTime(r.at)}</Table.Td>
                  <Table.Td>{r.actorLogin ?? '—'}</Table.Td>
                  <Table.Td>{r.action}</Table.Td>
                  <Table.Td>
                    {r.entity}
                    {r.entityId ? ` #${r.entityId}` : ''}
                  </Table.Td>
                  <Table.Td>
                    <Code style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{r.details}</Code>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Pagination total={Math.max(1, Math.ceil(log.data.total / log.data.pageSize))} value={page} onChange={setPage} />
        </>
      )}
    </Stack>
  );
}
