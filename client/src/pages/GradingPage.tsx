import { useState } from 'react';
import { Alert, Badge, Button, Container, Group, SegmentedControl, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { GradingTask, MarkResult, ScriptSummary, ScriptView } from '@shared/grading.ts';
import { claimScript, fetchScripts, fetchTasks, nextScript, scriptsQueryKey, tasksQueryKey } from '../api/grading.ts';
import { BankExcerpt } from '../components/BankExcerpt.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { ReopenMark } from '../grading/ReopenMark.tsx';
import { ReviewBoards } from '../grading/ReviewBoards.tsx';
import { ScriptMarker } from '../grading/ScriptMarker.tsx';

type Mode = 'task' | 'candidate' | 'review';
type Current = { script: ScriptView; mode: 'task' | 'candidate' };

/** The grader workspace (阅卷): by task across candidates, or by candidate (marking code). */
export default function GradingPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<Mode>('task');
  const [current, setCurrent] = useState<Current | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: tasksQueryKey });
    void queryClient.invalidateQueries({ queryKey: scriptsQueryKey });
  };

  const next = useMutation({
    mutationFn: nextScript,
    onSuccess: ({ script }) => {
      if (script) setCurrent({ script, mode: 'task' });
      else {
        setCurrent(null);
        setNotice(t('grading.noMore'));
        refresh();
      }
    },
  });
  const claim = useMutation({
    mutationFn: ({ code, itemId }: { code: string; itemId: number }) => claimScript(code, itemId),
    onSuccess: (script) => setCurrent({ script, mode: 'candidate' }),
  });

  async function done(result: MarkResult) {
    if (!current) return;
    setNotice(t('grading.submitted', { state: t(`grading.states.${result.state}`) }));
    refresh();
    if (current.mode === 'task') return next.mutate(current.script.paperItemId);
    // By candidate: the same marking code's next script this grader may open.
    const scripts = await queryClient.fetchQuery({ queryKey: scriptsQueryKey, queryFn: fetchScripts });
    const following = scripts.find((s) => s.code === current.script.code && openable(s));
    if (following) claim.mutate({ code: following.code, itemId: following.paperItemId });
    else setCurrent(null);
  }

  return (
    <Container size="xl" py="md">
      <Stack>
        <Group justify="space-between">
          <Title order={2}>{t('grading.title')}</Title>
          {!current && (
            <SegmentedControl
              aria-label={t('grading.modeLabel')}
              value={mode}
              onChange={(v) => setMode(v as Mode)}
              data={[
                { value: 'task', label: t('grading.byTask') },
                { value: 'candidate', label: t('grading.byCandidate') },
                { value: 'review', label: t('grading.review.tab') },
              ]}
              data-testid="grading-mode"
            />
          )}
        </Group>
        {notice && (
          <Alert color="blue" withCloseButton onClose={() => setNotice(null)} data-testid="grading-notice">
            {notice}
          </Alert>
        )}
        {(next.isError || claim.isError) && <ErrorAlert error={next.error ?? claim.error} testId="grading-error" />}
        {current ? (
          <ScriptMarker
            key={`${current.script.code}-${current.script.paperItemId}`}
            script={current.script}
            onDone={(r) => void done(r)}
            onCancel={() => {
              setCurrent(null);
              refresh();
            }}
          />
        ) : mode === 'review' ? (
          <ReviewBoards />
        ) : mode === 'task' ? (
          <TaskList onStart={(itemId) => { setNotice(null); next.mutate(itemId); }} />
        ) : (
          <CandidateList
            onOpen={(code, itemId) => { setNotice(null); claim.mutate({ code, itemId }); }}
            onReopened={(s) => {
              setNotice(t('grading.reopen.done'));
              refresh();
              if (openable(s)) claim.mutate({ code: s.code, itemId: s.paperItemId });
            }}
          />
        )}
      </Stack>
    </Container>
  );
}

const openable = (s: ScriptSummary) => s.state !== 'resolved' && !s.markedByMe && !s.claimedByOther;

