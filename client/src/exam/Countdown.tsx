import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatHms, remainingMs } from './clockOffset.ts';
import classes from './exam.module.css';

const WARN_MS = 5 * 60_000;

/** Owns the one-second tick so only this small component re-renders every second. */
export function Countdown({ deadline, offset, pausedAt = null }: { deadline: number | null; offset: number; pausedAt?: number | null }) {
  const { t } = useTranslation();
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  // Paused: the server's clock for this candidate stands still at pausedAt.
  const left = deadline === null ? null : pausedAt !== null ? Math.max(0, deadline - pausedAt) : remainingMs(deadline, offset, now);
  const warn = left !== null && left < WARN_MS;
  return (
    <div className={classes.countdown} data-warning={warn || undefined}>
      <span className={classes.countdownLabel}>{t('exam.timeLeft')}</span>
      <span role="timer" data-testid="countdown" data-warning={warn ? 'true' : 'false'} className={classes.countdownValue}>
        {left === null ? '--:--:--' : formatHms(left)}
      </span>
      {left !== null && left <= 0 && <span className={classes.countdownLabel}>{t('exam.timeUp')}</span>}
    </div>
  );
}
