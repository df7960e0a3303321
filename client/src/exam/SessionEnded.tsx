import { Anchor, Container, Paper, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { EndReason } from '@shared/domain.ts';
import type { LateSyncState } from './examController.ts';
import { LateSyncStatus } from './LateSyncNotices.tsx';
import { SebQuitWhenDone } from '../seb/SebGate.tsx';

export function SessionEnded({ endReason, lateSync = null }: { endReason: EndReason | null; lateSync?: LateSyncState | null }) {
  const { t } = useTranslation();
  const byReason: Partial<Record<EndReason, string>> = {
    submitted: t('ended.bySubmit'),
    deadline: t('ended.byDeadline'),
    force_submitted: t('proctor.candidate.endedForce'),
    violation: t('proctor.candidate.endedViolation'),
    absent: t('proctor.candidate.endedAbsent'),
  };
  const reason = (endReason && byReason[endReason]) ?? t('ended.unknown');
  return (
    <Container size="sm" py="xl">
      <Paper withBorder p="xl" radius="md" data-testid="session-ended" data-reason={endReason ?? 'unknown'}>
        <Stack align="center">
          <Title order={2}>{t('ended.title')}</Title>
          <Text data-testid="end-reason">{reason}</Text>
          <LateSyncStatus state={lateSync} />
          {/* Quitting SEB clears its browser data: not while answers made offline are still only in this browser. */}
          {lateSync?.status !== 'sending' && <SebQuitWhenDone />}
          <Anchor component={Link} to="/exam" data-testid="back-to-overview">
            {t('ended.back')}
          </Anchor>
        </Stack>
      </Paper>
    </Container>
  );
}
