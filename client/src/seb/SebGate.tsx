import type { ReactNode } from 'react';
import { Alert, Anchor, Button, Container, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import type { CandidateOverview } from '@shared/api.ts';
import { fetchOverview, overviewQueryKey } from '../api/candidate.ts';
import { useSebRefusal } from './sebRefusal.ts';

/**
 * The candidate pages of a sitting that requires SEB: once the server refused this browser (not
 * SEB, or SEB with other settings), the page says so and how to get in, instead of an error.
 */
export function SebGate({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const refused = useSebRefusal();
  if (!refused) return <>{children}</>;
  const detail = refused.key === 'seb.missing' ? 'missing' : 'mismatch';
  return (
    <Container size="sm" py="xl">
      <Paper withBorder p="xl" radius="md" role="alert" data-testid="seb-refused" data-reason={detail}>
        <Stack>
          <Title order={2}>{t(detail === 'missing' ? 'sebExam.refusedTitle' : 'sebExam.mismatchTitle')}</Title>
          <Text>{t(`errors.detail.seb.${detail}`)}</Text>
          <Text c="dimmed">{t('sebExam.help')}</Text>
          <Button variant="light" onClick={() => location.reload()} w="fit-content">
            {t('sebExam.retry')}
          </Button>
          {refused.quitUrl && (
            <Anchor href={refused.quitUrl} data-testid="seb-quit-link">
              {t('sebExam.quitRefused')}
            </Anchor>
          )}
        </Stack>
      </Paper>
    </Container>
  );
}

/**
 * The sitting's quit URL once SEB may be quit: SEB is required, a quit URL is set, and every part
 * delivered online has ended (a part still to sit keeps the candidate in SEB).
 */
export function sebQuitUrlOf(overview: CandidateOverview | undefined): string | null {
  const quitUrl = overview?.seb?.quitUrl;
  if (!overview || !quitUrl) return null;
  return overview.parts.filter((p) => p.kind !== 'review' && p.itemCount > 0).every((p) => p.session?.status === 'ended') ? quitUrl : null;
}

/** The quit link wherever a candidate can end up finished (the submitted page); the overview query is refreshed when a part ends. */
export function SebQuitWhenDone() {
  const overview = useQuery({ queryKey: overviewQueryKey, queryFn: fetchOverview });
  const quitUrl = sebQuitUrlOf(overview.data);
  return quitUrl ? <SebQuitLink quitUrl={quitUrl} /> : null;
}

/** After the last submission: the sitting's quit URL ends SEB when opened. */
export function SebQuitLink({ quitUrl }: { quitUrl: string }) {
  const { t } = useTranslation();
  return (
    <Alert color="blue" data-testid="seb-quit">
      <Stack gap={4}>
        <Text size="sm">{t('sebExam.quitHint')}</Text>
        <Anchor href={quitUrl} data-testid="seb-quit-link">
          {t('sebExam.quit')}
        </Anchor>
      </Stack>
    </Alert>
  );
}