function TaskList({ onStart }: { onStart: (itemId: number) => void }) {
  const { t } = useTranslation();
  const tasks = useQuery({ queryKey: tasksQueryKey, queryFn: fetchTasks });
  if (tasks.isPending) return <PageLoader />;
  if (tasks.isError) return <ErrorAlert error={tasks.error} />;
  if (tasks.data.length === 0) return <Text c="dimmed">{t('grading.noTasks')}</Text>;
  return (
    <Table.ScrollContainer minWidth={800}>
      <Table withTableBorder striped data-testid="grading-tasks">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('grading.task')}</Table.Th>
            <Table.Th>{t('grading.points')}</Table.Th>
            <Table.Th>{t('grading.marking')}</Table.Th>
            <Table.Th>{t('grading.progress')}</Table.Th>
            <Table.Th>{t('grading.mine')}</Table.Th>
            <Table.Th>{t('grading.available')}</Table.Th>
            <Table.Th><VisuallyHidden>{t('a11y.tableActions')}</VisuallyHidden></Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tasks.data.map((task) => (
            <TaskRow key={task.paperItemId} task={task} onStart={onStart} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function TaskRow({ task, onStart }: { task: GradingTask; onStart: (itemId: number) => void }) {
  const { t } = useTranslation();
  return (
    <Table.Tr data-testid={`task-row-${task.position}`}>
      <Table.Td maw={420}>
        <Text size="sm" fw={600}>
          {t('grading.position', { n: task.position })} · {t(`itemTypes.${task.type}`)}
        </Text>
        {/* The bank's own text (commands, paths), not the UI's: translate="no" tells tools and the l10n guard. */}
        <Text size="xs" c="dimmed" lineClamp={2} translate="no" data-testid="task-stem">
          <BankExcerpt markdown={task.stem} max={160} />
        </Text>
      </Table.Td>
      <Table.Td>{task.points}</Table.Td>
      <Table.Td>{task.doubleMarking ? t('grading.double', { threshold: task.thresholdPoints }) : t('grading.single')}</Table.Td>
      <Table.Td data-testid={`task-progress-${task.position}`}>
        <Text size="sm">{t('grading.progressValue', { resolved: task.resolved, scripts: task.scripts })}</Text>
        {task.doubleMarking && (
          <Text size="xs" c="dimmed">
            {t('grading.awaiting', { second: task.awaitingSecond, arbitration: task.awaitingArbitration })}
          </Text>
        )}
      </Table.Td>
      <Table.Td>{task.markedByMe}</Table.Td>
      <Table.Td>{task.availableToMe}</Table.Td>
      <Table.Td>
        <Button size="xs" disabled={task.availableToMe === 0} onClick={() => onStart(task.paperItemId)} data-testid={`task-start-${task.position}`}>
          {t('grading.start')}
        </Button>
      </Table.Td>
    </Table.Tr>
  );
}

const STATE_COLOR = { unmarked: 'gray', awaiting_second: 'yellow', awaiting_arbitration: 'orange', resolved: 'green' } as const;

function CandidateList({ onOpen, onReopened }: { onOpen: (code: string, itemId: number) => void; onReopened: (s: ScriptSummary) => void }) {
  const { t } = useTranslation();
  const scripts = useQuery({ queryKey: scriptsQueryKey, queryFn: fetchScripts });
  if (scripts.isPending) return <PageLoader />;
  if (scripts.isError) return <ErrorAlert error={scripts.error} />;
  const codes = [...new Set(scripts.data.map((s) => s.code))];
  if (codes.length === 0) return <Text c="dimmed">{t('grading.noTasks')}</Text>;
  return (
    <Table withTableBorder data-testid="grading-candidates">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('grading.code')}</Table.Th>
          <Table.Th>{t('grading.task')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {codes.map((code, row) => (
          <Table.Tr key={code} data-testid={`code-row-${row + 1}`}>
            <Table.Td ff="monospace">{code}</Table.Td>
            <Table.Td>
              <Group gap={6}>
                {scripts.data
                  .filter((s) => s.code === code)
                  .map((s) => (
                    <Group key={s.paperItemId} gap={2} wrap="nowrap">
                    <Button
                      size="compact-xs"
                      variant="light"
                      color={STATE_COLOR[s.state]}
                      disabled={!openable(s)}
                      title={`${t(`grading.states.${s.state}`)}${s.markedByMe ? ` · ${t('grading.markedByMe')}` : ''}${s.claimedByOther ? ` · ${t('grading.claimedByOther')}` : ''}`}
                      onClick={() => onOpen(s.code, s.paperItemId)}
                      data-testid={`open-${row + 1}-${s.position}`}
                      data-state={s.state}
                    >
                      {s.position} <Badge size="xs" ml={4} variant="transparent" color={STATE_COLOR[s.state]}>{t(`grading.states.${s.state}`)}</Badge>
                    </Button>
                    {s.canReopen && <ReopenMark script={s} onReopened={onReopened} />}
                    </Group>
                  ))}
              </Group>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
