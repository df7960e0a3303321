import { useCallback, useEffect, useState } from 'react';
import { Alert, Anchor, Container, Stack } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { fetchOverview, overviewQueryKey } from '../api/candidate.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { NotFound } from '../components/NotFound.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { ExamInstructions } from './ExamInstructions.tsx';
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

function Exam({ sittingPartId, instructionsConfirmed }: { sittingPartId: number; instructionsConfirmed: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const state = useExamController(sittingPartId, instructionsConfirmed);
  const phase = state?.snapshot.phase;

  useEffect(() => {
    // The overview shows each part's status (and the logout button asks about a running part): stale once it starts or ends.
    if (phase === 'ready' || phase === 'ended') void queryClient.invalidateQueries({ queryKey: overviewQueryKey });
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
      return <SessionEnded endReason={snapshot.endReason} lateSync={snapshot.lateSync} />;
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

/**
 * A part not started yet shows the 考生须知 first; the exam (and its clock) starts only once they are
 * confirmed. Once in, the exam's state comes from its socket alone: the overview query stays with
 * PartEntry, so it is not fetched again whenever the network comes back (a whole room's pages at
 * once) and its answers never re-render the running exam.
 */
function PartGate({ sittingPartId }: { sittingPartId: number }) {
  const [entered, setEntered] = useState<{ confirmed: boolean } | null>(null);
  const enter = useCallback((confirmed: boolean) => setEntered({ confirmed }), []);
  if (entered) return <Exam sittingPartId={sittingPartId} instructionsConfirmed={entered.confirmed} />;
  return <PartEntry sittingPartId={sittingPartId} onEnter={enter} />;
}

/** The 考生须知 of a part not started yet; a part already started (a reload) goes straight in. */
function PartEntry({ sittingPartId, onEnter }: { sittingPartId: number; onEnter: (confirmed: boolean) => void }) {
  const overview = useQuery({ queryKey: overviewQueryKey, queryFn: fetchOverview });
  // Decided once: the overview refreshing while the instructions are read must not skip them.
  const [started, setStarted] = useState<boolean | null>(null);
  const part = overview.data?.parts.find((p) => p.sittingPartId === sittingPartId);
  useEffect(() => {
    if (started === null && part) setStarted(part.session !== null);
    else if (started) onEnter(false);
  }, [started, part, onEnter]);
  if (overview.isPending || (part && started !== false)) return <PageLoader />;
  if (overview.isError) return <Container py="xl"><ErrorAlert error={overview.error} /></Container>;
  if (!part) return <NotFound />;
  return <ExamInstructions overview={overview.data} part={part} onConfirm={() => onEnter(true)} />;
}

export default function ExamPage() {
  const { sittingPartId } = useParams();
  const id = Number(sittingPartId);
  if (!Number.isInteger(id) || id <= 0) return <NotFound />;
  // Keyed so moving to another part starts from a clean state.
  return <PartGate key={id} sittingPartId={id} />;
}
