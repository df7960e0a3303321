import { useState } from 'react';
import { Anchor, Badge, Group, Paper, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { ImportReportEntryDto, ImportResponse } from '@shared/banks-api.ts';
import { useImportFormatName } from './useImportFormatName.ts';
import { useImportMessageText } from './useImportMessageText.ts';

type Status = ImportReportEntryDto['status'];
const STATUSES = ['imported', 'warning', 'error'] as const satisfies readonly Status[];
const STATUS_COLORS: Record<Status, string> = { imported: 'teal', warning: 'yellow', error: 'red' };

export function ImportReport({ response }: { response: ImportResponse }) {
  const { t } = useTranslation();
  const formatName = useImportFormatName();
  const messageText = useImportMessageText();
  const [filter, setFilter] = useState<'all' | 'problems'>('all');
  const counts: Record<Status, number> = { imported: 0, warning: 0, error: 0 };
  for (const entry of response.report) counts[entry.status]++;
  const problems = counts.warning + counts.error;
  const rows = filter === 'all' ? response.report : response.report.filter((e) => e.status !== 'imported');
  const none = t('importReport.none');

  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={3} size="h4">
          {t('importReport.title')}
        </Title>
        <Text size="sm" data-testid="import-format-detected">
          {t('importReport.format', { format: formatName(response.format) })}
        </Text>
        {response.bank ? (
          <Group gap="xs">
            <Text size="sm" data-testid="import-bank-created">
              {t('importReport.created', { title: response.bank.title, n: response.bank.items })}
            </Text>
            <Anchor component={Link} to={`/admin/banks/${response.bank.id}`} size="sm" data-testid="import-open-bank">
              {t('importReport.open')}
            </Anchor>
          </Group>
        ) : (
          <Text size="sm" c="red" data-testid="import-no-bank">
            {t('importReport.noBank')}
          </Text>
        )}
        <Group justify="space-between">
          <Group gap="xs">
            {STATUSES.map((status) => (
              <Badge key={status} color={STATUS_COLORS[status]} variant="light" size="lg" data-testid={`import-count-${status}`} data-count={counts[status]}>
                {t('app.labelValue', { label: t(`importStatus.${status}`), value: counts[status] })}
              </Badge>
            ))}
          </Group>
          <SegmentedControl
            size="xs"
            aria-label={t('importReport.filterLabel')}
            value={filter}
            onChange={(value) => setFilter(value === 'problems' ? 'problems' : 'all')}
            data={[
              { value: 'all', label: t('importReport.showAll', { n: response.report.length }) },
              { value: 'problems', label: t('importReport.showProblems', { n: problems }) },
            ]}
            data-testid="import-report-filter"
          />
        </Group>
        {rows.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('importReport.noProblems')}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={700} maxHeight={480}>
            <Table striped withTableBorder stickyHeader data-testid="import-report">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('importReport.index')}</Table.Th>
                  <Table.Th>{t('importReport.sourceRef')}</Table.Th>
                  <Table.Th>{t('importReport.itemId')}</Table.Th>
                  <Table.Th>{t('importReport.status')}</Table.Th>
                  <Table.Th>{t('importReport.messages')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((entry) => (
                  <Table.Tr key={entry.index} data-testid={`import-report-row-${entry.index}`} data-status={entry.status}>
                    <Table.Td>{entry.index}</Table.Td>
                    <Table.Td>{entry.sourceRef ?? none}</Table.Td>
                    <Table.Td>{entry.itemId ?? none}</Table.Td>
                    <Table.Td>
                      <Badge color={STATUS_COLORS[entry.status]} variant="light">
                        {t(`importStatus.${entry.status}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      {entry.messages.length === 0
                        ? none
                        : entry.messages.map((message, i) => (
                            <Text key={i} size="sm" style={{ whiteSpace: 'pre-wrap' }} data-key={message.key}>
                              {messageText(message)}
                            </Text>
                          ))}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Paper>
  );
}
