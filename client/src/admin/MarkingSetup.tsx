import { useState } from 'react';
import { Button, Group, MultiSelect, NumberInput, Select, Stack, Switch, Table, Text, Title, Tooltip, VisuallyHidden } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { StaffedTask } from '@shared/grading.ts';
import { putReviewPanel, putTaskSettings, tasksQueryKey } from '../api/grading.ts';
import { fetchReviewPanel, fetchSittingGrading, reviewPanelQueryKey, sittingGradingQueryKey } from '../api/staffing.ts';
import { BankExcerpt } from '../components/BankExcerpt.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { useStaffOptions, withMissing, type StaffOption } from './staffOptions.ts';

/** Who marks each skills task of a sitting, with its marking settings: double marking, threshold, arbitrator. */
export function MarkingSetup({ sittingId }: { sittingId: number }) {
  const { t } = useTranslation();
  const grading = useQuery({ queryKey: sittingGradingQueryKey(sittingId), queryFn: () => fetchSittingGrading(sittingId) });
  const byId = useStaffOptions('grader', 'id');
  const byLogin = useStaffOptions('grader', 'login');
  const pending = grading.isPending || byId.staff.isPending;
  const error = grading.error ?? byId.staff.error;
  return (
    <Stack gap="xs">
      <Title order={3} size="h4">
        {t('staffing.tasks.title')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('staffing.tasks.hint')}
      </Text>
      {pending ? (
        <PageLoader />
      ) : error || !grading.data ? (
        <ErrorAlert error={error} />
      ) : grading.data.tasks.length === 0 ? (
        <Text c="dimmed">{t('staffing.tasks.none')}</Text>
      ) : (
        <Table withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('staffing.tasks.task')}</Table.Th>
              <Table.Th>{t('staffing.tasks.graders')}</Table.Th>
              <Table.Th>{t('staffing.tasks.double')}</Table.Th>
              <Table.Th>{t('staffing.tasks.threshold')}</Table.Th>
              <Table.Th>{t('staffing.tasks.arbitrator')}</Table.Th>
              <Table.Th><VisuallyHidden>{t('a11y.tableActions')}</VisuallyHidden></Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {grading.data.tasks.map((task) => (
              <TaskRow key={task.paperItemId} sittingId={sittingId} task={task} graders={byId.options} arbitrators={byLogin.options} />
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

function TaskRow({ sittingId, task, graders, arbitrators }: { sittingId: number; task: StaffedTask; graders: StaffOption[]; arbitrators: StaffOption[] }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [chosen, setChosen] = useState(task.graderUserIds.map(String));
  const [double, setDouble] = useState(task.doubleMarking);
  const [threshold, setThreshold] = useState<number | ''>(task.thresholdPoints ?? '');
  const [arbitrator, setArbitrator] = useState<string | null>(task.arbitratorLogin);
  const save = useMutation({
    mutationFn: () =>
      putTaskSettings(task.paperItemId, { doubleMarking: double, thresholdPoints: threshold === '' ? null : threshold, arbitratorLogin: arbitrator, graderUserIds: chosen.map(Number) }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: sittingGradingQueryKey(sittingId) });
      void queryClient.invalidateQueries({ queryKey: tasksQueryKey });
    },
  });
  const locked = task.marks > 0;
  return (
    <Table.Tr data-testid={`task-staffing-${task.position}`}>
      <Table.Td maw={260}>
        <Text size="sm" fw={500}>
          {t('staffing.tasks.position', { n: task.position })} · {t(`staffing.typeNames.${task.type === 'practical' ? 'practical' : 'short-answer'}`)} · {t('staffing.tasks.points', { points: task.points })}
        </Text>
        {/* The bank's own text (commands, paths), not the UI's: translate="no" tells tools and the l10n guard. */}
        <Text size="xs" c="dimmed" lineClamp={2} translate="no" data-testid="task-stem">
          <BankExcerpt markdown={task.stem} max={160} />
        </Text>
      </Table.Td>
      <Table.Td miw={220}>
        <MultiSelect size="xs" searchable data={withMissing(graders, chosen)} value={chosen} onChange={setChosen} placeholder={chosen.length === 0 ? t('staffing.tasks.gradersPlaceholder') : undefined} aria-label={t('staffing.tasks.graders')} data-testid="task-graders-select" />
      </Table.Td>
      <Table.Td>
        <Tooltip label={t('staffing.tasks.doubleLocked')} disabled={!locked}>
          <span>
            <Switch checked={double} disabled={locked} onChange={(e) => setDouble(e.currentTarget.checked)} aria-label={t('staffing.tasks.double')} />
          </span>
        </Tooltip>
      </Table.Td>
      <Table.Td>
        <NumberInput
          size="xs"
          w={110}
          min={0.5}
          max={task.points}
          step={0.5}
          value={threshold}
          placeholder={t('staffing.tasks.thresholdDefault', { points: task.defaultThreshold })}
          onChange={(v) => setThreshold(typeof v === 'number' ? v : '')}
          aria-label={t('staffing.tasks.threshold')}
        />
      </Table.Td>
      <Table.Td miw={160}>
        <Select size="xs" searchable clearable data={withMissing(arbitrators, arbitrator ? [arbitrator] : [])} value={arbitrator} onChange={setArbitrator} placeholder={t('staffing.tasks.arbitratorPlaceholder')} aria-label={t('staffing.tasks.arbitrator')} />
      </Table.Td>
      <Table.Td>
        <Group gap="xs" wrap="nowrap">
          <Button size="compact-xs" loading={save.isPending} onClick={() => save.mutate()} data-testid="task-staffing-save">
            {t('staffing.save')}
          </Button>
          {save.isSuccess && (
            <Text size="xs" c="teal">
              {t('staffing.saved')}
            </Text>
          )}
        </Group>
        {save.isError && <ErrorAlert error={save.error} />}
      </Table.Td>
    </Table.Tr>
  );
}

/** The review part's panel: a chair and members, chosen among the graders. */
export function ReviewPanelSetup({ sittingPartId }: { sittingPartId: number }) {
  const { t } = useTranslation();
  const panel = useQuery({ queryKey: reviewPanelQueryKey(sittingPartId), queryFn: () => fetchReviewPanel(sittingPartId) });
  const { staff, options } = useStaffOptions('grader', 'login');
  return (
    <Stack gap="xs" maw={560}>
      <Title order={3} size="h4">
        {t('staffing.panel.title')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('staffing.panel.hint')}
      </Text>
      {panel.isPending || staff.isPending ? (
        <PageLoader />
      ) : panel.isError || staff.isError ? (
        <ErrorAlert error={panel.error ?? staff.error} />
      ) : (
        <PanelForm sittingPartId={sittingPartId} chair={panel.data.panel?.chairLogin ?? null} members={panel.data.panel?.memberLogins ?? []} options={options} />
      )}
    </Stack>
  );
}

function PanelForm({ sittingPartId, chair: savedChair, members: savedMembers, options }: { sittingPartId: number; chair: string | null; members: string[]; options: StaffOption[] }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [chair, setChair] = useState<string | null>(savedChair);
  // The chair is a member too; the list shows the others.
  const [members, setMembers] = useState(savedMembers.filter((m) => m !== savedChair));
  const save = useMutation({
    mutationFn: () => putReviewPanel({ sittingPartId, chairLogin: chair!, memberLogins: members.filter((m) => m !== chair) }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: reviewPanelQueryKey(sittingPartId) }),
  });
  return (
    <>
      <Select label={t('staffing.panel.chair')} searchable data={withMissing(options, chair ? [chair] : [])} value={chair} onChange={setChair} placeholder={t('staffing.panel.choose')} data-testid="panel-chair" />
      <MultiSelect label={t('staffing.panel.members')} searchable data={withMissing(options, members).filter((o) => o.value !== chair)} value={members} onChange={setMembers} placeholder={t('staffing.panel.choose')} data-testid="panel-members" />
      {save.isError && <ErrorAlert error={save.error} />}
      <Group>
        <Button disabled={!chair || members.filter((m) => m !== chair).length === 0} loading={save.isPending} onClick={() => save.mutate()} data-testid="panel-save">
          {t('staffing.save')}
        </Button>
        {save.isSuccess && <Text c="teal">{t('staffing.saved')}</Text>}
      </Group>
    </>
  );
}
