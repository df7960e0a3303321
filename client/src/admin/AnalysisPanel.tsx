import { useState } from 'react';
import { Button, Checkbox, Group, Modal, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { SittingPartSummary } from '@shared/api.ts';
import type { PartAnalysis } from '@shared/results.ts';
import { analysisQueryKey, correctKey, fetchAnalysis } from '../api/grading.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { DistributionChart } from './DistributionChart.tsx';

type ItemRow = PartAnalysis['items'][number];
const fmt = (v: number | null) => (v === null ? '—' : v.toFixed(2));

/** Score distribution of a part; for theory, item analysis, reliability and key correction. */
export function AnalysisPanel({ part }: { part: SittingPartSummary }) {
  const { t } = useTranslation();
  const analysis = useQuery({ queryKey: analysisQueryKey(part.sittingPartId), queryFn: () => fetchAnalysis(part.sittingPartId) });
  const [correcting, setCorrecting] = useState<ItemRow | null>(null);
  if (analysis.isPending) return <PageLoader />;
  if (analysis.isError) return <ErrorAlert error={analysis.error} />;
  const a = analysis.data;
  return (
    <Stack gap="xs" data-testid="analysis-panel">
      <Title order={3} size="h4">
        {t('grading.analysis.title', { part: t(`partKinds.${part.kind}`) })}
      </Title>
      <Text size="sm">{t('grading.analysis.summary', { scored: a.scored, mean: a.mean ?? '—' })}</Text>
      <DistributionChart bins={a.distribution} />
      {a.items.length > 0 && (
        <>
          <Text size="sm" data-testid="kr20">
            {t('grading.analysis.kr20', { value: fmt(a.kr20) })}
          </Text>
          <Table.ScrollContainer minWidth={700} mah={420}>
            <Table striped withTableBorder stickyHeader data-testid="item-analysis">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>#</Table.Th>
                  <Table.Th>{t('grading.analysis.key')}</Table.Th>
                  <Table.Th>{t('grading.analysis.difficulty')}</Table.Th>
                  <Table.Th>{t('grading.analysis.pointBiserial')}</Table.Th>
                  <Table.Th>{t('grading.analysis.upperLower')}</Table.Th>
                  <Table.Th>{t('grading.analysis.options')}</Table.Th>
                  <Table.Th><VisuallyHidden>{t('a11y.tableActions')}</VisuallyHidden></Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {a.items.map((i) => (
                  <Table.Tr key={i.itemId}>
                    <Table.Td>{i.position}</Table.Td>
                    <Table.Td>{i.key.join(', ')}</Table.Td>
                    <Table.Td>{fmt(i.p)}</Table.Td>
                    <Table.Td>{fmt(i.pointBiserial)}</Table.Td>
                    <Table.Td>{fmt(i.discrimination)}</Table.Td>
                    <Table.Td>
                      <Text size="xs">
                        {Object.entries(i.optionCounts)
                          .map(([o, n]) => `${o}:${n}`)
                          .join('  ')}
                        {`  ${t('grading.analysis.blank')}:${i.blank}`}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Button size="compact-xs" variant="subtle" onClick={() => setCorrecting(i)}>
                        {t('grading.analysis.correct')}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      )}
      <CorrectKeyDialog item={correcting} partId={part.sittingPartId} onClose={() => setCorrecting(null)} />
    </Stack>
  );
}

function CorrectKeyDialog({ item, partId, onClose }: { item: ItemRow | null; partId: number; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [key, setKey] = useState<string[] | null>(null);
  const chosen = key ?? item?.key ?? [];
  const mutation = useMutation({
    mutationFn: () => correctKey(item!.itemId, chosen),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['admin'] });
      void queryClient.invalidateQueries({ queryKey: analysisQueryKey(partId) });
    },
  });
  const close = () => {
    setKey(null);
    mutation.reset();
    onClose();
  };
  return (
    <Modal opened={item !== null} onClose={close} title={t('grading.analysis.correctTitle', { n: item?.position ?? '' })} centered>
      {item && (
        <Stack>
          <Text size="sm">{t('grading.analysis.correctBody')}</Text>
          <Checkbox.Group value={chosen} onChange={setKey}>
            <Group>
              {Object.keys(item.optionCounts).map((o) => (
                <Checkbox key={o} value={o} label={o} />
              ))}
            </Group>
          </Checkbox.Group>
          {mutation.isError && <ErrorAlert error={mutation.error} />}
          {mutation.isSuccess && <Text c="teal">{t('grading.analysis.regraded', mutation.data)}</Text>}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('app.cancel')}
            </Button>
            <Button disabled={chosen.length === 0 || mutation.isSuccess} loading={mutation.isPending} onClick={() => mutation.mutate()}>
              {t('grading.analysis.correctConfirm')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
