import { useEffect, useState } from 'react';
import { Badge, Button, Group, NumberInput, Paper, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ReviewBoard } from '@shared/review.ts';
import { fetchReviewBoards, reviewAction, reviewQueryKey, reviewScore } from '../api/grading.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { ReviewMaterials } from './ReviewMaterials.tsx';

type Candidate = ReviewBoard['candidates'][number];

/** The server's clock, from the offset measured when the board was fetched; ticks every second. */
function useServerNow(serverTime: number | undefined, fetchedAt: number) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(id);
  }, []);
  return serverTime === undefined ? null : serverTime + (now - fetchedAt);
}

const clock = (ms: number) => new Date(ms).toLocaleTimeString('zh-CN', { hour12: false });
const mmss = (ms: number) => {
  const s = Math.max(0, Math.round(ms / 1000));
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};

export function ReviewBoards() {
  const { t } = useTranslation();
  const boards = useQuery({ queryKey: reviewQueryKey, queryFn: fetchReviewBoards, refetchInterval: 10_000 });
  const serverNow = useServerNow(boards.data?.[0]?.serverTime, boards.dataUpdatedAt);
  if (boards.isPending) return <PageLoader />;
  if (boards.isError) return <ErrorAlert error={boards.error} />;
  if (boards.data.length === 0) return <Text c="dimmed">{t('grading.review.none')}</Text>;
  return (
    <Stack>
      {serverNow !== null && (
        <Text fw={600} data-testid="server-clock">
          {t('grading.review.serverClock', { time: clock(serverNow) })}
        </Text>
      )}
      {boards.data.map((b) => (
        <Board key={b.panelId} board={b} serverNow={serverNow ?? b.serverTime} />
      ))}
    </Stack>
  );
}

function Board({ board, serverNow }: { board: ReviewBoard; serverNow: number }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="md">
      <Stack gap="xs">
        <Group>
          <Title order={3} size="h4">
            {t('grading.review.title', { sitting: board.sittingName, minutes: board.durationMinutes })}
          </Title>
          {board.isChair && <Badge>{t('grading.review.chair')}</Badge>}
        </Group>
        <Text size="sm" c="dimmed">
          {t('grading.review.members', { members: board.members.join('、') })}
        </Text>
        <Table withTableBorder striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('grading.results.ticketNo')}</Table.Th>
              <Table.Th>{t('grading.results.name')}</Table.Th>
              <Table.Th>{t('grading.review.state')}</Table.Th>
              <Table.Th>{t('grading.review.myScore')}</Table.Th>
              <Table.Th>{t('grading.review.final')}</Table.Th>
              {board.isChair && <Table.Th><VisuallyHidden>{t('a11y.tableActions')}</VisuallyHidden></Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {board.candidates.map((c) => (
              <Row key={c.candidateId} board={board} c={c} serverNow={serverNow} />
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
    </Paper>
  );
}

function Row({ board, c, serverNow }: { board: ReviewBoard; c: Candidate; serverNow: number }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [value, setValue] = useState<number | ''>(c.myScore ?? '');
  const done = () => void queryClient.invalidateQueries({ queryKey: reviewQueryKey });
  const action = useMutation({ mutationFn: (a: 'start' | 'end' | 'absent') => reviewAction(board.panelId, c.candidateId, a), onSuccess: done });
  const score = useMutation({ mutationFn: () => reviewScore(board.panelId, c.candidateId, Number(value)), onSuccess: done });
  const remaining = c.state === 'in_progress' && c.plannedEnd !== null ? c.plannedEnd - serverNow : null;
  const canScore = board.isMember && (c.state === 'in_progress' || c.state === 'ended');
  return (
    <Table.Tr data-testid={`review-row-${c.ticketNo}`}>
      <Table.Td>{c.ticketNo}</Table.Td>
      <Table.Td>
        <Group gap="xs" wrap="nowrap">
          {c.name}
          <ReviewMaterials panelId={board.panelId} candidateId={c.candidateId} ticketNo={c.ticketNo} />
        </Group>
      </Table.Td>
      <Table.Td>
        {t(`grading.review.states.${c.state}`)}
        {remaining !== null && (
          <Text span c={remaining <= 0 ? 'red' : undefined} ml="xs" ff="monospace" data-testid={`review-remaining-${c.ticketNo}`}>
            {remaining <= 0 ? t('grading.review.overtime') : mmss(remaining)}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        {canScore ? (
          <Group gap={4} wrap="nowrap">
            <NumberInput size="xs" w={90} min={0} max={100} step={0.5} clampBehavior="strict" value={value} onChange={(v) => setValue(typeof v === 'number' ? v : '')} aria-label={t('grading.review.myScore')} />
            <Button size="compact-xs" disabled={value === ''} loading={score.isPending} onClick={() => score.mutate()}>
              {t('grading.review.save')}
            </Button>
          </Group>
        ) : (
          (c.myScore ?? '—')
        )}
        {(score.isError || action.isError) && <ErrorAlert error={score.error ?? action.error} />}
      </Table.Td>
      <Table.Td>
        {c.finalScore !== null ? `${c.finalScore}（${c.passed ? t('grading.results.outcomes.passed') : t('grading.results.outcomes.failed')}）` : t('grading.review.scoredBy', { n: c.scoredBy, of: board.members.length })}
      </Table.Td>
      {board.isChair && (
        <Table.Td>
          <Group gap={4} wrap="nowrap">
            {c.state === 'waiting' && (
              <>
                <Button size="compact-xs" onClick={() => action.mutate('start')}>
                  {t('grading.review.start')}
                </Button>
                <Button size="compact-xs" variant="default" onClick={() => action.mutate('absent')}>
                  {t('grading.review.absent')}
                </Button>
              </>
            )}
            {c.state === 'in_progress' && (
              <Button size="compact-xs" color="orange" onClick={() => action.mutate('end')}>
                {t('grading.review.end')}
              </Button>
            )}
          </Group>
        </Table.Td>
      )}
    </Table.Tr>
  );
}
