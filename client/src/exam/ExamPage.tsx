import { useEffect } from 'react';
import { Alert, Anchor, Container, Stack } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { overviewQueryKey } from '../api/candidate.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { NotFound } from '../components/NotFound.tsx';
import { ExamWorkspace } from './ExamWorkspace.tsx';
import { WaitingForProctor } from './ProctorOverlays.tsx';
import { SessionEnded } from './SessionEnded.tsx';
import { useExamController } from './useExamController.ts';
import classes from './exam.module.css';

function BackLink() {
  const { t } = useTranslation();
  return (
    <Anchor component={Link} to="/exam">
      {t('exam.backToOverview')}
    </Anchor>
  );
}

function Exam({ sittingPartId }: { sittingPartId: number }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const state = useExamController(sittingPartId);
  const phase = state?.snapshot.phase;

  useEffect(() => {
    // The overview shows each part's status; it is stale as soon as this session ends.
    if (phase === 'ended') void queryClient.invalidateQueries({ queryKey: overviewQueryKey });
  }, [phase, queryClient]);

  if (!state || state.snapshot.phase === 'connecting') {
    return (
      <p className={classes.connecting} role="status" data-testid="exam-connecting">
        {t('exam.connecting')}
      </p>
    );
  }
  const { controller, snapshot } = state;
  switch (snapshot.phase) {
    case 'waiting':
      return (
        <Container size="sm" py="xl">
          <WaitingForProctor />
        </Container>
      );
    case 'ended':
      return <SessionEnded endReason={snapshot.endReason} />;
    case 'replaced':
      return (
        <Container size="sm" py="xl">
          <Stack>
            <Alert color="orange" role="alert" data-testid="exam-replaced" title={t('exam.replacedTitle')}>
              {t('exam.replaced')}
            </Alert>
            <BackLink />
          </Stack>
        </Container>
      );
    case 'failed':
      return (
        <Container size="sm" py="xl">
          <Stack data-testid="exam-failed">
            <ErrorAlert error={snapshot.error} />
            <BackLink />
          </Stack>
        </Container>
      );
    case 'ready':
      return snapshot.view ? <ExamWorkspace controller={controller} snapshot={snapshot} view={snapshot.view} /> : null;
  }
}

export default function ExamPage() {
  const { sittingPartId } = useParams();
  const id = Number(sittingPartId);
  if (!Number.isInteger(id) || id <= 0) return <NotFound />;
  // Keyed so moving to another part starts from a clean state.
  return <Exam key={id} sittingPartId={id} />;
}
