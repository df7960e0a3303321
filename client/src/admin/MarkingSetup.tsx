import { useState } from 'react';
import { Button, Group, NumberInput, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { SittingPartSummary } from '@shared/api.ts';
import type { GradingTask } from '@shared/grading.ts';
import { fetchTasks, putReviewPanel, putTaskSettings, tasksQueryKey } from '../api/grading.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PageLoader } from '../components/PageLoader.tsx';

/** Per-task marking settings of a skills part: single or double marking, threshold, arbitrator. */
export function MarkingSetup({ part }: { part: SittingPartSummary }) {
  const { t } = useTranslation();
  const tasks = useQuery({ queryKey: tasksQueryKey, queryFn: fetchTasks });
  if (tasks.isPending) return <PageLoader />;
  if (tasks.isError) return <ErrorAlert error={tasks.error} />;
  return (
    <Stack gap="xs">
      <Title order={3} size="h4">
        {t('grading.setup.title')}
      </Title>
      <Table withTableBorder>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('grading.task')}</Table.Th>
            <Table.Th>{t('grading.setup.double')}</Table.Th>
            <Table.Th>{t('grading.setup.threshold')}</Table.Th>
            <Table.Th>{t('grading.setup.arbitrator')}</Table.Th>
            <Table.Th>{t('grading.progress')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tasks.data.filter((task) => task.sittingName === part.sittingName).map((task) => (
            <TaskSettings key={task.paperItemId} task={task} />
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

function TaskSettings({ task }: { task: GradingTask }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [double, setDouble] = useState(task.doubleMarking);
  const [threshold, setThreshold] = useState<number | ''>(task.thresholdPoints);
  const [arbitrator, setArbitrator] = useState('');
  const save = useMutation({
    mutationFn: () => putTaskSettings(task.paperItemId, { doubleMarking: double, thresholdPoints: threshold === '' ? null : threshold, arbitratorLogin: arbitrator.trim() || null }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: tasksQueryKey }),
  });
  return (
    <Table.Tr>
      <Table.Td>{t('grading.position', { n: task.position })}</Table.Td>
      <Table.Td>
        <Switch checked={double} onChange={(e) => setDouble(e.currentTarget.checked)} aria-label={t('grading.setup.double')} />
      </Table.Td>
      <Table.Td>
        <NumberInput size="xs" w={90} min={0.5} max={task.points} step={0.5} value={threshold} onChange={(v) => setThreshold(typeof v === 'number' ? v : '')} aria-label={t('grading.setup.threshold')} />
      </Table.Td>
      <Table.Td>
        <TextInput size="xs" w={140} placeholder={t('grading.setup.arbitratorPlaceholder')} value={arbitrator} onChange={(e) => setArbitrator(e.currentTarget.value)} aria-label={t('grading.setup.arbitrator')} />
      </Table.Td>
      <Table.Td>{t('grading.progressValue', { resolved: task.resolved, scripts: task.scripts })}</Table.Td>
      <Table.Td>
        <Button size="compact-xs" loading={save.isPending} onClick={() => save.mutate()}>
          {t('grading.setup.save')}
        </Button>
        {save.isError && <ErrorAlert error={save.error} />}
        {save.isSuccess && <Text size="xs" c="teal">{t('grading.setup.saved')}</Text>}
      </Table.Td>
    </Table.Tr>
  );
}

/** The review part's panel: a chair and members, all graders, by login. */
export function ReviewPanelSetup({ part }: { part: SittingPartSummary }) {
  const { t } = useTranslation();
  const [chair, setChair] = useState('');
  const [members, setMembers] = useState('');
  const save = useMutation({
    mutationFn: () => putReviewPanel({ sittingPartId: part.sittingPartId, chairLogin: chair.trim(), memberLogins: members.split(/[,，\s]+/).filter(Boolean) }),
  });
  return (
    <Stack gap="xs" maw={520}>
      <Title order={3} size="h4">
        {t('grading.setup.panelTitle')}
      </Title>
      <TextInput label={t('grading.setup.chair')} value={chair} onChange={(e) => setChair(e.currentTarget.value)} />
      <TextInput label={t('grading.setup.members')} value={members} onChange={(e) => setMembers(e.currentTarget.value)} />
      {save.isError && <ErrorAlert error={save.error} />}
      <Group>
        <Button disabled={!chair.trim() || !members.trim()} loading={save.isPending} onClick={() => save.mutate()}>
          {t('grading.setup.save')}
        </Button>
        {save.isSuccess && <Text c="teal">{t('grading.setup.saved')}</Text>}
      </Group>
    </Stack>
  );
}
