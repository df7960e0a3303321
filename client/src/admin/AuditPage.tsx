import { useMemo, useState } from 'react';
import { Button, Group, Pagination, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '@shared/audit-api.ts';
import { AUDIT_FAMILIES, auditSentence, subjectText, type AuditLanguage } from '@shared/wording/audit-log.ts';
import { auditExportUrl, auditQueryKey, fetchAudit } from '../api/audit.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { useFormatDateTime } from '../hooks/useFormatDateTime.ts';

const detailsOf = (json: string): Record<string, unknown> => {
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
};

/** One entry as the office reads it: a sentence with names (shared wording, the same as the export's). */
const sentenceOf = (language: AuditLanguage, r: AuditEntry) => auditSentence(language, r.action, { actor: r.actorName, subject: subjectText(language, r.subject), details: detailsOf(r.details) });

/** The append-only audit log: filter, page through, export what the filter shows as CSV. */
export default function AuditPage() {
  const { t, i18n } = useTranslation();
  // Not currentLanguage() from i18n/index.ts: importing that module here would move it out of the entry chunk.
  const language: AuditLanguage = i18n.resolvedLanguage === 'en' ? 'en' : 'zh-CN';
  const formatDateTime = useFormatDateTime();
  const [family, setFamily] = useState<string | null>(null);
  const [actor, setActor] = useState('');
  const [page, setPage] = useState(1);
  // An action family filters by its prefix: `application.` finds every application action.
  const filter = { action: family ? `${family}.` : '', actor: actor.trim() };
  const log = useQuery({ queryKey: auditQueryKey({ ...filter, page }), queryFn: () => fetchAudit({ ...filter, page }), placeholderData: keepPreviousData });
  const families = useMemo(() => Object.entries(AUDIT_FAMILIES[language]).map(([value, label]) => ({ value, label })), [language]);
  return (
    <Stack>
      <Title order={2}>{t('audit.title')}</Title>
      <Group align="flex-end">
        <Select
          label={t('audit.action')}
          placeholder={t('audit.allActions')}
          data={families}
          value={family}
          onChange={(v) => {
            setFamily(v);
            setPage(1);
          }}
          clearable
          searchable
          data-testid="audit-action"
        />
        <TextInput
          label={t('audit.actorLogin')}
          value={actor}
          onChange={(e) => {
            setActor(e.currentTarget.value);
            setPage(1);
          }}
        />
        <Button component="a" href={auditExportUrl({ ...filter, lang: language })} variant="light" data-testid="audit-export">
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
                <Table.Th>{t('audit.entry')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {log.data.rows.map((r) => (
                <Table.Tr key={r.id} data-action={r.action}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(r.at)}</Table.Td>
                  <Table.Td title={r.actorLogin ?? undefined}>{r.actorName ?? t('audit.system')}</Table.Td>
                  <Table.Td>{sentenceOf(language, r)}</Table.Td>
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
