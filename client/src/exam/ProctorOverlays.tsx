import { Alert, Button, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ExamController, ExamSnapshot } from './examController.ts';
import classes from './exam.module.css';

/** Covers the paper while the proctor has paused the session: the clock is stopped and saves are refused. */
export function PausedCover({ reason, auto }: { reason: string | null; auto?: { total: number; pauseAfter: number } | null }) {
  const { t } = useTranslation();
  return (
    <div className={classes.pausedCover} role="alertdialog" aria-modal="true" aria-labelledby="paused-title" data-testid="exam-paused">
      <div className={classes.pausedBox}>
        <h2 id="paused-title">{t('proctor.candidate.pausedTitle')}</h2>
        <p>{t('proctor.candidate.paused')}</p>
        {/* The policy's own reason is English for the audit log; the candidate reads it worded. */}
        {auto ? <p data-testid="paused-auto">{t('examDay.notice.autoPaused', auto)}</p> : reason && <p>{t('proctor.candidate.pausedReason', { reason })}</p>}
      </div>
    </div>
  );
}

/** The oldest undismissed proctor message, shown until the candidate dismisses it. */
export function ProctorMessageDialog({ controller, snapshot }: { controller: ExamController; snapshot: ExamSnapshot }) {
  const { t } = useTranslation();
  const message = snapshot.messages[0];
  return (
    <Modal opened={!!message} onClose={() => message && controller.dismissMessage(message.id)} title={t('proctor.candidate.messageTitle')} centered withCloseButton={false} closeOnClickOutside={false}>
      {message && (
        <Stack>
          <Text data-testid="proctor-message" style={{ whiteSpace: 'pre-wrap' }}>
            {message.text}
          </Text>
          <Button onClick={() => controller.dismissMessage(message.id)} data-testid="proctor-message-dismiss">
            {t('proctor.candidate.dismiss')}
          </Button>
        </Stack>
      )}
    </Modal>
  );
}

/** A warning about a recorded browser signal; it does not block the paper. */
export function SignalWarningBanner({ controller, snapshot }: { controller: ExamController; snapshot: ExamSnapshot }) {
  const { t } = useTranslation();
  const w = snapshot.warning;
  if (!w) return null;
  return (
    <Alert color="orange" title={t('proctor.candidate.warningTitle')} withCloseButton onClose={() => controller.dismissWarning()} data-testid="signal-warning" m="sm">
      {t('proctor.candidate.warning', { kind: t(`proctor.incident.${w.kind}`), count: w.count })}
      {w.kind === 'copy_paste' && ` ${t(w.detail === 'paste' ? 'examDay.paste.blocked' : 'examDay.paste.copyBlocked')}`}
    </Alert>
  );
}

export function WaitingForProctor() {
  const { t } = useTranslation();
  return (
    <Alert color="blue" title={t('proctor.candidate.waitingTitle')} data-testid="exam-waiting" role="status" m="xl">
      {t('proctor.candidate.waiting')}
    </Alert>
  );
}

/**
 * One assertive live region, always in the page, for what the proctor does to the candidate: a
 * pause and a message are read out at once, whatever the screen reader was reading. Polite
 * regions (save state, time warnings) would wait; these must not.
 */
export function ProctorAnnouncer({ snapshot }: { snapshot: ExamSnapshot }) {
  const { t } = useTranslation();
  const message = snapshot.messages[0];
  const text =
    snapshot.pausedAt !== null
      ? `${t('proctor.candidate.pausedTitle')}. ${snapshot.pauseReason ? t('proctor.candidate.pausedReason', { reason: snapshot.pauseReason }) : ''}`
      : message
        ? `${t('proctor.candidate.messageTitle')}: ${message.text}`
        : '';
  return (
    <div aria-live="assertive" aria-atomic="true" className={classes.visuallyHidden} data-testid="proctor-announcer">
      {text}
    </div>
  );
}
