import { useTranslation } from 'react-i18next';
import type { SessionView } from '@shared/events.ts';
import classes from './exam.module.css';

export const clockTime = (at: number) => new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/** Shown only with extra time: the standard end, the extra time (planned and given) and the candidate's own end. */
export function EndTimes({ view, deadline }: { view: SessionView; deadline: number | null }) {
  const { t } = useTranslation();
  const timing = view.timing;
  if (!timing || view.startedAt === null || deadline === null || timing.plannedExtraMinutes + timing.incidentExtraMinutes === 0) return null;
  return (
    <span className={classes.endTimes} data-testid="end-times">
      <span data-testid="standard-end">{t('a11y.time.standardEnd', { at: clockTime(view.startedAt + timing.durationMinutes * 60_000) })}</span>
      {timing.plannedExtraMinutes > 0 && <span data-testid="planned-extra"> · {t('a11y.time.planned', { n: timing.plannedExtraMinutes })}</span>}
      {timing.incidentExtraMinutes > 0 && <span> · {t('a11y.time.incident', { n: timing.incidentExtraMinutes })}</span>}
      <span data-testid="own-end"> · {t('a11y.time.ownEnd', { at: clockTime(deadline) })}</span>
    </span>
  );
}
