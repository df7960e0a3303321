import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { remainingMs } from './clockOffset.ts';
import type { ExamController, ExamSnapshot } from './examController.ts';
import { announce, dueTimeWarning } from './notices.ts';

/** A wall-clock time of the server's clock, e.g. 11:32:05. */
function useFormatTime() {
  const { i18n } = useTranslation();
  return useMemo(() => {
    const format = new Intl.DateTimeFormat(i18n.language, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
    return (epochMs: number) => format.format(new Date(epochMs));
  }, [i18n.language]);
}

/** Said within seconds of losing the line (examController's watch), not after socket.io's 45 s timeout. */
export function ConnectionBanner({ connected }: { connected: boolean }) {
  const { t } = useTranslation();
  if (connected) return null;
  return (
    <Alert color="red" variant="filled" role="alert" title={t('examDay.connection.lostTitle')} data-testid="connection-lost" m="sm">
      {t('examDay.connection.lost')}
    </Alert>
  );
}

/** Extra time and the end of a pause, with the proctor's reason and the new end time; closed by the candidate. */
export function ProctorNotices({ controller, snapshot }: { controller: ExamController; snapshot: ExamSnapshot }) {
  const { t } = useTranslation();
  const formatTime = useFormatTime();
  return (
    <>
      {snapshot.notices.map((n) => (
        <Alert
          key={n.id}
          color="blue"
          m="sm"
          role="status"
          title={t(n.change === 'extended' ? 'examDay.notice.extendedTitle' : 'examDay.notice.resumedTitle')}
          data-testid={`notice-${n.change}`}
        >
          <div>
            {n.change === 'extended'
              ? t(n.paused ? 'examDay.notice.extendedPaused' : 'examDay.notice.extended', { minutes: n.minutes ?? 0, end: formatTime(n.deadline) })
              : t('examDay.notice.resumed', { end: formatTime(n.deadline) })}
          </div>
          {n.reason && <div data-testid="notice-reason">{t('examDay.notice.reason', { reason: n.reason })}</div>}
          <Group justify="flex-end" mt="xs">
            <Button size="xs" variant="light" onClick={() => controller.dismissNotice(n.id)} data-testid="notice-close">
              {t('examDay.notice.close')}
            </Button>
          </Group>
        </Alert>
      ))}
    </>
  );
}

/** Warns at 15, 5 and 1 minutes left (notices.ts); ticks on its own so the page does not re-render every second. */
export function TimeWarning({ deadline, offset, pausedAt }: { deadline: number | null; offset: number; pausedAt: number | null }) {
  const { t } = useTranslation();
  const [announced, setAnnounced] = useState<ReadonlySet<number>>(new Set());
  const [shown, setShown] = useState<{ minutes: number; exact: boolean } | null>(null);
  useEffect(() => {
    const check = () => {
      const left = deadline === null ? null : pausedAt !== null ? deadline - pausedAt : remainingMs(deadline, offset, Date.now());
      const due = dueTimeWarning(left, announced);
      if (due === null || left === null) return;
      setAnnounced(announce(announced, due));
      // Crossed while the page was open: "15 minutes left"; found already past on opening: "under 15".
      setShown({ minutes: due, exact: left > (due - 1) * 60_000 + 50_000 });
    };
    check();
    const timer = setInterval(check, 1000);
    return () => clearInterval(timer);
  }, [deadline, offset, pausedAt, announced]);
  if (!shown) return null;
  return (
    <Alert color="orange" m="sm" role="status" aria-live="polite" title={t('examDay.time.warningTitle')} withCloseButton onClose={() => setShown(null)} data-testid="time-warning" data-minutes={shown.minutes}>
      {t(shown.exact ? 'examDay.time.left' : 'examDay.time.leftUnder', { minutes: shown.minutes })}
    </Alert>
  );
}
